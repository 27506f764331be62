from django.urls import path
from rest_framework.routers import SimpleRouter

from bianmin.fees.api.views import CloseDayView, EntryViewSet, PayableViewSet, ReconciliationView

router = SimpleRouter()
router.register("fees/payables", PayableViewSet, basename="fee-payable")
router.register("fees/entries", EntryViewSet, basename="fee-entry")
urlpatterns = [
    path("fees/reconciliation/", ReconciliationView.as_view(), name="fee-reconciliation"),
    path("fees/reconciliation/close/", CloseDayView.as_view(), name="fee-reconciliation-close"),
    *router.urls,
]
