from rest_framework.routers import SimpleRouter

from bianmin.orgs.api.views import OrgViewSet, WindowViewSet

router = SimpleRouter()
router.register("orgs", OrgViewSet, basename="org")
router.register("windows", WindowViewSet, basename="window")
urlpatterns = router.urls
