from django.urls import path
from rest_framework.routers import SimpleRouter

from bianmin.attendance.api.views import EmptyWindowsView, LeaveViewSet, SignInView

router = SimpleRouter()
router.register("leave", LeaveViewSet, basename="leave")
urlpatterns = [
    path("attendance/sign-in/", SignInView.as_view(), name="attendance-sign-in"),
    path("attendance/empty-windows/", EmptyWindowsView.as_view(), name="attendance-empty-windows"),
    *router.urls,
]
