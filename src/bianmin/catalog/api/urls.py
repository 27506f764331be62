from rest_framework.routers import SimpleRouter

from bianmin.catalog.api.views import ServiceItemViewSet

router = SimpleRouter()
router.register("items", ServiceItemViewSet, basename="item")
urlpatterns = router.urls
