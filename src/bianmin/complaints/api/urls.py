from django.urls import path
from rest_framework.routers import SimpleRouter

from bianmin.complaints.api.views import ComplaintViewSet, OpinionViewSet, ReplyPdfView

router = SimpleRouter()
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("opinions", OpinionViewSet, basename="opinion")
urlpatterns = [
    path("complaints/<int:pk>/reply.pdf", ReplyPdfView.as_view(), name="complaint-reply-pdf"),
    *router.urls,
]
