"""The hall's booking pages (no account)."""

from django.urls import path

from bianmin.appointments import views_public

urlpatterns = [
    path("appointments/", views_public.book, name="appointments-book"),
    path("appointments/manage/", views_public.manage, name="appointments-manage"),
]
