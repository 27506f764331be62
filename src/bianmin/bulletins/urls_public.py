"""The notices' public pages, mounted at the site's root like the hall's."""

from django.urls import path

from bianmin.bulletins import views_public

urlpatterns = [
    path("notices/<str:code>/", views_public.public_list, name="bulletins-public"),
    path("notices/<str:code>/<int:pk>/", views_public.public_detail, name="bulletins-public-detail"),
]
