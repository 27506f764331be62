from django.urls import path

from bianmin.appointments import views

urlpatterns = [
    path("appointments/", views.day_list, name="appointments-day"),
    path("appointments/new/", views.book_for_citizen, name="appointments-new"),
]
