"""The hall's big screen (大屏) of a center's figures, public beside the hall's other wall screens."""

from django.urls import path

from bianmin.reports import views_dashboard

urlpatterns = [
    path("screen/<str:code>/dashboard/", views_dashboard.screen, name="reports-screen"),
]
