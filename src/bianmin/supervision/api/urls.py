from django.urls import path

from bianmin.supervision.api import views

urlpatterns = [
    path("supervision/board/", views.BoardView.as_view(), name="supervision-board-api"),
    path("supervision/cards/", views.CardListView.as_view(), name="supervision-cards-api"),
    path(
        "supervision/cards/<str:ref>/confirm/",
        views.CardDecisionView.as_view(decision="confirm"),
        name="supervision-card-confirm-api",
    ),
    path(
        "supervision/cards/<str:ref>/dismiss/",
        views.CardDecisionView.as_view(decision="dismiss"),
        name="supervision-card-dismiss-api",
    ),
]
