from django.urls import path
from rest_framework.routers import SimpleRouter

from bianmin.feedback.api.views import PublicRatingView, RatingViewSet

router = SimpleRouter()
router.register("ratings", RatingViewSet, basename="rating")
urlpatterns = [
    path("public/cases/<str:number>/rating/", PublicRatingView.as_view(), name="public-case-rating"),
    *router.urls,
]
