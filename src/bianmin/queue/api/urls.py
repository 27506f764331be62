from django.urls import path
from rest_framework.routers import SimpleRouter

from bianmin.queue.api import views

router = SimpleRouter()
router.register("queue/tickets", views.TicketViewSet, basename="queue-ticket")
urlpatterns = [
    path("queue/check_in/", views.CheckInView.as_view(), name="queue-check-in"),
    path("queue/call_next/", views.CallNextView.as_view(), name="queue-call-next"),
    path("queue/recall/", views.RecallView.as_view(), name="queue-recall"),
    path("queue/skip/", views.SkipView.as_view(), name="queue-skip"),
    path("queue/transfer/", views.TransferView.as_view(), name="queue-transfer"),
    path("queue/finish/", views.FinishView.as_view(), name="queue-finish"),
    path("queue/figures/", views.FiguresView.as_view(), name="queue-figures-api"),
    path("queue/display/<str:org>/", views.DisplayView.as_view(), name="queue-display"),
    *router.urls,
]
