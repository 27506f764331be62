from django.urls import path

from bianmin.duty import views_meetings, views_roster

urlpatterns = [
    path("duty/", views_roster.roster_month, name="duty-roster"),
    path("duty/generate/", views_roster.roster_generate, name="duty-roster-generate"),
    path("duty/<str:org_code>/<str:day>/<str:kind>/", views_roster.roster_day, name="duty-roster-day"),
    path("meetings/", views_meetings.meeting_list, name="duty-meetings"),
    path("meetings/<int:pk>/", views_meetings.meeting_page, name="duty-meeting"),
]
