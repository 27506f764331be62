from django.urls import path
from rest_framework.routers import SimpleRouter

from bianmin.appointments.api.views import AppointmentViewSet, PublicBookingView

router = SimpleRouter()
router.register("appointments", AppointmentViewSet, basename="appointment")
urlpatterns = [
    path("public/appointments/", PublicBookingView.as_view(), name="public-appointment"),
    *router.urls,
]
