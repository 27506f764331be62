from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from bianmin.catalog.api.serializers import ItemVersionSerializer, ServiceItemSerializer
from bianmin.catalog.models import ServiceItem
from bianmin.catalog.selectors import published_items
from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError

ITEM_FILTERS = [
    OpenApiParameter("q", str, description=gettext_lazy("名称、编码或拼音首字母")),
    OpenApiParameter("org", str, description=gettext_lazy("只列出在该中心(行政区划代码)启用的事项")),
    OpenApiParameter("window", str, description=gettext_lazy("窗口编码")),
    OpenApiParameter("category", str, description=gettext_lazy("类别")),
]


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("办事指南：事项列表"), parameters=ITEM_FILTERS),
    retrieve=extend_schema(summary=gettext_lazy("办事指南：事项详情(六公开)")),
)
class ServiceItemViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """The public service guide (办事指南): no account needed."""

    query_parameters = ITEM_FILTERS
    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = ServiceItemSerializer
    lookup_field = "code"
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[ServiceItem]:
        params = self.request.query_params
        return published_items(
            q=params.get("q", ""),
            org_code=params.get("org", ""),
            window=params.get("window", ""),
            category=params.get("category", ""),
        )

    @extend_schema(summary=gettext_lazy("事项的历史版本"), responses=ItemVersionSerializer)
    @action(detail=True, url_path=r"versions/(?P<version>\d+)")
    def version(self, request: Request, code: str, version: str) -> Response:
        item = self.get_object()
        found = (
            item.versions.filter(version=int(version)).prefetch_related("materials", "participants").first()
        )
        if found is None:
            raise DomainError("version_not_found", _("该事项没有这个版本"), kind="not_found")
        return Response(ItemVersionSerializer(found).data)
