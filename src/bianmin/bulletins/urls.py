"""The notices' counter pages, mounted under /counter/."""

from django.urls import path

from bianmin.bulletins import views

urlpatterns = [
    path("bulletins/", views.bulletin_list, name="bulletins"),
    path("bulletins/new/", views.bulletin_new, name="bulletins-new"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletins-detail"),
    path("bulletins/<int:pk>/publish/", views.bulletin_publish, name="bulletins-publish"),
    path("bulletins/<int:pk>/withdraw/", views.bulletin_withdraw, name="bulletins-withdraw"),
]
