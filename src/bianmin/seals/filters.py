"""The filters of the seal registry and its uses, shared by the counter pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from bianmin.seals.models import RequestState, Seal, SealKind, SealRequest, SealStatus, SealUse


class SealFilter(django_filters.FilterSet):
    # County roles see several centers: one of them by its division code (the list is scoped already).
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    kind = django_filters.ChoiceFilter(choices=SealKind.choices, label=_("印章种类"))
    status = django_filters.ChoiceFilter(choices=SealStatus.choices, label=_("状态"))

    class Meta:
        model = Seal
        fields: list[str] = []


class SealUseFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    seal = django_filters.CharFilter(field_name="seal__number", label=_("印章编号"))
    case = django_filters.CharFilter(field_name="case__number", label=_("办件编号"))
    date_after = django_filters.DateFilter(field_name="used_on", lookup_expr="gte", label=_("日期自"))
    date_before = django_filters.DateFilter(field_name="used_on", lookup_expr="lte", label=_("日期至"))

    class Meta:
        model = SealUse
        fields: list[str] = []


class SealRequestFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    seal = django_filters.CharFilter(field_name="seal__number", label=_("印章编号"))
    state = django_filters.ChoiceFilter(choices=RequestState.choices, label=_("状态"))

    class Meta:
        model = SealRequest
        fields: list[str] = []
