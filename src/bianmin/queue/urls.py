"""The counter's queue pages."""

from django.urls import path

from bianmin.queue import views

urlpatterns = [
    path("queue/", views.counter, name="queue-counter"),
    path("queue/figures/", views.figures, name="queue-figures"),
    path("queue/<str:step>/", views.counter_act, name="queue-counter-act"),
]
