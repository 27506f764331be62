"""The hall's public pages of complaints and opinions (included by ``bianmin.hall.urls``)."""

from django.urls import path

from bianmin.complaints import views_public

urlpatterns = [
    path("complaint/", views_public.complaint_form, name="hall-complaint"),
    path("opinion/", views_public.opinion_form, name="hall-opinion"),
    path("opinions/", views_public.answers, name="hall-opinions"),
]
