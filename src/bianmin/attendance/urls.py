from django.urls import path

from bianmin.attendance import views, views_leave

urlpatterns = [
    path("attendance/", views.sign_in_page, name="attendance-sign-in"),
    path("attendance/windows/", views.windows_page, name="attendance-windows"),
    path("attendance/alerts/<int:pk>/acknowledge/", views.acknowledge, name="attendance-alert-acknowledge"),
    path("attendance/<str:step>/", views.sign_in_step, name="attendance-step"),
    path("leave/", views_leave.leave_list, name="attendance-leave"),
    path("leave/<int:pk>/", views_leave.leave_detail, name="attendance-leave-detail"),
    path("leave/<int:pk>/<str:step>/", views_leave.leave_step, name="attendance-leave-step"),
]
