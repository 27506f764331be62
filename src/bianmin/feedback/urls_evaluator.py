"""The hall tablet's addresses (评价器): no account, the device cookie (see ``feedback.evaluator``)."""

from django.urls import path

from bianmin.feedback import views_evaluator

urlpatterns = [
    path("", views_evaluator.home, name="evaluator-home"),
    path("state/", views_evaluator.state, name="evaluator-state"),
    path("rate/", views_evaluator.submit, name="evaluator-rate"),
    path("pair/<str:secret>/", views_evaluator.pair, name="evaluator-pair"),
]
