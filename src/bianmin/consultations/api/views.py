"""The consultation log over the API: the list (scoped like the page; out of scope is not found), one row,
and logging a consultation as the caller."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from bianmin.consultations import actions, selectors
from bianmin.consultations.api import serializers as s
from bianmin.consultations.filters import ConsultationFilter
from bianmin.consultations.models import Consultation
from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.lib.text import row_id


class CanViewConsultations(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("consultations.view_consultation"))


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("咨询登记列表")),
    retrieve=extend_schema(summary=gettext_lazy("咨询登记")),
    create=extend_schema(
        summary=gettext_lazy("登记咨询"),
        request=s.ConsultationLogInput,
        responses={201: s.ConsultationSerializer, **api_errors(400, 403)},
    ),
)
class ConsultationViewSet(KnownQueryParameters, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Consultations of the caller's center (county roles: the county's), latest first."""

    serializer_class = s.ConsultationSerializer
    filterset_class = ConsultationFilter
    permission_classes = [permissions.IsAuthenticated, CanViewConsultations]

    def get_queryset(self) -> QuerySet[Consultation]:
        return selectors.consultations(self.request.user)

    def retrieve(self, request: Request, pk: str) -> Response:
        number = row_id(pk)
        row = selectors.consultations(request.user).filter(pk=number).first() if number is not None else None
        if row is None:
            raise DomainError("consultation_not_found", _("找不到该咨询登记"), kind="not_found")
        return Response(self.get_serializer(row).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = s.ConsultationLogInput(data=request.data)
        body.is_valid(raise_exception=True)
        c = actions.log(actor=request.user, **body.validated_data)
        row = selectors.consultations(request.user).get(pk=c.pk)
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)
