from django.urls import path
from rest_framework.routers import SimpleRouter

from bianmin.performance.api.views import FinesView, RankingView, ScoreEntryViewSet

router = SimpleRouter()
router.register("performance/entries", ScoreEntryViewSet, basename="performance-entry")
urlpatterns = [
    path("performance/ranking/", RankingView.as_view(), name="api-performance-ranking"),
    path("performance/fines/", FinesView.as_view(), name="api-performance-fines"),
    *router.urls,
]
