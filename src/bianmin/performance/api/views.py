"""The assessment over the API: the ranking of a month, quarter or year, and the score entries the caller
may see (their own; a director's or supervisor's: everyone's of their center and its stations)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.orgs.models import Org
from bianmin.performance import selectors
from bianmin.performance.api import serializers as s
from bianmin.performance.filters import ScoreEntryFilter
from bianmin.performance.models import ScoreEntry
from bianmin.performance.periods import parse_period


class CanViewScores(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("performance.view_scoreentry"))


@extend_schema_view(list=extend_schema(summary=gettext_lazy("考核记分列表")))
class ScoreEntryViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ScoreEntrySerializer
    filterset_class = ScoreEntryFilter
    permission_classes = [permissions.IsAuthenticated, CanViewScores]

    def get_queryset(self) -> QuerySet[ScoreEntry]:
        return selectors.visible_entries(self.request.user).order_by("-day", "-pk")


PERIOD = OpenApiParameter(
    "period",
    OpenApiTypes.STR,
    description="YYYY-MM, YYYY-Qn or YYYY",
    required=True,
    pattern=r"^[1-9][0-9]{3}(-(0[1-9]|1[0-2])|-Q[1-4])?$",
)
CENTER = OpenApiParameter("center", OpenApiTypes.STR, description="division code of a center in scope")


class RankingView(KnownQueryParameters, APIView):
    """Scores (base + approved entries) per staff member and window, best first, with the year's best N,
    the quarter's service stars and the bottom ones to rectify."""

    permission_classes = [permissions.IsAuthenticated, CanViewScores]
    query_parameters = [PERIOD, CENTER]

    @extend_schema(
        summary=gettext_lazy("考核排名"),
        parameters=[PERIOD, CENTER],
        responses={200: s.RankingSerializer, **api_errors(404)},
    )
    def get(self, request: Request) -> Response:
        period = parse_period(request.query_params.get("period", ""))
        org_id = None
        if code := request.query_params.get("center"):
            org_id = Org.objects.filter(code=code).values_list("pk", flat=True).first()
            if org_id is None or org_id not in selectors.scope_org_ids(request.user):
                raise DomainError("center_not_found", _("找不到该中心"), kind="not_found")
        org_ids = selectors.ranking_org_ids(request.user, org_id)
        return Response(s.RankingSerializer(selectors.ranking(org_ids, period)).data)
