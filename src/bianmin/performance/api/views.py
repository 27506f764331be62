"""The assessment over the API: the ranking of a month, quarter or year, and the score entries the caller
may see (their own; a director's or supervisor's: everyone's of their center and its stations)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError, require_permission
from bianmin.lib.periods import parse_period
from bianmin.lib.schema import api_errors
from bianmin.lib.text import row_id
from bianmin.orgs.models import Org, Staff
from bianmin.performance import actions, selectors
from bianmin.performance.api import serializers as s
from bianmin.performance.filters import ScoreEntryFilter
from bianmin.performance.models import ScoreEntry


class CanViewScores(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("performance.view_scoreentry"))


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("考核记分列表")),
    retrieve=extend_schema(summary=gettext_lazy("考核记分")),
)
class ScoreEntryViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """Score entries the caller sees; a manual entry recorded with its evidence (人工登记) and the director's
    approval or refusal, by the same actions as the pages."""

    serializer_class = s.ScoreEntrySerializer
    filterset_class = ScoreEntryFilter
    permission_classes = [permissions.IsAuthenticated, CanViewScores]

    def get_queryset(self) -> QuerySet[ScoreEntry]:
        return selectors.visible_entries(self.request.user).order_by("-day", "-pk")

    def _fresh(self, pk: int) -> ScoreEntry:
        return selectors.visible_entries(self.request.user).get(pk=pk)

    @extend_schema(
        request=s.ManualEntryInput,
        responses={201: s.ScoreEntrySerializer, **api_errors(400, 403, 404)},
        summary=gettext_lazy("登记考核记分"),
    )
    def create(self, request: Request) -> Response:
        body = s.ManualEntryInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        require_permission(request.user, "performance.record_manual_score", _("您没有登记考核记分的权限"))
        staff = (
            Staff.objects.filter(
                org_id__in=selectors.ranking_org_ids(request.user), user__username=data["staff"]
            )
            .select_related("org")
            .first()
        )
        if staff is None:
            raise DomainError("staff_not_found", _("找不到该工作人员"), kind="not_found")
        entry = actions.record_manual(
            actor=request.user,
            org=staff.org,
            staff=staff,
            rule_code=data["rule"],
            day=data["day"],
            evidence=data["evidence"],
            now=timezone.now(),
            kind=data["table_kind"],
        )
        return Response(self.get_serializer(self._fresh(entry.pk)).data, status=status.HTTP_201_CREATED)

    def _decide(self, request: Request, pk: str, approve: bool) -> Response:
        body = s.ScoreDecisionInput(data=request.data)
        body.is_valid(raise_exception=True)
        number = row_id(pk)
        if number is None:
            raise DomainError("not_found", _("考核记分不存在"), kind="not_found")
        entry = actions.decide(
            actor=request.user,
            entry_id=number,
            approve=approve,
            note=body.validated_data["note"],
            now=timezone.now(),
        )
        return Response(self.get_serializer(self._fresh(entry.pk)).data)

    @extend_schema(
        request=s.ScoreDecisionInput,
        responses={200: s.ScoreEntrySerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("认定考核记分"),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._decide(request, pk, approve=True)

    @extend_schema(
        request=s.ScoreDecisionInput,
        responses={200: s.ScoreEntrySerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("不认定考核记分"),
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str) -> Response:
        return self._decide(request, pk, approve=False)


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


MONTH = OpenApiParameter(
    "period",
    OpenApiTypes.STR,
    description="YYYY-MM",
    required=True,
    pattern=r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$",
)


class FinesView(KnownQueryParameters, APIView):
    """A month's cash fines (003 太湖乡 第十八–二十一条) per staff member, each with its rule and source and the
    total in 元, at the centers (and stations) that use a fines table that month; a director or supervisor
    sees everyone's, anyone else their own."""

    permission_classes = [permissions.IsAuthenticated, CanViewScores]
    query_parameters = [MONTH, CENTER]

    @extend_schema(
        summary=gettext_lazy("月度罚款"),
        parameters=[MONTH, CENTER],
        responses={200: s.FinesSerializer, **api_errors(400, 404)},
    )
    def get(self, request: Request) -> Response:
        period = selectors.month_period(request.query_params.get("period"))
        org_id = None
        if code := request.query_params.get("center"):
            org_id = Org.objects.filter(code=code).values_list("pk", flat=True).first()
            if org_id is None or org_id not in selectors.scope_org_ids(request.user):
                raise DomainError("center_not_found", _("找不到该中心"), kind="not_found")
        org_ids = selectors.ranking_org_ids(request.user, org_id)
        return Response(s.FinesSerializer(selectors.fines(request.user, org_ids, period)).data)
