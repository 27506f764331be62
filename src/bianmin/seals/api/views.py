"""The seal registry over the API.

``GET/POST /seals/`` (the registry; the director registers), ``GET /seals/{number}/``, and a seal's steps:
``POST /seals/{number}/uses/`` (用印登记 by the custodian; a refused use is logged as an attempt),
``/requests/`` (用印申请), ``/status/`` (停用/恢复/销毁), ``/handover/``, ``/handover/accept/`` and
``/handover/cancel/``. ``/seal-requests/`` is the approval queue (``/{id}/decide/``), ``/seal-uses/`` the
uses, ``/seal-attempts/`` the refused attempts and ``/seals/register/?month=YYYY-MM`` the month's register.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.orgs.selectors import visible_org_ids
from bianmin.seals import actions, selectors
from bianmin.seals.api import serializers as s
from bianmin.seals.filters import SealFilter, SealRequestFilter, SealUseFilter
from bianmin.seals.models import Seal, SealAttempt, SealRequest, SealUse


def _perm(name: str) -> type[permissions.BasePermission]:
    class HasPerm(permissions.BasePermission):
        def has_permission(self, request: Request, view: Any) -> bool:
            return bool(request.user and request.user.is_authenticated and request.user.has_perm(name))

    HasPerm.__name__ = f"Has_{name.replace('.', '_')}"
    return HasPerm


CanView = _perm("seals.view_seal")


def _seal(request: Request, number: str) -> Seal:
    found = selectors.seal_for(request.user, number)
    if found is None:
        raise DomainError(actions.SEAL_NOT_FOUND, _("找不到该印章"), kind="not_found")
    return found


def _seal_answer(request: Request, number: str, code: int = status.HTTP_200_OK) -> Response:
    return Response(s.SealSerializer(_seal(request, number)).data, status=code)


_MONTH = OpenApiParameter(
    "month",
    str,
    required=False,
    pattern=r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])$",
    description=gettext_lazy("月份 YYYY-MM，默认本月"),
)


def _month(params: Any) -> dt.date:
    """The month asked for (``?month=YYYY-MM``), this month when not asked; anything else is refused."""
    if "month" not in params:
        return timezone.localdate().replace(day=1)
    month = selectors.parse_month(params.get("month"))
    if month is None:
        raise DomainError("invalid_month", _("月份应为 YYYY-MM"))
    return month


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("印章登记簿")),
    retrieve=extend_schema(
        summary=gettext_lazy("印章"), responses={200: s.SealSerializer, **api_errors(404)}
    ),
    create=extend_schema(
        summary=gettext_lazy("登记印章（印章加编号）"),
        request=s.SealInput,
        responses={201: s.SealSerializer, **api_errors(400, 403, 409)},
    ),
)
class SealViewSet(KnownQueryParameters, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Seals of the caller's center (county roles: the county's), by center and number."""

    serializer_class = s.SealSerializer
    filterset_class = SealFilter
    permission_classes = [CanView]
    lookup_field = "number"
    lookup_value_regex = "[A-Za-z]{1,4}-[0-9]{3}"

    def get_queryset(self) -> QuerySet[Seal]:
        return selectors.seals(self.request.user)

    def retrieve(self, request: Request, number: str) -> Response:
        return _seal_answer(request, number)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = s.SealInput(data=request.data)
        body.is_valid(raise_exception=True)
        seal = actions.register_seal(actor=request.user, **body.validated_data)
        return _seal_answer(request, seal.number, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("用印登记"),
        request=s.SealUseInput,
        responses={201: s.SealUseSerializer, **api_errors(400, 403, 404, 409)},
        description=gettext_lazy(
            "保管人登记用印；须审批的印章凭已批准的用印申请。被拒绝的用印记为违规尝试。"
        ),
    )
    @action(detail=True, methods=["post"], url_path="uses", filterset_class=None, pagination_class=None)
    def uses(self, request: Request, number: str) -> Response:
        seal = _seal(request, number)
        body = s.SealUseInput(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        use = actions.log_use(
            seal,
            actor=request.user,
            impressions=d["impressions"],
            purpose=d["purpose"],
            case_number=d["case"],
            document=d["document"],
            request=d["request"],
        )
        row = selectors.uses(request.user).get(pk=use.pk)
        return Response(s.SealUseSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("用印申请"),
        request=s.SealRequestInput,
        responses={201: s.SealRequestSerializer, **api_errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="requests", filterset_class=None, pagination_class=None)
    def requests(self, request: Request, number: str) -> Response:
        seal = _seal(request, number)
        body = s.SealRequestInput(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        req = actions.request_use(
            seal,
            actor=request.user,
            purpose=d["purpose"],
            impressions=d["impressions"],
            case_number=d["case"],
            document=d["document"],
        )
        row = selectors.requests(request.user).get(pk=req.pk)
        return Response(s.SealRequestSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("停用、恢复或销毁印章"),
        request=s.SealStatusInput,
        responses={200: s.SealSerializer, **api_errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="status", filterset_class=None, pagination_class=None)
    def status_change(self, request: Request, number: str) -> Response:
        seal = _seal(request, number)
        body = s.SealStatusInput(data=request.data)
        body.is_valid(raise_exception=True)
        actions.set_status(seal, actor=request.user, **body.validated_data)
        return _seal_answer(request, number)

    @extend_schema(
        summary=gettext_lazy("交出印章（待接收人签收）"),
        request=s.SealHandoverInput,
        responses={201: s.SealHandoverSerializer, **api_errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="handover", filterset_class=None, pagination_class=None)
    def handover(self, request: Request, number: str) -> Response:
        seal = _seal(request, number)
        body = s.SealHandoverInput(data=request.data)
        body.is_valid(raise_exception=True)
        done = actions.hand_over(seal, actor=request.user, **body.validated_data)
        return Response(s.SealHandoverSerializer(done).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("签收印章（成为保管人）"),
        request=s.SealNoteInput,
        responses={200: s.SealHandoverSerializer, **api_errors(400, 403, 404, 409)},
    )
    @action(
        detail=True, methods=["post"], url_path="handover/accept", filterset_class=None, pagination_class=None
    )
    def handover_accept(self, request: Request, number: str) -> Response:
        seal = _seal(request, number)
        body = s.SealNoteInput(data=request.data)
        body.is_valid(raise_exception=True)
        done = actions.accept_handover(seal, actor=request.user, **body.validated_data)
        return Response(s.SealHandoverSerializer(done).data)

    @extend_schema(
        summary=gettext_lazy("撤回交接"),
        request=s.SealNoteInput,
        responses={200: s.SealHandoverSerializer, **api_errors(400, 403, 404, 409)},
    )
    @action(
        detail=True, methods=["post"], url_path="handover/cancel", filterset_class=None, pagination_class=None
    )
    def handover_cancel(self, request: Request, number: str) -> Response:
        seal = _seal(request, number)
        body = s.SealNoteInput(data=request.data)
        body.is_valid(raise_exception=True)
        done = actions.cancel_handover(seal, actor=request.user, **body.validated_data)
        return Response(s.SealHandoverSerializer(done).data)

    @extend_schema(
        summary=gettext_lazy("用印登记簿（月）"),
        parameters=[_MONTH],
        responses={200: s.RegisterRowSerializer(many=True), **api_errors(400)},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="register",
        filterset_class=None,
        pagination_class=None,
        query_parameters=[_MONTH],
    )
    def register(self, request: Request) -> Response:
        pages = selectors.monthly_register(visible_org_ids(request.user), _month(request.query_params))
        return Response(s.RegisterRowSerializer(s.as_register(pages), many=True).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("用印申请列表")),
    retrieve=extend_schema(summary=gettext_lazy("用印申请")),
)
class SealRequestViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """Use requests of the caller's centers (the approval queue: ``?state=pending``)."""

    serializer_class = s.SealRequestSerializer
    filterset_class = SealRequestFilter
    permission_classes = [CanView]

    def get_queryset(self) -> QuerySet[SealRequest]:
        return selectors.requests(self.request.user)

    @extend_schema(
        summary=gettext_lazy("审批用印申请"),
        request=s.SealDecideInput,
        responses={200: s.SealRequestSerializer, **api_errors(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def decide(self, request: Request, pk: str) -> Response:
        body = s.SealDecideInput(data=request.data)
        body.is_valid(raise_exception=True)
        found = self.get_object()
        req = actions.decide_request(found, actor=request.user, **body.validated_data)
        return Response(s.SealRequestSerializer(selectors.requests(request.user).get(pk=req.pk)).data)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("用印登记列表")),
    retrieve=extend_schema(summary=gettext_lazy("用印登记")),
)
class SealUseViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.SealUseSerializer
    filterset_class = SealUseFilter
    permission_classes = [CanView]

    def get_queryset(self) -> QuerySet[SealUse]:
        return selectors.uses(self.request.user)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("违规用印尝试列表")),
    retrieve=extend_schema(summary=gettext_lazy("违规用印尝试")),
)
class SealAttemptViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.SealAttemptSerializer
    permission_classes = [CanView]

    def get_queryset(self) -> QuerySet[SealAttempt]:
        return selectors.attempts(self.request.user)
