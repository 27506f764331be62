"""Ratings over the API: the list (scoped like the pages), one rating, the statistics, and the citizen's
public rating with the query code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.cases.public import find_for_citizen
from bianmin.feedback import selectors
from bianmin.feedback.actions import rate
from bianmin.feedback.api import serializers as s
from bianmin.feedback.filters import RatingFilter
from bianmin.feedback.models import Rating, RatingChannel
from bianmin.feedback.stats import parse_period, stats_payload
from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors


class CanViewRatings(permissions.BasePermission):
    """Every rating role may list (a clerk: their own); the statistics are for those who see all."""

    def has_permission(self, request: Request, view: Any) -> bool:
        perm = (
            "feedback.view_all_ratings"
            if getattr(view, "action", None) == "stats"
            else "feedback.view_rating"
        )
        return bool(request.user and request.user.has_perm(perm))


STATS_PARAMETERS = [
    OpenApiParameter("start", dt.date, description=gettext_lazy("统计起始日（含），默认本月 1 日")),
    OpenApiParameter("end", dt.date, description=gettext_lazy("统计截止日（含），默认本月末")),
    OpenApiParameter("by", str, enum=["window", "staff"], description=gettext_lazy("按窗口或按工作人员")),
    OpenApiParameter("center", str, description=gettext_lazy("中心编码（县级用户）")),
]


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("评价列表")),
    retrieve=extend_schema(summary=gettext_lazy("评价")),
)
class RatingViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """Ratings the caller may read (a clerk: their own), newest first, with the rectification's status."""

    serializer_class = s.RatingSerializer
    filterset_class = RatingFilter
    permission_classes = [permissions.IsAuthenticated, CanViewRatings]

    def get_queryset(self) -> QuerySet[Rating]:
        return selectors.visible_ratings(self.request.user).order_by("-created_at", "-pk")

    def retrieve(self, request: Request, pk: str) -> Response:
        number = int(pk) if pk.isascii() and pk.isdigit() and len(pk) <= 18 else None
        rating = self.get_queryset().filter(pk=number).first() if number is not None else None
        if rating is None:
            raise DomainError("rating_not_found", _("找不到该评价"), kind="not_found")
        return Response(self.get_serializer(rating).data)

    def known_query_parameters(self) -> set[str]:
        names = super().known_query_parameters()
        return names | {p.name for p in STATS_PARAMETERS} if self.action == "stats" else names

    @extend_schema(
        parameters=STATS_PARAMETERS,
        responses={200: s.StatsSerializer, **api_errors(400)},
        summary=gettext_lazy("评价统计：各等级评价数与满意度"),
        filters=False,
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def stats(self, request: Request) -> Response:
        """Counts by level and 满意度 per window or staff member over a period (002 天彭镇: 纪委 counts weekly
        and rates monthly); malicious and mistaken ratings are left out."""
        period = parse_period(request.user, request.query_params, today=timezone.localdate())
        return Response(stats_payload(period))


class PublicRatingView(APIView):
    """一事一评 for a citizen without an account: number + query code, once per case; wrong codes are limited
    per client like the progress lookup."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    query_parameters = [
        OpenApiParameter(
            "code", str, required=True, pattern=r"^[0-9]{6}$", description=gettext_lazy("回执上的 6 位查询码")
        )
    ]

    @extend_schema(
        parameters=query_parameters,
        request=s.PublicRatingInput,
        responses={201: s.PublicRatingSerializer, **api_errors(400, 404, 409, 429)},
        summary=gettext_lazy("群众评价办件(公众)"),
    )
    def post(self, request: Request, number: str) -> Response:
        unknown = sorted(set(request.query_params) - {"code"})
        if unknown:
            raise DomainError(
                "unknown_parameter", _("没有这个查询参数：%(names)s") % {"names": "、".join(unknown)}
            )
        code = str(request.query_params.get("code", "")).strip()
        case = find_for_citizen(request._request, number, code)
        data = request.data if isinstance(request.data, dict) else {}
        channel = RatingChannel.MOBILE
        rating = rate(case, level=data.get("level"), comment=data.get("comment", ""), channel=channel)
        rect = getattr(rating, "rectification", None) if rating.is_bad else None
        body = {
            "case": case.number,
            "occasion": rating.occasion,
            "level": rating.level,
            "level_label": str(rating.get_level_display()),
            "channel": rating.channel,
            "created_at": rating.created_at,
            "rectification_deadline": rect.deadline if rect else None,
        }
        return Response(s.PublicRatingSerializer(body).data, status=status.HTTP_201_CREATED)
