from django.urls import path
from rest_framework.routers import SimpleRouter

from bianmin.attendance.api.views import LeaveViewSet, SignInView

router = SimpleRouter()
router.register("leave", LeaveViewSet, basename="leave")
urlpatterns = [path("attendance/sign-in/", SignInView.as_view(), name="attendance-sign-in"), *router.urls]
