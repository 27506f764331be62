"""Sign-in and leave over the API; refusals answer ``{"code", "detail"}`` like every endpoint."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.attendance import actions, selectors
from bianmin.attendance.api import serializers as s
from bianmin.attendance.models import LeaveRequest
from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors


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


def _pk(raw: Any) -> int | None:
    text = str(raw)
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("请假列表")),
    retrieve=extend_schema(summary=gettext_lazy("请假申请")),
)
class LeaveViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """The caller's own leave, and their center's for those who see or approve it; latest first."""

    serializer_class = s.LeaveSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[LeaveRequest]:
        return selectors.leaves_for(self.request.user).order_by("-start_day", "-pk")

    def _one(self, pk: Any) -> LeaveRequest:
        number = _pk(pk)
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
