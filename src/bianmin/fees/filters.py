"""The filters of payables and ledger entries, shared by the counter pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from bianmin.fees.models import Entry, EntryKind, Method, Payable


class PayableFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    case = django_filters.CharFilter(field_name="case_number", label=_("受理编号"))
    owing = django_filters.BooleanFilter(method="filter_owing", label=_("尚欠"))
    date_after = django_filters.DateFilter(field_name="raised_on", lookup_expr="gte", label=_("日期自"))
    date_before = django_filters.DateFilter(field_name="raised_on", lookup_expr="lte", label=_("日期至"))

    class Meta:
        model = Payable
        fields: list[str] = []

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_owing(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(outstanding__gt=0) if value else queryset.filter(outstanding__lte=0)


class EntryFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    case = django_filters.CharFilter(field_name="payable__case_number", label=_("受理编号"))
    kind = django_filters.ChoiceFilter(choices=EntryKind.choices, label=_("类型"))
    method = django_filters.ChoiceFilter(choices=Method.choices, label=_("缴款方式"))
    receipt = django_filters.CharFilter(field_name="receipt_number", label=_("票据号码"))
    date_after = django_filters.DateFilter(field_name="day", lookup_expr="gte", label=_("日期自"))
    date_before = django_filters.DateFilter(field_name="day", lookup_expr="lte", label=_("日期至"))

    class Meta:
        model = Entry
        fields: list[str] = []
