"""The queue over the API.

``POST /queue/tickets/`` takes a number: from a kiosk without an account (rate-limited per client) or by a
clerk. ``POST /queue/check_in/`` checks an appointment in and gives its priority ticket (rate-limited too).
The counter's calls name the window by its code in the clerk's center: ``call_next``, ``recall``, ``skip``,
``transfer`` and ``finish``. ``GET /queue/display/{org}/`` is the hall screen's feed: with ``?version=N`` of
its last answer it says only ``changed: false`` (one query) until something happens.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.orgs.models import Org, Window
from bianmin.orgs.selectors import staff_of
from bianmin.queue import actions, public, selectors
from bianmin.queue.api import serializers as s
from bianmin.queue.models import Ticket

OPTIONAL_AUTH: Any = [{"tokenAuth": []}, {"cookieAuth": []}, {}]


def _center(code: Any) -> Org:
    org = selectors.center(code)
    if org is None:
        raise DomainError("center_not_found", _("找不到该中心"), kind="not_found")
    return org


def _is_staff(request: Request) -> bool:
    return bool(request.user.is_authenticated and request.user.has_perm(actions.ISSUE))


def _fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_related(
        "org", "business_type", "window", "target_window", "appointment"
    ).get(pk=ticket.pk)


def _ticket_answer(ticket: Ticket, code: int = status.HTTP_200_OK) -> Response:
    fresh = _fresh(ticket)
    context = {"ahead": {fresh.pk: selectors.ahead_of(fresh)}}
    return Response(s.TicketSerializer(fresh, context=context).data, status=code)


class CounterPermission(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(actions.CALL))


def _window(request: Request, code: Any) -> Window:
    staff = staff_of(request.user)
    window = (
        Window.objects.filter(org_id=staff.org_id, code=str(code)[:20], active=True).first()
        if staff
        else None
    )
    if window is None:
        raise DomainError("window_not_found", _("找不到该窗口"), kind="not_found")
    return window


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("排队号列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("排队号"), responses={200: s.TicketSerializer, **api_errors(404)}
    ),
)
class TicketViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """Tickets of the caller's center (newest first); taking a number is open to kiosks."""

    serializer_class = s.TicketSerializer

    def get_permissions(self) -> list[Any]:
        if getattr(self, "action", None) == "create":
            return [permissions.AllowAny()]
        return [_ViewTickets()]

    def get_queryset(self) -> QuerySet[Ticket]:
        if getattr(self, "swagger_fake_view", False) or not self.request.user.is_authenticated:
            return Ticket.objects.none()
        return selectors.tickets_for(self.request.user).select_related("org", "appointment")

    @extend_schema(
        request=s.TicketInput,
        responses={201: s.TicketSerializer, **api_errors(403, 404, 429)},
        summary=gettext_lazy("取号"),
        auth=OPTIONAL_AUTH,
        description=gettext_lazy("取号机（无需登录，按客户端限制频率）或工作人员为群众取号。"),
    )
    def create(self, request: Request) -> Response:
        staff = _is_staff(request)
        if not staff:
            public.reserve_ticket(request._request)
        body = s.TicketInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        ticket = actions.issue(
            org=_center(data["center"]),
            business_type=data["business_type"],
            priority=data["priority"],
            actor=request.user if staff else None,
        )
        return _ticket_answer(ticket, status.HTTP_201_CREATED)


class _ViewTickets(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("queue.view_ticket"))


class CheckInView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request=s.CheckInInput,
        responses={201: s.TicketSerializer, **api_errors(404, 409, 429)},
        summary=gettext_lazy("预约签到取号"),
        auth=OPTIONAL_AUTH,
    )
    def post(self, request: Request) -> Response:
        staff = _is_staff(request)
        if not staff:
            public.reserve_ticket(request._request)
        body = s.CheckInInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        ticket = actions.check_in(
            org=_center(data["center"]),
            code=data["code"].strip().upper(),
            actor=request.user if staff else None,
        )
        return _ticket_answer(ticket, status.HTTP_201_CREATED)


class _CounterView(APIView):
    permission_classes = [CounterPermission]
    input_class: type[s.WindowInput] = s.WindowInput

    def act(self, request: Request, window: Window, data: dict[str, Any]) -> Ticket:
        raise NotImplementedError

    def post(self, request: Request) -> Response:
        body = self.input_class(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        return _ticket_answer(self.act(request, _window(request, data["window"]), data))


def _counter_schema(summary: Any, input_class: Any = s.WindowInput) -> Any:
    return extend_schema(
        request=input_class, responses={200: s.TicketSerializer, **api_errors(403, 404, 409)}, summary=summary
    )


class CallNextView(_CounterView):
    @_counter_schema(gettext_lazy("叫下一个号（本窗口正在办理的号随之办结）"))
    def post(self, request: Request) -> Response:
        return super().post(request)

    def act(self, request: Request, window: Window, data: dict[str, Any]) -> Ticket:
        return actions.call_next(actor=request.user, window=window)


class RecallView(_CounterView):
    @_counter_schema(gettext_lazy("重呼"))
    def post(self, request: Request) -> Response:
        return super().post(request)

    def act(self, request: Request, window: Window, data: dict[str, Any]) -> Ticket:
        return actions.recall(actor=request.user, window=window)


class SkipView(_CounterView):
    @_counter_schema(gettext_lazy("过号"))
    def post(self, request: Request) -> Response:
        return super().post(request)

    def act(self, request: Request, window: Window, data: dict[str, Any]) -> Ticket:
        return actions.skip(actor=request.user, window=window)


class FinishView(_CounterView):
    @_counter_schema(gettext_lazy("办理完毕"))
    def post(self, request: Request) -> Response:
        return super().post(request)

    def act(self, request: Request, window: Window, data: dict[str, Any]) -> Ticket:
        return actions.finish(actor=request.user, window=window)


class TransferView(_CounterView):
    input_class = s.TransferInput

    @_counter_schema(gettext_lazy("转窗口"), s.TransferInput)
    def post(self, request: Request) -> Response:
        return super().post(request)

    def act(self, request: Request, window: Window, data: dict[str, Any]) -> Ticket:
        return actions.transfer(actor=request.user, window=window, to_window=data["to"])


_VERSION = OpenApiParameter(
    "version", int, required=False, description=gettext_lazy("上次收到的版本号；未变化时只返回 changed=false")
)


class DisplayView(KnownQueryParameters, APIView):
    """The hall screen's feed (public, like the screen itself)."""

    permission_classes = [permissions.AllowAny]
    query_parameters = [_VERSION]

    @extend_schema(
        parameters=[_VERSION],
        responses={200: s.DisplaySerializer, **api_errors(404, 429)},
        summary=gettext_lazy("叫号屏数据"),
        auth=OPTIONAL_AUTH,
    )
    def get(self, request: Request, org: str) -> Response:
        center = _center(org)
        known = request.query_params.get("version", "")
        version = selectors.board_version(center.pk)
        if known.isdigit() and len(known) < 20 and int(known) == version:
            return Response(
                {"center": center.code, "name": center.name, "version": version, "changed": False}
            )
        public.reserve_display(request._request)
        board = selectors.display(center, timezone.now())
        return Response(s.DisplaySerializer(s.display_data(center, board)).data)


_FIGURE_PARAMETERS = [
    OpenApiParameter("org", str, required=False, description=gettext_lazy("中心区划代码；默认本人所在中心")),
    OpenApiParameter(
        "start", OpenApiTypes.DATE, required=False, description=gettext_lazy("开始日期，默认结束日期前 6 天")
    ),
    OpenApiParameter(
        "end", OpenApiTypes.DATE, required=False, description=gettext_lazy("结束日期，默认今天")
    ),
]


class FiguresView(KnownQueryParameters, APIView):
    """Per window and day: tickets, served, skipped, average wait and service minutes (the figures page's
    selector), for a center the caller sees."""

    permission_classes = [_ViewTickets]
    query_parameters = _FIGURE_PARAMETERS

    @extend_schema(
        parameters=_FIGURE_PARAMETERS,
        responses={200: s.WindowDaySerializer(many=True), **api_errors(400, 403, 404)},
        summary=gettext_lazy("各窗口每日等候与办理时长"),
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        if any(name in params and not params[name] for name in ("start", "end")):
            # the page's empty fields mean "the default"; an API client that sends ?start= made a mistake
            raise DomainError("invalid_range", _("开始日期和结束日期不能为空"))
        org = selectors.figures_center(request.user, params.get("org"))
        if org is None:
            raise DomainError("center_not_found", _("找不到该中心"), kind="not_found")
        days = selectors.figure_range(params.get("start"), params.get("end"), timezone.localdate())
        if days is None:
            raise DomainError(
                "invalid_range", _("日期范围不正确（最多 %(days)d 天）") % {"days": selectors.FIGURE_DAYS_MAX}
            )
        rows = selectors.window_day_figures(org, *days)
        return Response(s.WindowDaySerializer(rows, many=True).data)
