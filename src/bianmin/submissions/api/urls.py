from django.urls import path
from rest_framework.routers import SimpleRouter

from bianmin.submissions.api.views import CalendarView, SubmissionViewSet

router = SimpleRouter()
router.register("reports/submissions", SubmissionViewSet, basename="report-submission")
urlpatterns = [
    path("reports/calendar/", CalendarView.as_view(), name="api-report-calendar"),
    *router.urls,
]
