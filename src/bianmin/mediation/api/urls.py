from rest_framework.routers import SimpleRouter

from bianmin.mediation.api.views import MediationViewSet

router = SimpleRouter()
router.register("mediation", MediationViewSet, basename="mediation")
urlpatterns = router.urls
