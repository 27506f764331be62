"""``GET /api/v1/reports/statistics/`` (the table) and ``…/statistics/cases/`` (the cases behind a number):
the same selector as the page and the exports."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.cases.models import Case
from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.periods import Period, parse_period
from bianmin.lib.schema import api_errors
from bianmin.orgs.models import Org
from bianmin.reports import selectors
from bianmin.reports.api import serializers as s
from bianmin.reports.figures import BREAKDOWNS, COLUMNS


class CanViewStatistics(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("reports.view_statistics"))


ORG = OpenApiParameter(
    "org", OpenApiTypes.STR, description="division code of a county, town center or village station in scope"
)
PERIOD = OpenApiParameter(
    "period",
    OpenApiTypes.STR,
    description="YYYY-MM, YYYY-Qn or YYYY",
    required=True,
    pattern=r"^[1-9][0-9]{3}(-(0[1-9]|1[0-2])|-Q[1-4])?$",
)
BY = OpenApiParameter("by", OpenApiTypes.STR, enum=list(BREAKDOWNS), description="breakdown (default total)")
FIGURE = OpenApiParameter(
    "figure",
    OpenApiTypes.STR,
    required=True,
    enum=[c.code for c in COLUMNS if c.drillable],
    description="column code",
)
KEY = OpenApiParameter(
    "key", OpenApiTypes.STR, description="the row's key (absent or 'total': the total row)"
)


def _asked(request: Request) -> tuple[Org, Period, str]:
    period = parse_period(request.query_params.get("period", ""))
    by = request.query_params.get("by") or "total"
    selectors.check_breakdown(by)
    org = selectors.statistics_org(request.user, request.query_params.get("org"))
    return org, period, by


class StatisticsView(KnownQueryParameters, APIView):
    """The statistics table (figures defined in ``bianmin.reports.figures``); 400 ``bad_period`` /
    ``bad_breakdown``, 404 ``org_not_found``, 403 ``out_of_scope``."""

    permission_classes = [permissions.IsAuthenticated, CanViewStatistics]
    query_parameters = [ORG, PERIOD, BY]

    @extend_schema(
        summary=gettext_lazy("办件统计表"),
        parameters=[ORG, PERIOD, BY],
        responses={200: s.StatisticsSerializer, **api_errors(400, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        org, period, by = _asked(request)
        table = selectors.statistics(org, period, by, today=timezone.localdate())
        return Response(table.to_json())


class StatisticsCasesView(KnownQueryParameters, generics.ListAPIView):
    """The cases behind one number of the table, newest first, applicants' names masked; 400 ``bad_figure``
    for a figure that has no cases behind it (a rate, complaints, consultations)."""

    permission_classes = [permissions.IsAuthenticated, CanViewStatistics]
    serializer_class = s.DrillCaseSerializer
    query_parameters = [ORG, PERIOD, BY, FIGURE, KEY]

    @extend_schema(
        summary=gettext_lazy("统计数字对应的办件"),
        parameters=[ORG, PERIOD, BY, FIGURE, KEY],
        responses={200: s.DrillCaseSerializer(many=True), **api_errors(400, 403, 404)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Case]:
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn without a request's parameters
            return Case.objects.none()
        org, period, by = _asked(self.request)
        params = self.request.query_params
        cases = selectors.drill(
            org, period, params.get("figure", ""), params.get("key"), by, today=timezone.localdate()
        )
        return cases.select_related("org", "item", "window")
