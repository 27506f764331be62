from rest_framework.routers import SimpleRouter

from bianmin.archive.api import views

router = SimpleRouter()
router.register("archive/boxes", views.BoxViewSet, basename="archive-box")
router.register("archive/records", views.RecordViewSet, basename="archive-record")
router.register("archive/loans", views.LoanViewSet, basename="archive-loan")
router.register("archive/disposals", views.DisposalViewSet, basename="archive-disposal")
urlpatterns = router.urls
