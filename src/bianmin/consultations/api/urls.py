from rest_framework.routers import SimpleRouter

from bianmin.consultations.api.views import ConsultationViewSet

router = SimpleRouter()
router.register("consultations", ConsultationViewSet, basename="consultation")
urlpatterns = router.urls
