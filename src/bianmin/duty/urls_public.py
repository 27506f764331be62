from django.urls import path

from bianmin.duty import views_public

urlpatterns = [
    path("stations/<str:code>/rota/", views_public.station_rota, name="duty-station-rota"),
]
