"""The outbox over the API: the center's messages with their delivery log and a failed one's retry, the
wording per kind, the caller's own in-app notifications, and the SMS opt-out list. Scoped like the pages:
a message of a center out of the caller's scope is not found."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.lib.text import row_id
from bianmin.notify import actions, selectors
from bianmin.notify.api import serializers as s
from bianmin.notify.filters import MessageFilter
from bianmin.notify.kinds import MessageKind
from bianmin.notify.models import Message, OptOut
from bianmin.orgs.selectors import staff_of


class _Perm(permissions.BasePermission):
    perm = ""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(self.perm))


class CanViewMessages(_Perm):
    perm = "notify.view_message"


class CanViewTemplates(_Perm):
    perm = "notify.view_messagetemplate"


class CanViewOptOuts(_Perm):
    perm = "notify.view_optout"


def _not_found() -> DomainError:
    return DomainError("message_not_found", _("没有找到该通知"), kind="not_found")


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("通知发件箱")),
    retrieve=extend_schema(
        summary=gettext_lazy("通知及其发送记录"), responses={200: s.MessageDetailSerializer}
    ),
)
class MessageViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """The messages of the caller's center (county roles: the county's) to citizens, newest first;
    recipients masked."""

    serializer_class = s.MessageSerializer
    filterset_class = MessageFilter
    permission_classes = [permissions.IsAuthenticated, CanViewMessages]

    def get_queryset(self) -> QuerySet[Message]:
        return selectors.messages_for(self.request.user)

    def _one(self, pk: Any) -> Message:
        number = row_id(pk)
        message = selectors.message_with_attempts(self.request.user, number) if number is not None else None
        if message is None:
            raise _not_found()
        return message

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.MessageDetailSerializer(self._one(pk)).data)

    @extend_schema(
        request=None,
        responses={200: s.MessageDetailSerializer, **api_errors(403, 404, 409)},
        summary=gettext_lazy("重发失败的通知"),
        description=gettext_lazy(
            "把发送失败的通知重新排队，由发送进程再试一次。"
            "未失败的通知(not_failed)、已退订号码的短信(opted_out)不能重发。"
        ),
    )
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str) -> Response:
        number = row_id(pk)
        if number is None:
            raise _not_found()
        actions.retry(number, actor=request.user)
        return Response(s.MessageDetailSerializer(self._one(number)).data)


def _own_org(request: Request) -> Any:
    staff = staff_of(request.user)
    if staff is None:
        raise DomainError("org_not_found", _("没有找到该中心"), kind="not_found")
    return staff.org


class TemplateListView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanViewTemplates]

    @extend_schema(
        responses={200: s.TemplateSerializer(many=True), **api_errors(403, 404)},
        summary=gettext_lazy("各类通知的措辞"),
    )
    def get(self, request: Request) -> Response:
        org = _own_org(request)
        return Response([s.TemplateSerializer.of(w, org.pk) for w in selectors.wordings_for(org)])


class TemplateView(APIView):
    """The wording of one kind for the caller's center: its own, else the county's, else the built-in one,
    with the characters and SMS segments it costs."""

    permission_classes = [permissions.IsAuthenticated, CanViewTemplates]

    def _kind(self, kind: str) -> str:
        if kind not in MessageKind.values:
            raise DomainError("unknown_message_kind", _("没有这种通知类型"), kind="not_found")
        return kind

    @extend_schema(
        responses={200: s.TemplateSerializer, **api_errors(403, 404)}, summary=gettext_lazy("通知措辞")
    )
    def get(self, request: Request, kind: str) -> Response:
        org = _own_org(request)
        return Response(s.TemplateSerializer.of(selectors.wording_for(org, self._kind(kind)), org.pk))

    @extend_schema(
        request=s.TemplateInput,
        responses={200: s.TemplateSerializer, **api_errors(400, 403, 404)},
        summary=gettext_lazy("修改本中心的通知措辞"),
    )
    def put(self, request: Request, kind: str) -> Response:
        body = s.TemplateInput(data=request.data)
        body.is_valid(raise_exception=True)
        org = _own_org(request)
        actions.save_template(
            org,
            self._kind(kind),
            actor=request.user,
            body=body.validated_data["body"],
            gateway_template=body.validated_data["gateway_template"],
        )
        return Response(s.TemplateSerializer.of(selectors.wording_for(org, kind), org.pk))


@extend_schema_view(list=extend_schema(summary=gettext_lazy("我的站内通知")))
class InboxViewSet(KnownQueryParameters, viewsets.GenericViewSet):
    """The caller's own in-app notifications (督办, 督办回复), newest first."""

    serializer_class = s.NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Message]:
        return selectors.notifications_of(self.request.user)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=None,
        responses={200: s.NotificationSerializer, **api_errors(404)},
        summary=gettext_lazy("标为已读"),
    )
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        number = row_id(pk)
        if number is None:
            raise _not_found()
        return Response(self.get_serializer(actions.mark_read(number, actor=request.user)).data)


@extend_schema_view(list=extend_schema(summary=gettext_lazy("短信退订名单")))
class OptOutViewSet(KnownQueryParameters, viewsets.GenericViewSet):
    """Numbers that asked for no more SMS (masked), newest first."""

    serializer_class = s.OptOutSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewOptOuts]

    def get_queryset(self) -> QuerySet[OptOut]:
        return OptOut.objects.order_by("-recorded_at", "-id")

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=s.OptOutInput,
        responses={201: s.OptOutSerializer, **api_errors(400, 403)},
        summary=gettext_lazy("登记短信退订"),
    )
    def create(self, request: Request) -> Response:
        body = s.OptOutInput(data=request.data)
        body.is_valid(raise_exception=True)
        entry = actions.record_opt_out(
            body.validated_data["phone"], actor=request.user, note=body.validated_data["note"]
        )
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)
