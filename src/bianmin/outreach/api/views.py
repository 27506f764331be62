"""Market days and home visits over the API: lists and single rows, scoped like the pages (out of scope is
not found)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.text import row_id
from bianmin.outreach import selectors
from bianmin.outreach.api import serializers as s
from bianmin.outreach.filters import HomeVisitFilter, MarketDayFilter
from bianmin.outreach.models import HomeVisit, MarketDay


class _ViewPermission(permissions.BasePermission):
    """The model's view right (every role at a center has it; a user with no role sees nothing)."""

    perm = ""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm(self.perm))


class CanViewMarketDays(_ViewPermission):
    perm = "outreach.view_marketday"


class CanViewHomeVisits(_ViewPermission):
    perm = "outreach.view_homevisit"


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("赶场服务列表")),
    retrieve=extend_schema(summary=gettext_lazy("赶场服务"), responses=s.MarketDayDetailSerializer),
)
class MarketDayViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """Market-day events of the caller's center (county roles: the county's), latest first."""

    serializer_class = s.MarketDaySerializer
    filterset_class = MarketDayFilter
    permission_classes = [permissions.IsAuthenticated, CanViewMarketDays]

    def get_queryset(self) -> QuerySet[MarketDay]:
        return selectors.market_days(self.request.user).order_by("-date", "org__path", "place", "pk")

    def retrieve(self, request: Request, pk: str) -> Response:
        number = row_id(pk)
        event = selectors.market_day_for(request.user, number) if number is not None else None
        if event is None:
            raise DomainError("market_day_not_found", _("找不到该赶场活动"), kind="not_found")
        cases = selectors.market_day_cases(request.user, event).values_list("number", flat=True)
        return Response(s.MarketDayDetailSerializer(event, context={"cases": cases}).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("上门服务列表")),
    retrieve=extend_schema(summary=gettext_lazy("上门服务"), responses=s.HomeVisitDetailSerializer),
)
class HomeVisitViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """Home-visit requests of the caller's center (county roles: the county's); open ones first."""

    serializer_class = s.HomeVisitSerializer
    filterset_class = HomeVisitFilter
    permission_classes = [permissions.IsAuthenticated, CanViewHomeVisits]

    def get_queryset(self) -> QuerySet[HomeVisit]:
        return selectors.home_visits(self.request.user)

    def retrieve(self, request: Request, pk: str) -> Response:
        number = row_id(pk)
        visit = selectors.home_visit_for(request.user, number) if number is not None else None
        if visit is None:
            raise DomainError("home_visit_not_found", _("找不到该上门服务"), kind="not_found")
        cases = selectors.home_visit_cases(request.user, visit).values_list("number", flat=True)
        return Response(s.HomeVisitDetailSerializer(visit, context={"cases": cases}).data)
