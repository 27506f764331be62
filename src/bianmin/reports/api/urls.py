from django.urls import URLPattern, URLResolver, path

from bianmin.reports.api.views import StatisticsCasesView, StatisticsView
from bianmin.reports.api.views_gbt import GbtExportView

urlpatterns: list[URLPattern | URLResolver] = [
    path("reports/statistics/", StatisticsView.as_view(), name="api-reports-statistics"),
    path("reports/statistics/cases/", StatisticsCasesView.as_view(), name="api-reports-statistics-cases"),
    path("reports/gbt39046/", GbtExportView.as_view(), name="api-reports-gbt39046"),
]
