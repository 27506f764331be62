from django.urls import path

from bianmin.workdays.api import views

urlpatterns = [
    path("workdays/add", views.AddWorkdaysView.as_view(), name="workdays-add"),
    path("workdays/between", views.WorkdaysBetweenView.as_view(), name="workdays-between"),
    path("workdays/is-workday", views.IsWorkdayView.as_view(), name="workdays-is-workday"),
]
