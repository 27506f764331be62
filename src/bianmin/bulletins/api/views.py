"""Notices (公告) over the API.

``GET /api/v1/public/bulletins/{org}/``: what the org's hall shows today (its own, its town's and county's),
no account, rate-limited per client like the page. ``/api/v1/bulletins/``: the center's staff list, draft
and edit through the actions; ``…/{id}/publish/`` and ``…/{id}/withdraw/`` likewise.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from bianmin.bulletins import actions, selectors
from bianmin.bulletins.api import serializers as s
from bianmin.bulletins.limits import reserve_view
from bianmin.bulletins.models import Bulletin
from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.lib.text import row_id
from bianmin.orgs.models import Org
from bianmin.orgs.selectors import staff_of


class PublicBulletinsView(KnownQueryParameters, GenericAPIView):
    """The notices valid today at a center or village station, pinned first (公告, 民生信息)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = s.PublicBulletinSerializer
    queryset = Bulletin.objects.none()  # for the schema's path parameter; the answer is ``selectors.current``
    pagination_class = None

    @extend_schema(
        responses={200: s.PublicBulletinSerializer(many=True), **api_errors(404, 429)},
        summary=gettext_lazy("公告(公众)"),
    )
    def get(self, request: Request, org: str) -> Response:
        reserve_view(request._request)
        place = selectors.public_org(org)
        if place is None:
            raise DomainError("org_not_found", _("找不到该便民服务中心或服务站"), kind="not_found")
        shown = selectors.current(place, timezone.localdate())
        return Response(s.PublicBulletinSerializer(shown, many=True).data)


class CanViewBulletins(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("bulletins.view_bulletin"))


def _center(request: Request, code: str) -> Org:
    """The center named by ``code`` (the actions check scope), else the caller's own."""
    if code:
        org = Org.objects.filter(code=code).first()
    else:
        staff = staff_of(request.user)
        org = staff.org if staff is not None else None
    if org is None:
        raise DomainError("org_not_found", _("找不到该中心"), kind="not_found")
    return org


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("公告列表")),
    retrieve=extend_schema(summary=gettext_lazy("公告")),
)
class BulletinViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """Notices of the centers the caller sees (drafts and withdrawn ones too), newest first."""

    serializer_class = s.BulletinSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewBulletins]

    def get_queryset(self) -> QuerySet[Bulletin]:
        return selectors.staff_bulletins(self.request.user)

    def _one(self, pk: Any) -> Bulletin:
        number = row_id(pk)
        bulletin = self.get_queryset().filter(pk=number).first() if number is not None else None
        if bulletin is None:
            raise DomainError("bulletin_not_found", _("找不到该公告"), kind="not_found")
        return bulletin

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self._one(pk)).data)

    def _answer(self, bulletin: Bulletin, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self._one(bulletin.pk)).data, status=code)

    @extend_schema(
        request=s.BulletinInput,
        responses={201: s.BulletinSerializer, **api_errors(400, 403, 404)},
        summary=gettext_lazy("起草公告"),
    )
    def create(self, request: Request) -> Response:
        body = s.BulletinInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        org = _center(request, data.pop("org"))
        bulletin = actions.draft_bulletin(actor=request.user, org=org, **data)
        return self._answer(bulletin, status.HTTP_201_CREATED)

    @extend_schema(
        request=s.BulletinInput,
        responses={200: s.BulletinSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("修改公告草稿"),
    )
    def update(self, request: Request, pk: str) -> Response:
        body = s.BulletinInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data.pop("org")  # a notice stays with the center that wrote it
        bulletin = actions.edit_bulletin(self._one(pk), actor=request.user, **data)
        return self._answer(bulletin)

    @extend_schema(
        request=None,
        responses={200: s.BulletinSerializer, **api_errors(403, 404, 409)},
        summary=gettext_lazy("发布公告"),
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        return self._answer(actions.publish_bulletin(self._one(pk), actor=request.user))

    @extend_schema(
        request=s.WithdrawInput,
        responses={200: s.BulletinSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("撤回公告"),
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        body = s.WithdrawInput(data=request.data)
        body.is_valid(raise_exception=True)
        bulletin = actions.withdraw_bulletin(
            self._one(pk), actor=request.user, reason=body.validated_data["reason"]
        )
        return self._answer(bulletin)
