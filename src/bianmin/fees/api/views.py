"""The collection window over the API.

``GET/POST /fees/payables/`` lists the payables in scope (the ledger is harvested first, so a case just
accepted is there) and raises one by hand for a case number. ``POST /fees/payables/{id}/pay|waive|refund|
void/`` add ledger rows. ``GET /fees/entries/`` is the ledger. ``GET /fees/reconciliation/?org=&date=`` is a
center's day; ``POST /fees/reconciliation/close/`` closes it with the deposit and its bank slip.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.fees import actions, selectors
from bianmin.fees.api import serializers as s
from bianmin.fees.filters import EntryFilter, PayableFilter
from bianmin.fees.models import Entry, Payable
from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.lib.text import row_id


class CanViewFees(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("fees.view_payable"))


def _payable_answer(request: Request, pk: int, code: int = status.HTTP_200_OK) -> Response:
    row = selectors.payables(request.user).get(pk=pk)
    return Response(s.PayableSerializer(row).data, status=code)


def _entry_answer(request: Request, entry: Entry) -> Response:
    row = selectors.entries(request.user).get(pk=entry.pk)
    return Response(s.EntrySerializer(row).data, status=status.HTTP_201_CREATED)


def _step(summary: Any, body: Any) -> Any:
    return extend_schema(
        summary=summary, request=body, responses={201: s.EntrySerializer, **api_errors(400, 403, 404, 409)}
    )


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("应缴款列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("应缴款"), responses={200: s.PayableSerializer, **api_errors(404)}
    ),
    create=extend_schema(
        summary=gettext_lazy("开具应缴款"),
        request=s.RaiseInput,
        responses={201: s.PayableSerializer, **api_errors(400, 403, 404, 409)},
    ),
)
class PayableViewSet(KnownQueryParameters, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Payables of the caller's center (county roles: the county's), latest first."""

    serializer_class = s.PayableSerializer
    filterset_class = PayableFilter
    permission_classes = [permissions.IsAuthenticated, CanViewFees]

    def get_queryset(self) -> QuerySet[Payable]:
        if getattr(self, "swagger_fake_view", False):
            return Payable.objects.none()
        return selectors.payables(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actions.harvest_all()
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, pk: str) -> Response:
        number = row_id(pk)
        row = selectors.payable_for(request.user, number) if number is not None else None
        if row is None:
            raise DomainError("payable_not_found", _("找不到该应缴款"), kind="not_found")
        return Response(self.get_serializer(row).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = s.RaiseInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        actions.harvest_all()
        payable = actions.raise_payable(
            actor=request.user, case_number=data["case"], amount=data.get("amount")
        )
        return _payable_answer(request, payable.pk, status.HTTP_201_CREATED)

    def _target(self, pk: str) -> int:
        number = row_id(pk)
        if number is None:
            raise DomainError("payable_not_found", _("找不到该应缴款"), kind="not_found")
        return number

    @_step(gettext_lazy("收款（现金、银行卡或扫码，开具票据）"), s.PayInput)
    @action(detail=True, methods=["post"])
    def pay(self, request: Request, pk: str) -> Response:
        body = s.PayInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        entry = actions.pay(
            actor=request.user,
            payable=self._target(pk),
            method=data["method"],
            amount=data.get("amount"),
            reference=data.get("reference", ""),
        )
        return _entry_answer(request, entry)

    @_step(gettext_lazy("减免（须经中心主任批准）"), s.WaiveInput)
    @action(detail=True, methods=["post"])
    def waive(self, request: Request, pk: str) -> Response:
        body = s.WaiveInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        entry = actions.waive(
            actor=request.user, payable=self._target(pk), category=data["category"], reason=data["reason"]
        )
        return _entry_answer(request, entry)

    @_step(gettext_lazy("退款"), s.RefundInput)
    @action(detail=True, methods=["post"])
    def refund(self, request: Request, pk: str) -> Response:
        body = s.RefundInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        entry = actions.refund(
            actor=request.user,
            payable=self._target(pk),
            amount=data["amount"],
            reason=data["reason"],
            payment=data.get("payment"),
        )
        return _entry_answer(request, entry)

    @_step(gettext_lazy("作废当日收款"), s.VoidInput)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str) -> Response:
        body = s.VoidInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        entry = actions.void(
            actor=request.user, payable=self._target(pk), payment=data["payment"], reason=data["reason"]
        )
        return _entry_answer(request, entry)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("收费流水")),
    retrieve=extend_schema(
        summary=gettext_lazy("一笔收费流水"), responses={200: s.EntrySerializer, **api_errors(404)}
    ),
)
class EntryViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """The ledger of the caller's center: payments, refunds, voids and waivers, latest first."""

    serializer_class = s.EntrySerializer
    filterset_class = EntryFilter
    permission_classes = [permissions.IsAuthenticated, CanViewFees]

    def get_queryset(self) -> QuerySet[Entry]:
        if getattr(self, "swagger_fake_view", False):
            return Entry.objects.none()
        return selectors.entries(self.request.user)

    def retrieve(self, request: Request, pk: str) -> Response:
        number = row_id(pk)
        row = selectors.entry_for(request.user, number) if number is not None else None
        if row is None:
            raise DomainError("entry_not_found", _("找不到该笔流水"), kind="not_found")
        return Response(self.get_serializer(row).data)


_DAY_PARAMETERS = [
    OpenApiParameter("org", str, required=False, description=gettext_lazy("中心区划代码；默认本人所在中心")),
    OpenApiParameter("date", OpenApiTypes.DATE, required=False, description=gettext_lazy("日期，默认今天")),
]


class ReconciliationView(KnownQueryParameters, APIView):
    """日终对账: a center's day — expected, collected by method and by collector, deposited."""

    permission_classes = [permissions.IsAuthenticated, CanViewFees]
    query_parameters = _DAY_PARAMETERS

    @extend_schema(
        parameters=_DAY_PARAMETERS,
        responses={200: s.DaySerializer, **api_errors(400, 403, 404)},
        summary=gettext_lazy("日终对账"),
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        org = selectors.center_for(request.user, params.get("org"))
        if org is None:
            raise DomainError("center_not_found", _("找不到该中心"), kind="not_found")
        day = _date(params["date"]) if "date" in params else timezone.localdate()
        actions.harvest_all()
        return Response(s.DaySerializer(s.day_data(org.code, selectors.reconciliation(org.pk, day))).data)


def _date(raw: str) -> Any:
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None:
        raise DomainError("invalid_date", _("日期格式应为 YYYY-MM-DD"))
    return day


class CloseDayView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanViewFees]

    @extend_schema(
        request=s.CloseDayInput,
        responses={201: s.DaySerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("日终关账（登记解缴金额与凭证号）"),
    )
    def post(self, request: Request) -> Response:
        body = s.CloseDayInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        org = selectors.center_for(request.user, data.get("org"))
        if org is None:
            raise DomainError("center_not_found", _("找不到该中心"), kind="not_found")
        actions.close_day(
            actor=request.user,
            org=org,
            day=data["date"],
            deposited=data["deposited"],
            slip_number=data.get("slip_number", ""),
            explanation=data.get("explanation", ""),
        )
        day = selectors.reconciliation(org.pk, data["date"])
        return Response(s.DaySerializer(s.day_data(org.code, day)).data, status=status.HTTP_201_CREATED)
