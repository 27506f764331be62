from rest_framework.routers import SimpleRouter

from bianmin.duty.api.views import MeetingViewSet, RosterViewSet

router = SimpleRouter()
router.register("rosters", RosterViewSet, basename="roster")
router.register("meetings", MeetingViewSet, basename="meeting")
urlpatterns = router.urls
