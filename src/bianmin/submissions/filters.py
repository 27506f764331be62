"""The filters of the submission list, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bianmin.submissions.models import ReportKind, Submission, SubmissionState


class SubmissionFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(field_name="org__code", label=_("报送单位"))
    recipient = django_filters.CharFilter(field_name="recipient__code", label=_("接收单位"))
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, label=_("报表"))
    period = django_filters.CharFilter(field_name="period_key", label=_("期间"))
    state = django_filters.ChoiceFilter(choices=SubmissionState.choices, label=_("状态"))
    on_time = django_filters.BooleanFilter(field_name="on_time", label=_("按时报送"))
    current = django_filters.BooleanFilter(method="filter_current", label=_("未被更正"))

    class Meta:
        model = Submission
        fields: list[str] = []

    def filter_current(self, queryset: QuerySet[Submission], name: str, value: bool) -> QuerySet[Submission]:
        corrected = {"superseded_by__isnull": False, "superseded_by__state": SubmissionState.SUBMITTED}
        return queryset.exclude(**corrected) if value else queryset.filter(**corrected)
