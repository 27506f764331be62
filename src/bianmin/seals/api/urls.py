from rest_framework.routers import SimpleRouter

from bianmin.seals.api import views

router = SimpleRouter()
router.register("seals", views.SealViewSet, basename="seal")
router.register("seal-requests", views.SealRequestViewSet, basename="seal-request")
router.register("seal-uses", views.SealUseViewSet, basename="seal-use")
router.register("seal-attempts", views.SealAttemptViewSet, basename="seal-attempt")
urlpatterns = router.urls
