"""The filters of the ratings list, shared by the page, the API and the export."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bianmin.feedback.models import Level, Occasion, Rating, RatingChannel, RectificationState

RECTIFICATION_CHOICES = [
    ("none", _("无需整改")),
    *RectificationState.choices,
    ("overdue", _("整改超期")),
]


class RatingFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    window = django_filters.NumberFilter(field_name="window_id", label=_("窗口"))
    staff = django_filters.NumberFilter(field_name="staff_id", label=_("被评价人"))
    level = django_filters.MultipleChoiceFilter(choices=Level.choices, label=_("评价等级"))
    bad = django_filters.BooleanFilter(method="filter_bad", label=_("差评"))
    channel = django_filters.ChoiceFilter(choices=RatingChannel.choices, label=_("评价渠道"))
    occasion = django_filters.ChoiceFilter(choices=Occasion.choices, label=_("评价对象"))
    excluded = django_filters.BooleanFilter(method="filter_excluded", label=_("已认定恶意/误评"))
    rectification = django_filters.ChoiceFilter(
        choices=RECTIFICATION_CHOICES, method="filter_rectification", label=_("整改状态")
    )
    date_after = django_filters.DateFilter(
        field_name="created_at__date", lookup_expr="gte", label=_("评价日期自")
    )
    date_before = django_filters.DateFilter(
        field_name="created_at__date", lookup_expr="lte", label=_("评价日期至")
    )
    case = django_filters.CharFilter(field_name="case__number", label=_("受理编号"))

    class Meta:
        model = Rating
        fields: list[str] = []

    def filter_bad(self, queryset: QuerySet[Rating], name: str, value: bool) -> QuerySet[Rating]:
        return queryset.filter(level__gte=Level.DISSATISFIED) if value else queryset.filter(level__lt=4)

    def filter_excluded(self, queryset: QuerySet[Rating], name: str, value: bool) -> QuerySet[Rating]:
        return queryset.exclude(excluded="") if value else queryset.filter(excluded="")

    def filter_rectification(self, queryset: QuerySet[Rating], name: str, value: str) -> QuerySet[Rating]:
        if value == "none":
            return queryset.filter(rectification__isnull=True)
        if value == "overdue":
            today = timezone.localdate()
            return queryset.filter(
                Q(rectification__state=RectificationState.OPEN) & Q(rectification__deadline__lt=today)
            )
        return queryset.filter(rectification__state=value)
