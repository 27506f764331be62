"""The disclosure's public pages, mounted at the site's root like the hall's."""

from django.urls import path

from bianmin.disclosure import views

urlpatterns = [
    path("disclosure/<str:code>/", views.disclosure, name="disclosure-quarter"),
]
