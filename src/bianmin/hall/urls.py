from django.urls import path

from bianmin.hall import views

urlpatterns = [
    path("progress/", views.progress, name="hall-progress"),
    path("rate/<str:number>/", views.rate, name="hall-rate"),
]
