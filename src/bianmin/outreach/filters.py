"""The filters of the market-day and home-visit lists, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from bianmin.outreach.models import HomeVisit, MarketDay, MarketDayState, VisitReason, VisitState


class MarketDayFilter(django_filters.FilterSet):
    # County roles see several centers: one of them by its division code (the list is scoped already).
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    state = django_filters.ChoiceFilter(choices=MarketDayState.choices, label=_("状态"))
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("日期自"))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("日期至"))
    place = django_filters.CharFilter(field_name="place", lookup_expr="icontains", label=_("地点"))
    staffing_gap = django_filters.BooleanFilter(method="filter_gap", label=_("在岗人数不足"))

    class Meta:
        model = MarketDay
        fields: list[str] = []

    def filter_gap(self, queryset: QuerySet[MarketDay], name: str, value: bool) -> QuerySet[MarketDay]:
        """Reads the annotations of ``selectors.market_days``: on post fewer than the open windows."""
        short = {"on_post__lt": F("open_windows")}
        return queryset.filter(**short) if value else queryset.exclude(**short)


class HomeVisitFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    state = django_filters.ChoiceFilter(choices=VisitState.choices, label=_("状态"))
    reason = django_filters.ChoiceFilter(choices=VisitReason.choices, label=_("上门原因"))
    assignee = django_filters.CharFilter(field_name="assigned_to__user__username", label=_("上门人员"))
    wished_after = django_filters.DateFilter(
        field_name="wished_at__date", lookup_expr="gte", label=_("希望上门日期自")
    )
    wished_before = django_filters.DateFilter(
        field_name="wished_at__date", lookup_expr="lte", label=_("希望上门日期至")
    )

    class Meta:
        model = HomeVisit
        fields: list[str] = []
