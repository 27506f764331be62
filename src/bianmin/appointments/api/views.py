"""Appointments over the API.

Free slots (``GET /appointments/slots/``) are public, with a per-client view limit. ``POST
/public/appointments/`` books without an account (rate-limited per client). A booking is named by its
code: staff list, book by phone, cancel, move and check in (scoped like the pages: another center's
booking is not found); a citizen without an account cancels or moves with the code and the phone number
they booked with (wrong pairs limited per client).
"""

from __future__ import annotations

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

from bianmin.appointments import actions, public, selectors
from bianmin.appointments.api import serializers as s
from bianmin.appointments.filters import AppointmentFilter
from bianmin.appointments.models import Appointment, BookingChannel
from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.orgs.models import Org, Window
from bianmin.orgs.selectors import staff_of

# Without an account too: the schema says authentication is optional.
OPTIONAL_AUTH: Any = [{"tokenAuth": []}, {"cookieAuth": []}, {}]
PUBLIC_ACTIONS = {"slots", "cancel", "move"}


class AppointmentPermission(permissions.BasePermission):
    """Staff with the view right; the free slots for anyone; cancel and move for anyone (the view then asks
    a citizen for the phone number)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if getattr(view, "action", None) in PUBLIC_ACTIONS:
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("appointments.view_appointment"))


def _center(code: Any) -> Org:
    org = selectors.center_by_code(code)
    if org is None:
        raise DomainError("center_not_found", _("请选择便民服务中心"), kind="not_found")
    return org


def _item(org: Org, code: Any) -> Any:
    item = selectors.bookable_item(org, code)
    if item is None:
        raise DomainError("item_not_bookable", _("该事项在本中心不能预约"))
    return item


def _window(org: Org, code: Any) -> Window | None:
    if not code:
        return None
    window = Window.objects.filter(org=org, code=str(code)[:20], active=True).first()
    if window is None:
        raise DomainError("window_not_found", _("本中心没有这个窗口"))
    return window


def _is_staff(request: Request) -> bool:
    return bool(request.user.is_authenticated and request.user.has_perm("appointments.view_appointment"))


_SLOT_PARAMETERS = [
    OpenApiParameter("org", str, required=True, description=gettext_lazy("中心的区划代码")),
    OpenApiParameter("item", str, required=True, description=gettext_lazy("事项编码")),
    OpenApiParameter("date", str, required=True, description=gettext_lazy("日期，YYYY-MM-DD")),
]


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("预约列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("预约"), responses={200: s.AppointmentSerializer, **api_errors(404)}
    ),
)
class AppointmentViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """Bookings of the caller's center (county roles: the county's), by day and time."""

    serializer_class = s.AppointmentSerializer
    filterset_class = AppointmentFilter
    permission_classes = [AppointmentPermission]
    lookup_field = "code"
    lookup_value_regex = "[0-9A-Za-z]{1,8}"

    def get_queryset(self) -> QuerySet[Appointment]:
        if getattr(self, "swagger_fake_view", False) or not self.request.user.is_authenticated:
            return Appointment.objects.none()
        return selectors.appointments_for(self.request.user).order_by(
            "-date", "start", "window__number", "pk"
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "now": timezone.now()}

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action in PUBLIC_ACTIONS:
            return queryset
        return super().filter_queryset(queryset)

    def _scoped(self, code: str) -> Appointment:
        found = self.get_queryset().filter(code=str(code).upper()[:8]).first()
        if found is None:
            raise DomainError("appointment_not_found", _("找不到该预约"), kind="not_found")
        return found

    def retrieve(self, request: Request, code: str) -> Response:
        return Response(self.get_serializer(self._scoped(code)).data)

    def known_query_parameters(self) -> set[str]:
        if getattr(self, "action", None) == "slots":
            return {p.name for p in _SLOT_PARAMETERS} | {"format"}
        if getattr(self, "action", None) in PUBLIC_ACTIONS:
            return {"format"}
        return super().known_query_parameters()

    @extend_schema(
        parameters=_SLOT_PARAMETERS,
        responses={200: s.SlotDaySerializer, **api_errors(404, 429)},
        summary=gettext_lazy("可预约时段"),
        auth=OPTIONAL_AUTH,
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def slots(self, request: Request) -> Response:
        if not _is_staff(request):
            public.reserve_slots_view(request._request)
        params = request.query_params
        org = _center(params.get("org"))
        item = _item(org, params.get("item"))
        try:
            day = s.serializers.DateField().to_internal_value(params.get("date", ""))
        except s.serializers.ValidationError as exc:
            raise DomainError("invalid_date", _("请按 YYYY-MM-DD 指定日期"), field="date") from exc
        table = selectors.day_table(org, item, day, timezone.now())
        data = {"center": org.code, "item": item.code, "date": day, "bookable": bool(table), "slots": table}
        return Response(s.SlotDaySerializer(data).data)

    @extend_schema(
        request=s.StaffBookingInput,
        responses={201: s.AppointmentSerializer, **api_errors(403, 404, 409)},
        summary=gettext_lazy("为群众登记预约（电话/现场）"),
    )
    def create(self, request: Request) -> Response:
        body = s.StaffBookingInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data.get("center"):
            org = _center(data["center"])
        else:
            staff = staff_of(request.user)
            if staff is None:
                raise DomainError("center_not_found", _("请选择便民服务中心"), kind="not_found")
            org = staff.org
        appointment = actions.book(
            actor=request.user,
            org=org,
            item=_item(org, data["item"]),
            window=_window(org, data.get("window")),
            date=data["date"],
            start=data["start"],
            name=data["name"],
            phone=data["phone"],
            id_number=data["id_number"],
            channel=data["channel"],
        )
        return Response(self.get_serializer(appointment).data, status=status.HTTP_201_CREATED)

    def _citizen_or_staff(self, request: Request, code: str, phone: Any) -> tuple[Appointment, Any]:
        """(the booking, the acting user): staff act in their scope; anyone else names the phone number."""
        if _is_staff(request):
            return self._scoped(code), request.user
        return public.find_for_citizen(request._request, code, phone), None

    def _answer(self, request: Request, appointment: Appointment, staff: Any) -> Response:
        fresh = Appointment.objects.select_related("org", "window", "item").get(pk=appointment.pk)
        context = self.get_serializer_context()
        if staff is None:
            return Response(s.PublicAppointmentSerializer(fresh, context=context).data)
        return Response(s.AppointmentSerializer(fresh, context=context).data)

    @extend_schema(
        request=s.CancelInput,
        responses={200: s.AppointmentSerializer, **api_errors(403, 404, 409, 429)},
        summary=gettext_lazy("取消预约"),
        auth=OPTIONAL_AUTH,
        description=gettext_lazy(
            "工作人员按预约码取消；群众须同时提供预约时留的手机号。时段开始后不能取消。"
        ),
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, code: str) -> Response:
        body = s.CancelInput(data=request.data)
        body.is_valid(raise_exception=True)
        appointment, staff = self._citizen_or_staff(request, code, body.validated_data.get("phone"))
        actions.cancel(appointment, actor=staff, note=body.validated_data["note"])
        return self._answer(request, appointment, staff)

    @extend_schema(
        request=s.MoveInput,
        responses={200: s.AppointmentSerializer, **api_errors(403, 404, 409, 429)},
        summary=gettext_lazy("改约"),
        auth=OPTIONAL_AUTH,
        description=gettext_lazy("改到本中心同一事项的另一时段，预约码不变；群众须提供预约时留的手机号。"),
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, code: str) -> Response:
        body = s.MoveInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        appointment, staff = self._citizen_or_staff(request, code, data.get("phone"))
        window = _window(appointment.org, data.get("window")) if staff is not None else None
        actions.move(appointment, actor=staff, date=data["date"], start=data["start"], window=window)
        return self._answer(request, appointment, staff)

    @extend_schema(
        request=None,
        responses={200: s.AppointmentSerializer, **api_errors(403, 404, 409)},
        summary=gettext_lazy("预约到达签到"),
    )
    @action(detail=True, methods=["post"])
    def check_in(self, request: Request, code: str) -> Response:
        appointment = self._scoped(code)
        actions.check_in(appointment.code, timezone.now(), actor=request.user)
        return self._answer(request, appointment, request.user)


class PublicBookingView(KnownQueryParameters, APIView):
    """网上预约 without an account: every post counts against the client's limit, accepted or refused."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=s.PublicBookingInput,
        responses={201: s.PublicAppointmentSerializer, **api_errors(403, 404, 409, 429)},
        summary=gettext_lazy("网上预约(公众)"),
        description=gettext_lazy(
            "选择事项、日期和时段，填写姓名、手机号和身份证号码；成功后返回预约码，并发送预约短信。"
            "近期多次预约未到的，暂停网上预约(code 为 booking_blocked)。"
        ),
    )
    def post(self, request: Request) -> Response:
        # Counted before the body is even read: a refused post counts as much as an accepted one.
        public.reserve_booking(request._request)
        body = s.PublicBookingInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        org = _center(data["center"])
        appointment = actions.book(
            actor=None,
            org=org,
            item=_item(org, data["item"]),
            date=data["date"],
            start=data["start"],
            name=data["name"],
            phone=data["phone"],
            id_number=data["id_number"],
            channel=BookingChannel.ONLINE,
        )
        context = {"now": timezone.now()}
        return Response(
            s.PublicAppointmentSerializer(appointment, context=context).data, status=status.HTTP_201_CREATED
        )
