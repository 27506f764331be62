"""The hall's queue pages (no account): kiosk, ticket, hall screen."""

from django.urls import path

from bianmin.queue import views_public

urlpatterns = [
    path("queue/kiosk/<str:code>/", views_public.kiosk, name="queue-kiosk"),
    path("queue/kiosk/<str:code>/take/", views_public.take, name="queue-take"),
    path("queue/kiosk/<str:code>/check-in/", views_public.check_in, name="queue-check-in-page"),
    path("queue/ticket/<str:token>/", views_public.ticket, name="queue-ticket"),
    path("queue/ticket/<str:token>/pdf/", views_public.ticket_pdf, name="queue-ticket-pdf"),
    path("queue/screen/<str:code>/", views_public.screen, name="queue-screen"),
]
