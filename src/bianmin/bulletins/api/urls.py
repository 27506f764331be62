from django.urls import path
from rest_framework.routers import SimpleRouter

from bianmin.bulletins.api.views import BulletinViewSet, PublicBulletinsView

router = SimpleRouter()
router.register("bulletins", BulletinViewSet, basename="bulletin")

urlpatterns = [
    path("public/bulletins/<str:org>/", PublicBulletinsView.as_view(), name="public-bulletins"),
    *router.urls,
]
