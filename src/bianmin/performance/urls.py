from django.urls import path

from bianmin.performance import views, views_fines, views_tables

urlpatterns = [
    path("performance/", views.ranking_page, name="performance-ranking"),
    path("performance/entries/", views.entries_page, name="performance-entries"),
    path("performance/entries/new/", views.manual_new, name="performance-manual"),
    path("performance/entries/<int:pk>/<str:decision>/", views.decide, name="performance-decide"),
    path("performance/fines/", views_fines.fines_page, name="performance-fines"),
    path("performance/score/", views.score, name="performance-score"),
    path("performance/table/<str:kind>/", views_tables.table_page, name="performance-table"),
]
