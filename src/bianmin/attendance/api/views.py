"""Sign-in and leave over the API; refusals answer ``{"code", "detail"}`` like every endpoint."""

from __future__ import annotations

import re
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

from bianmin.attendance import actions, selectors
from bianmin.attendance.api import serializers as s
from bianmin.attendance.filters import LeaveFilter
from bianmin.attendance.models import LeaveRequest
from bianmin.attendance.selectors_cover import alerts_for, cover_now, window_staffing
from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.periods import month_start, parse_period
from bianmin.lib.schema import api_errors
from bianmin.lib.text import row_id
from bianmin.orgs.models import Org
from bianmin.orgs.scope import check_scope
from bianmin.orgs.selectors import staff_of


class SignInView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=s.SignInInput,
        responses={201: s.SignInSerializer, 200: s.SignInSerializer, **api_errors(400, 403, 409)},
        summary=gettext_lazy("签到"),
        description=gettext_lazy("按服务器时间签到本时段(上午/下午)；out 为 true 时签退。"),
    )
    def post(self, request: Request) -> Response:
        body = s.SignInInput(data=request.data)
        body.is_valid(raise_exception=True)
        now = timezone.now()
        if body.validated_data["out"]:
            return Response(s.SignInSerializer(actions.sign_out(request.user, now)).data)
        row = actions.sign_in(request.user, now)
        return Response(s.SignInSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("请假列表")),
    retrieve=extend_schema(summary=gettext_lazy("请假申请")),
)
class LeaveViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """The caller's own leave, and their center's for those who see or approve it; latest first. Filters
    (state, kind, staff, month) are the leave page's."""

    serializer_class = s.LeaveSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = LeaveFilter

    def get_queryset(self) -> QuerySet[LeaveRequest]:
        return selectors.leaves_for(self.request.user).order_by("-start_day", "-pk")

    def _one(self, pk: Any) -> LeaveRequest:
        number = row_id(pk)
        leave = self.get_queryset().filter(pk=number).first() if number is not None else None
        if leave is None:
            raise DomainError("leave_not_found", _("找不到该请假"), kind="not_found")
        return leave

    @extend_schema(
        request=s.LeaveInput,
        responses={201: s.LeaveSerializer, **api_errors(400, 403)},
        summary=gettext_lazy("请假申请"),
    )
    def create(self, request: Request) -> Response:
        body = s.LeaveInput(data=request.data)
        body.is_valid(raise_exception=True)
        leave = actions.request_leave(request.user, now=timezone.now(), **body.validated_data)
        return Response(self.get_serializer(leave).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ApproveInput,
        responses={200: s.LeaveSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("批准请假"),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        body = s.ApproveInput(data=request.data)
        body.is_valid(raise_exception=True)
        leave = actions.approve_leave(request.user, self._one(pk), now=timezone.now(), **body.validated_data)
        return Response(self.get_serializer(leave).data)

    @extend_schema(
        request=s.RefuseInput,
        responses={200: s.LeaveSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("不批准请假"),
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str) -> Response:
        body = s.RefuseInput(data=request.data)
        body.is_valid(raise_exception=True)
        leave = actions.refuse_leave(request.user, self._one(pk), now=timezone.now(), **body.validated_data)
        return Response(self.get_serializer(leave).data)

    def _step(self, request: Request, pk: str, run: Any) -> Response:
        body = s.LeaveNoteInput(data=request.data)
        body.is_valid(raise_exception=True)
        leave = run(request.user, self._one(pk), now=timezone.now(), note=body.validated_data["note"])
        return Response(self.get_serializer(leave).data)

    @extend_schema(
        request=s.LeaveNoteInput,
        responses={200: s.LeaveSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("撤回请假"),
        description=gettext_lazy("请假人撤回尚未审批的请假。"),
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, actions.withdraw_leave)

    @extend_schema(
        request=s.LeaveNoteInput,
        responses={200: s.LeaveSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("取消请假"),
        description=gettext_lazy("请假人取消已批准但尚未开始的请假。"),
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, actions.cancel_leave)

    @extend_schema(
        request=s.LeaveNoteInput,
        responses={200: s.LeaveSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("提前销假"),
        description=gettext_lazy("审批人结束正在休的请假，请假保留到当前半天为止。"),
    )
    @action(detail=True, methods=["post"], url_path="end-early")
    def end_early(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, actions.end_leave_early)


CENTER = OpenApiParameter(
    "center", OpenApiTypes.STR, description="division code of a center in scope (default: the caller's)"
)
MONTH = OpenApiParameter(
    "month",
    OpenApiTypes.STR,
    description="YYYY-MM (default: this month)",
    pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$",
)


class CanViewAttendance(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("attendance.view_attendance"))


class EmptyWindowsView(KnownQueryParameters, APIView):
    """空岗: the center's windows now (who serves each, which are empty, derived live from attendance), the
    month's recorded 空岗提醒 and per-window half days staffed and empty (窗口不空岗)."""

    permission_classes = [permissions.IsAuthenticated, CanViewAttendance]
    query_parameters = [CENTER, MONTH]

    @extend_schema(
        summary=gettext_lazy("空岗窗口"),
        parameters=[CENTER, MONTH],
        responses={200: s.EmptyWindowsSerializer, **api_errors(400, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        now = timezone.now()
        today = timezone.localdate(now)
        org = self._center(request)
        month = request.query_params.get("month")
        if month is None:
            first, last = month_start(today), today
        else:
            if not re.fullmatch(r"20\d{2}-(0[1-9]|1[0-2])", month):
                raise DomainError("bad_month", _("月份格式应为 YYYY-MM"))
            period = parse_period(month)
            first, last = period.first, min(period.last, today)
        moment, covers = cover_now(org, now)
        body = {
            "center": org.code,
            "at": moment.now,
            "period": moment.period,
            "windows": [
                {
                    "window": c.window.code,
                    "name": c.window.name,
                    "number": c.window.number,
                    "empty": c.empty,
                    "serving": c.serving.staff.name if c.serving else None,
                    "holders": [
                        {
                            "post": p.post,
                            "staff": p.staff.name,
                            "state": presence.state,
                            "label": presence.label,
                            "note": presence.note,
                        }
                        for p, presence in c.holders
                    ],
                }
                for c in covers
            ],
            "empty": [c.window.code for c in covers if c.empty],
            "month": f"{first:%Y-%m}",
            "alerts": alerts_for(request.user, first, max(first, last)).filter(org=org),
            "staffing": (
                window_staffing(org, first, last, now=now, windows=[c.window for c in covers])
                if first <= last
                else []
            ),
        }
        return Response(s.EmptyWindowsSerializer(body).data)

    def _center(self, request: Request) -> Org:
        code = request.query_params.get("center")
        if code is None:
            staff = staff_of(request.user)
            if staff is None:
                raise DomainError("center_required", _("请指定中心"))
            return staff.org
        org = Org.objects.filter(code=str(code)[:12]).first()
        if org is None:
            raise DomainError("center_not_found", _("找不到该中心"), kind="not_found")
        check_scope(request.user, org.pk, "center_not_found", _("找不到该中心"))
        return org
