from rest_framework.routers import SimpleRouter

from bianmin.outreach.api.views import HomeVisitViewSet, MarketDayViewSet

router = SimpleRouter()
router.register("market-days", MarketDayViewSet, basename="market-day")
router.register("home-visits", HomeVisitViewSet, basename="home-visit")
urlpatterns = router.urls
