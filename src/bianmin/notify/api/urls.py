from django.urls import path
from rest_framework.routers import SimpleRouter

from bianmin.notify.api.views import (
    InboxViewSet,
    MessageViewSet,
    OptOutViewSet,
    TemplateListView,
    TemplateView,
)

router = SimpleRouter()
router.register("notify/messages", MessageViewSet, basename="notify-message")
router.register("notify/inbox", InboxViewSet, basename="notify-inbox")
router.register("notify/opt-outs", OptOutViewSet, basename="notify-optout")
urlpatterns = [
    path("notify/templates/", TemplateListView.as_view(), name="notify-templates"),
    path("notify/templates/<str:kind>/", TemplateView.as_view(), name="notify-template"),
    *router.urls,
]
