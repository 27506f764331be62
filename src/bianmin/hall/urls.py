from django.urls import include, path

from bianmin.hall import views, views_apply, views_guide, views_progress, views_screen, views_seals
from bianmin.lib.public_urls import PROGRESS_PATH, RATE_PATH

urlpatterns = [
    path("", views.home, name="hall-home"),
    path("large-text/", views.large_text, name="hall-large-text"),
    path("guide/", views_guide.guide, name="hall-guide"),
    path("guide/sample/<int:pk>/", views_guide.sample, name="hall-sample"),
    path("guide/<str:code>/", views_guide.item_page, name="hall-item"),
    path("guide/<str:code>/card/", views_guide.card, name="hall-card"),
    path("apply/done/", views_apply.applied, name="hall-applied"),
    path("apply/<str:code>/", views_apply.apply, name="hall-apply"),
    path(PROGRESS_PATH, views_progress.progress, name="hall-progress"),
    path(RATE_PATH, views_progress.rate, name="hall-rate"),
    path("screen/<str:code>/", views_screen.screen, name="hall-screen"),
    path("staff-photo/<int:pk>/", views_screen.staff_photo, name="hall-staff-photo"),
    path("seals/<str:code>/", views_seals.seals, name="hall-seals"),
    path("", include("bianmin.complaints.urls_public")),
]
