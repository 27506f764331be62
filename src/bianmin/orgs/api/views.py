from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import viewsets

from bianmin.lib.api import KnownQueryParameters
from bianmin.orgs.api.serializers import OrgSerializer, WindowSerializer
from bianmin.orgs.models import Org, Window
from bianmin.orgs.selectors import visible_orgs, visible_windows


class OrgViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """Orgs the caller may see: their own, or their county's subtree for county roles."""

    serializer_class = OrgSerializer
    lookup_field = "code"
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Org]:
        return visible_orgs(self.request.user).select_related("parent").prefetch_related("office_hours")


class WindowViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    serializer_class = WindowSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Window]:
        return visible_windows(self.request.user).order_by("org__path", "number")
