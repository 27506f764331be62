"""E-supervision over the API: the board's figures, the cards (stored and derived), a supervisor's
confirmation or dismissal. Scoped like the board page; refusals answer ``{"code", "detail"}``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.lib.api import KnownQueryParameters, PageNumberPagination
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.supervision import actions, present, selectors
from bianmin.supervision.api import serializers as s
from bianmin.supervision.cards import card_of
from bianmin.supervision.filters import CardFilterForm


class CanViewSupervision(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("supervision.view_cardrecord"))


class BoardView(KnownQueryParameters, APIView):
    permission_classes = [permissions.IsAuthenticated, CanViewSupervision]

    @extend_schema(
        responses={200: s.BoardSerializer, **api_errors(403)}, summary=gettext_lazy("电子监察看板")
    )
    def get(self, request: Request) -> Response:
        now = timezone.now()
        data = present.board_payload(request.user, timezone.localdate(now), now)
        return Response(s.BoardSerializer(data).data)


_CARD_PARAMETERS = [
    OpenApiParameter("level", OpenApiTypes.STR, enum=["yellow", "red"]),
    OpenApiParameter("status", OpenApiTypes.STR, enum=["pending", "confirmed", "dismissed"]),
    OpenApiParameter("rule", OpenApiTypes.STR),
    OpenApiParameter("window", OpenApiTypes.INT),
    OpenApiParameter("staff", OpenApiTypes.INT, description=gettext_lazy("责任人(用户编号)")),
    OpenApiParameter("since", OpenApiTypes.DATE, description=gettext_lazy("亮牌日期自")),
    OpenApiParameter("until", OpenApiTypes.DATE, description=gettext_lazy("亮牌日期至")),
]


class CardListView(KnownQueryParameters, APIView):
    """Cards of the caller's centers: written records and, as pending, the ones the daily sweep would
    write today (the list is right before the sweep has run)."""

    permission_classes = [permissions.IsAuthenticated, CanViewSupervision]
    pagination_class = PageNumberPagination
    query_parameters = _CARD_PARAMETERS

    @property
    def paginator(self) -> PageNumberPagination:
        if not hasattr(self, "_paginator"):
            self._paginator = self.pagination_class()
        return self._paginator

    @extend_schema(
        parameters=_CARD_PARAMETERS,
        responses={200: s.CardSerializer(many=True), **api_errors(400, 403)},
        summary=gettext_lazy("监察记录"),
    )
    def get(self, request: Request) -> Response:
        form = CardFilterForm(request.query_params)
        if not form.is_valid():
            raise DomainError("invalid_filter", _("筛选条件有误"), errors=form.errors.get_json_data())
        now = timezone.now()
        cards = selectors.cards(request.user, timezone.localdate(now), form.query())
        page: list[Any] | None = self.paginator.paginate_queryset(cards, request, view=self)  # type: ignore[arg-type]
        return self.paginator.get_paginated_response(
            s.CardSerializer(present.card_rows(page or []), many=True).data
        )


class CardDecisionView(KnownQueryParameters, APIView):
    permission_classes = [permissions.IsAuthenticated, CanViewSupervision]
    decision = "confirm"

    @extend_schema(
        request=s.DecisionInput,
        responses={200: s.CardSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("认定监察记录(确认或撤销)"),
    )
    def post(self, request: Request, ref: str) -> Response:
        body = s.DecisionInput(data=request.data)
        body.is_valid(raise_exception=True)
        now = timezone.now()
        record = actions.decide_card(
            ref,
            self.decision,
            actor=request.user,
            reason=body.validated_data["reason"],
            today=timezone.localdate(now),
            now=now,
        )
        row = card_of(record, record.case.number)
        return Response(s.CardSerializer(present.card_rows([row])[0]).data)
