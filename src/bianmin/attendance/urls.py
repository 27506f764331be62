from django.urls import path

from bianmin.attendance import views

urlpatterns = [
    path("attendance/", views.sign_in_page, name="attendance-sign-in"),
    path("attendance/<str:step>/", views.sign_in_step, name="attendance-step"),
    path("leave/", views.leave_list, name="attendance-leave"),
    path("leave/<int:pk>/<str:step>/", views.leave_step, name="attendance-leave-step"),
]
