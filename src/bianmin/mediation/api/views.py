"""Mediations over the API: the list (scoped like the page; out of scope is not found), one mediation,
registering one, and its steps: a session, the agreement (draft, signatures, taking effect), closing without
an agreement, the follow-up visit and the one extension."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.lib.text import row_id
from bianmin.mediation import actions, selectors
from bianmin.mediation.api import serializers as s
from bianmin.mediation.filters import MediationFilter
from bianmin.mediation.models import Mediation


class CanViewMediations(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("mediation.view_mediation"))


STEP_ERRORS = api_errors(400, 403, 404, 409)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("矛盾纠纷调解列表")),
    retrieve=extend_schema(
        summary=gettext_lazy("矛盾纠纷调解"), responses={200: s.MediationDetailSerializer}
    ),
    create=extend_schema(
        summary=gettext_lazy("登记纠纷"),
        request=s.MediationRegisterInput,
        responses={201: s.MediationDetailSerializer, **api_errors(400, 403)},
    ),
)
class MediationViewSet(KnownQueryParameters, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Mediations of the caller's center (a station's agent: the station's; county roles: the county's)."""

    serializer_class = s.MediationSerializer
    filterset_class = MediationFilter
    permission_classes = [permissions.IsAuthenticated, CanViewMediations]

    def get_queryset(self) -> QuerySet[Mediation]:
        return selectors.mediations(self.request.user)

    def _one(self, pk: Any) -> Mediation:
        number = row_id(pk)
        row = selectors.mediation_for(self.request.user, number) if number is not None else None
        if row is None:
            raise DomainError(actions.NOT_FOUND, _("找不到该调解"), kind="not_found")
        return row

    def _detail(self, pk: Any, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.MediationDetailSerializer(self._one(pk)).data, status=code)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = s.MediationRegisterInput(data=request.data)
        body.is_valid(raise_exception=True)
        m = actions.register(actor=request.user, now=timezone.now(), **body.validated_data)
        return self._detail(m.pk, status.HTTP_201_CREATED)

    def _body(self, request: Request, serializer: Any) -> dict[str, Any]:
        body = serializer(data=request.data)
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)

    @extend_schema(
        request=s.SessionInput,
        responses={200: s.MediationDetailSerializer, **STEP_ERRORS},
        summary=gettext_lazy("记录调解"),
    )
    @action(detail=True, methods=["post"])
    def session(self, request: Request, pk: str) -> Response:
        data = self._body(request, s.SessionInput)
        actions.record_session(self._one(pk), actor=request.user, now=timezone.now(), **data)
        return self._detail(pk)

    @extend_schema(
        request=s.AgreementInput,
        responses={200: s.MediationDetailSerializer, **STEP_ERRORS},
        summary=gettext_lazy("制作人民调解协议书"),
        description=gettext_lazy("协议书在任何当事人签名之前可以修改。"),
    )
    @action(detail=True, methods=["post"])
    def agreement(self, request: Request, pk: str) -> Response:
        data = self._body(request, s.AgreementInput)
        actions.draft_agreement(self._one(pk), actor=request.user, now=timezone.now(), **data)
        return self._detail(pk)

    @extend_schema(
        request=s.SignInput,
        responses={200: s.MediationDetailSerializer, **STEP_ERRORS},
        summary=gettext_lazy("记录当事人签名"),
    )
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str) -> Response:
        data = self._body(request, s.SignInput)
        actions.sign(self._one(pk), actor=request.user, now=timezone.now(), **data)
        return self._detail(pk)

    @extend_schema(
        request=s.MediationEmptyInput,
        responses={200: s.MediationDetailSerializer, **STEP_ERRORS},
        summary=gettext_lazy("协议生效"),
        description=gettext_lazy(
            "各方当事人均已签名后，调解员签名、加盖印章，协议生效（人民调解法第二十九条）。"
        ),
    )
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: str) -> Response:
        self._body(request, s.MediationEmptyInput)
        actions.conclude(self._one(pk), actor=request.user, now=timezone.now())
        return self._detail(pk)

    @extend_schema(
        request=s.CloseInput,
        responses={200: s.MediationDetailSerializer, **STEP_ERRORS},
        summary=gettext_lazy("结案（调解不成或移送）"),
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        data = self._body(request, s.CloseInput)
        actions.close(self._one(pk), actor=request.user, now=timezone.now(), **data)
        return self._detail(pk)

    @extend_schema(
        request=s.FollowUpInput,
        responses={200: s.MediationDetailSerializer, **STEP_ERRORS},
        summary=gettext_lazy("回访"),
    )
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: str) -> Response:
        data = self._body(request, s.FollowUpInput)
        actions.follow_up(self._one(pk), actor=request.user, now=timezone.now(), **data)
        return self._detail(pk)

    @extend_schema(
        request=s.ExtendInput,
        responses={200: s.MediationDetailSerializer, **STEP_ERRORS},
        summary=gettext_lazy("延长调解期限"),
    )
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: str) -> Response:
        data = self._body(request, s.ExtendInput)
        actions.extend(self._one(pk), actor=request.user, now=timezone.now(), **data)
        return self._detail(pk)
