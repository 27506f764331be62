from django.urls import path

from bianmin.duty import views_meetings, views_roster, views_rotation

urlpatterns = [
    path("duty/", views_roster.roster_month, name="duty-roster"),
    path("duty/generate/", views_roster.roster_generate, name="duty-roster-generate"),
    path("duty/rotation/", views_rotation.rotation_page, name="duty-rotation"),
    path("duty/<str:org_code>/<str:day>/<str:kind>/", views_roster.roster_day, name="duty-roster-day"),
    path("meetings/", views_meetings.meeting_list, name="duty-meetings"),
    path("meetings/<int:pk>/", views_meetings.meeting_page, name="duty-meeting"),
    path("meetings/<int:pk>/minutes-file/", views_meetings.minutes_file, name="duty-meeting-minutes-file"),
]
