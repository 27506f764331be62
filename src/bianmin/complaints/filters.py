"""The filters of the complaint and opinion-book lists, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from bianmin.complaints.models import (
    AuthorKind,
    Channel,
    Complaint,
    ComplaintState,
    OpinionEntry,
    OpinionSource,
    OpinionState,
)


class ComplaintFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    state = django_filters.ChoiceFilter(choices=ComplaintState.choices, label=_("状态"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("投诉方式"))
    major = django_filters.BooleanFilter(label=_("重大投诉"))
    upheld = django_filters.BooleanFilter(label=_("投诉成立"))
    window = django_filters.CharFilter(field_name="against_window__code", label=_("窗口"))
    staff = django_filters.CharFilter(field_name="against_staff__user__username", label=_("被投诉人"))
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("答复期限至"))
    received_after = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("受理日期自")
    )
    received_before = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label=_("受理日期至")
    )

    class Meta:
        model = Complaint
        fields: list[str] = []


class OpinionFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    state = django_filters.ChoiceFilter(choices=OpinionState.choices, label=_("状态"))
    source = django_filters.ChoiceFilter(choices=OpinionSource.choices, label=_("来源"))
    author_kind = django_filters.ChoiceFilter(choices=AuthorKind.choices, label=_("提出人类别"))
    adopted = django_filters.BooleanFilter(label=_("已采纳"))

    class Meta:
        model = OpinionEntry
        fields: list[str] = []
