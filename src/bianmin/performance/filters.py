"""The filters of the score-entry list, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bianmin.lib.errors import DomainError
from bianmin.lib.periods import parse_period
from bianmin.performance.models import EntryStatus, ScoreEntry, Source


class ScoreEntryFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    period = django_filters.CharFilter(method="filter_period", label=_("考核期间"))
    status = django_filters.ChoiceFilter(choices=EntryStatus.choices, label=_("状态"))
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("来源"))
    staff = django_filters.CharFilter(field_name="user__username", label=_("工作人员"))
    window = django_filters.CharFilter(field_name="window__code", label=_("窗口"))
    rule = django_filters.CharFilter(field_name="rule__code", label=_("考核条目"))

    class Meta:
        model = ScoreEntry
        fields: list[str] = []

    def filter_period(self, queryset: QuerySet[ScoreEntry], name: str, value: str) -> QuerySet[ScoreEntry]:
        try:
            period = parse_period(value)
        except DomainError:
            return queryset.none()
        return queryset.filter(month__range=(period.first, period.last))
