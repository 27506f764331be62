"""Ratings over the API: the list (scoped like the pages), one rating, the statistics, and the citizen's
public rating with the query code.

The rectification's steps and the supervisor's finding go through the same actions as the rating's page
(``feedback.rectification``, ``feedback.actions.exclude_rating``), which hold every rule and permission:
``POST /ratings/{id}/rectification/assign/`` (supervisor), ``…/measures/`` and ``…/call/`` (the owner or a
leader), ``…/check/`` (supervisor or director), ``POST /ratings/{id}/exclude/`` (supervisor), and the
numbered 整改通知书 at ``GET /ratings/{id}/rectification/pdf/``. A rating the caller may not read is not
found (404); one they may read but not act on is forbidden (403, code ``forbidden``).
"""

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
from bianmin.feedback import rectification, selectors
from bianmin.feedback.actions import exclude_rating, rate
from bianmin.feedback.api import serializers as s
from bianmin.feedback.filters import RatingFilter
from bianmin.feedback.models import Rating, RatingChannel
from bianmin.feedback.notice import rectification_pdf as notice_pdf
from bianmin.feedback.stats import parse_period, stats_payload
from bianmin.lib.api import KnownQueryParameters, PDFRenderer
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.lib.text import row_id


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


# What every step answers besides 200: a body the schema refuses or a rule it cannot state (400), a step the
# caller's role may not take (403), a rating out of reach (404), a rating without a rectification or one
# already checked, a rating already found malicious or mistaken (409).
STEP_ERRORS = api_errors(400, 403, 404, 409)
# Steps neither page nor list nor filter: no query parameter but ``format``.
STEP: dict[str, Any] = {"detail": True, "methods": ["post"], "filter_backends": [], "pagination_class": None}


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("评价列表")),
    retrieve=extend_schema(
        responses={200: s.RatingDetailSerializer, **api_errors(404)}, summary=gettext_lazy("评价")
    ),
)
class RatingViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """Ratings the caller may read (a clerk: their own), newest first, with the rectification's status;
    one rating with its whole rectification, and the steps of that rectification."""

    serializer_class = s.RatingSerializer
    filterset_class = RatingFilter
    permission_classes = [permissions.IsAuthenticated, CanViewRatings]

    def get_queryset(self) -> QuerySet[Rating]:
        return selectors.visible_ratings(self.request.user).order_by("-created_at", "-pk")

    def _one(self, pk: Any) -> Rating:
        number = row_id(pk)
        rating = selectors.rating_detail(self.request.user, number) if number is not None else None
        if rating is None:
            raise DomainError("rating_not_found", _("找不到该评价"), kind="not_found")
        return rating

    def _detail(self, rating: Rating) -> Response:
        context = {**self.get_serializer_context(), "rect": selectors.rectification_of(rating)}
        return Response(s.RatingDetailSerializer(rating, context=context).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._one(pk))

    def _act(self, request: Request, pk: str, input_class: Any, run: Any) -> Response:
        """Read the body, find the rating in the caller's reach, take the step, answer the rating anew."""
        body = input_class(data=request.data)
        body.is_valid(raise_exception=True)
        run(self._one(pk), body.validated_data, timezone.now())
        return self._detail(self._one(pk))

    @extend_schema(
        request=s.AssignOwnerInput,
        responses={200: s.RatingDetailSerializer, **STEP_ERRORS},
        summary=gettext_lazy("指派整改责任人"),
        description=gettext_lazy("监察人员指派本中心在职工作人员为整改责任人；已核实办结的整改不能再指派。"),
    )
    @action(**STEP, url_path="rectification/assign", url_name="rectification-assign")
    def rectification_assign(self, request: Request, pk: str) -> Response:
        def run(rating: Rating, data: dict[str, Any], now: dt.datetime) -> None:
            rect = rectification.of_rating(rating)
            owner = selectors.owner_choices(rect.org_id).filter(pk=data["owner"]).first()
            rectification.assign_owner(rect, actor=request.user, owner=owner, now=now)

        return self._act(request, pk, s.AssignOwnerInput, run)

    @extend_schema(
        request=s.MeasuresInput,
        responses={200: s.RatingDetailSerializer, **STEP_ERRORS},
        summary=gettext_lazy("填报整改措施"),
        description=gettext_lazy("整改责任人或中心领导填报整改措施，整改转为“已整改待核实”。"),
    )
    @action(**STEP, url_path="rectification/measures", url_name="rectification-measures")
    def rectification_measures(self, request: Request, pk: str) -> Response:
        def run(rating: Rating, data: dict[str, Any], now: dt.datetime) -> None:
            rect = rectification.of_rating(rating)
            rectification.record_measures(rect, actor=request.user, measures=data["measures"], now=now)

        return self._act(request, pk, s.MeasuresInput, run)

    @extend_schema(
        request=s.FollowUpCallInput,
        responses={200: s.RatingDetailSerializer, **STEP_ERRORS},
        summary=gettext_lazy("登记回访"),
        description=gettext_lazy(
            "整改责任人或中心领导登记回访群众的记录；回访日期不早于评价日、不晚于今天(code invalid_date)。"
        ),
    )
    @action(**STEP, url_path="rectification/call", url_name="rectification-call")
    def rectification_call(self, request: Request, pk: str) -> Response:
        def run(rating: Rating, data: dict[str, Any], now: dt.datetime) -> None:
            rectification.record_call(
                rectification.of_rating(rating),
                actor=request.user,
                called_on=data["called_on"],
                response=data["response"],
                satisfied=data["satisfied"],
                now=now,
            )

        return self._act(request, pk, s.FollowUpCallInput, run)

    @extend_schema(
        request=s.CheckInput,
        responses={200: s.RatingDetailSerializer, **STEP_ERRORS},
        summary=gettext_lazy("核实整改"),
        description=gettext_lazy(
            "监察人员或中心主任在整改措施填报并回访群众后核实办结(code not_rectified、call_required)。"
        ),
    )
    @action(**STEP, url_path="rectification/check", url_name="rectification-check")
    def rectification_check(self, request: Request, pk: str) -> Response:
        def run(rating: Rating, data: dict[str, Any], now: dt.datetime) -> None:
            rect = rectification.of_rating(rating)
            rectification.close_rectification(rect, actor=request.user, note=data["note"], now=now)

        return self._act(request, pk, s.CheckInput, run)

    @extend_schema(
        request=s.ExcludeInput,
        responses={200: s.RatingDetailSerializer, **STEP_ERRORS},
        summary=gettext_lazy("认定恶意评价或误评"),
        description=gettext_lazy(
            "监察人员认定评价为恶意评价或误评并写明理由：评价保留，不计入统计，未完成的整改随之结束。"
        ),
    )
    @action(**STEP)
    def exclude(self, request: Request, pk: str) -> Response:
        def run(rating: Rating, data: dict[str, Any], now: dt.datetime) -> None:
            exclude_rating(rating, actor=request.user, kind=data["kind"], reason=data["reason"], now=now)

        return self._act(request, pk, s.ExcludeInput, run)

    @extend_schema(
        responses={(200, "application/pdf"): bytes},
        summary=gettext_lazy("整改通知书(PDF)"),
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="rectification/pdf",
        url_name="rectification-pdf",
        renderer_classes=[PDFRenderer],
        filter_backends=[],
        pagination_class=None,
    )
    def rectification_pdf(self, request: Request, pk: str) -> Response:
        """The numbered 整改通知书 of the rating's rectification (002 天彭镇: 下发整改通知书，限期整改), as
        the rating's page offers it."""
        rect = selectors.rectification_of(self._one(pk))
        if rect is None:
            raise DomainError("no_rectification", _("该评价无需整改"), kind="not_found")
        disposition = f'inline; filename="rectification-{rect.pk}.pdf"'
        return Response(notice_pdf(rect), headers={"Content-Disposition": disposition})

    def known_query_parameters(self) -> set[str]:
        names = super().known_query_parameters()
        # No action: a method the route does not take, which is answered 405 right after, whatever it asked.
        if self.action in ("stats", None):
            names |= {p.name for p in STATS_PARAMETERS}
        return names

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
