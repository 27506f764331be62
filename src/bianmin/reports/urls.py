from django.urls import URLPattern, URLResolver, path

from bianmin.reports import views, views_dashboard

urlpatterns: list[URLPattern | URLResolver] = [
    path("reports/", views.statistics_page, name="reports-statistics"),
    path("reports/cases/", views.drill_page, name="reports-drill"),
    path("reports/dashboard/", views_dashboard.dashboard_page, name="reports-dashboard"),
]
