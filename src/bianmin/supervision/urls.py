from django.urls import path

from bianmin.supervision import views

urlpatterns = [
    path("supervision/", views.board, name="supervision-board"),
    path("supervision/counts/", views.board_counts, name="supervision-counts"),
    path("supervision/rejections/", views.flag_rejection, name="supervision-flag-rejection"),
    path("supervision/cases/<str:level>/", views.level_cases, name="supervision-level-cases"),
    path("supervision/cards/<str:ref>/<str:decision>/", views.decide, name="supervision-decide"),
]
