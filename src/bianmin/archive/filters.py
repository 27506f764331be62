"""The filters of the archive's lists, shared by the counter pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from bianmin.archive.models import (
    RETENTION_RANK,
    ArchiveRecord,
    Box,
    Disposal,
    DisposalState,
    Loan,
    LoanState,
    Retention,
)


class WholeNumberFilter(django_filters.NumberFilter):
    """A number the schema documents as an integer: ``?year=0.5`` is refused, not read as 0.5."""

    field_class = forms.IntegerField


MAX_ID = 2**31 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole number within the database's range (anything else is refused with 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class BoxFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    year = WholeNumberFilter(field_name="year", label=_("年度"))
    window = django_filters.CharFilter(field_name="window_code", label=_("窗口编码"))
    retention = django_filters.ChoiceFilter(
        choices=Retention.choices, method="filter_retention", label=_("保管期限")
    )
    open = django_filters.BooleanFilter(field_name="closed_at", lookup_expr="isnull", label=_("未封盒"))

    class Meta:
        model = Box
        fields: list[str] = []

    def filter_retention(self, queryset: QuerySet[Box], name: str, value: Any) -> QuerySet[Box]:
        # A box's retention is the longest of its files' (the ``rank`` the box list annotates).
        return queryset.filter(**{"rank": RETENTION_RANK[value]}) if value else queryset  # annotated


class RecordFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    box = IdFilter(field_name="box_id", label=_("档案盒"))
    year = WholeNumberFilter(field_name="box__year", label=_("年度"))
    window = django_filters.CharFilter(field_name="box__window_code", label=_("窗口编码"))
    retention = django_filters.ChoiceFilter(choices=Retention.choices, label=_("保管期限"))
    case = django_filters.CharFilter(field_name="case__number", label=_("受理编号"))
    disposed = django_filters.BooleanFilter(
        field_name="disposed_at", lookup_expr="isnull", exclude=True, label=_("已销毁")
    )
    overdue = django_filters.BooleanFilter(field_name="overdue", label=_("借出逾期"))

    class Meta:
        model = ArchiveRecord
        fields: list[str] = []


class LoanFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    state = django_filters.ChoiceFilter(choices=LoanState.choices, label=_("状态"))
    overdue = django_filters.BooleanFilter(field_name="overdue", label=_("逾期未还"))
    record = IdFilter(field_name="record_id", label=_("归档文件"))

    class Meta:
        model = Loan
        fields: list[str] = []


class DisposalFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    state = django_filters.ChoiceFilter(choices=DisposalState.choices, label=_("状态"))

    class Meta:
        model = Disposal
        fields: list[str] = []
