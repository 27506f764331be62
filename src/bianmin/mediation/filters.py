"""The filters of the mediation list, shared by the counter page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bianmin.mediation.models import DisputeKind, Mediation, MediationChannel, MediationState
from bianmin.mediation.selectors import overdue as overdue_rows


class MediationFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    state = django_filters.ChoiceFilter(choices=MediationState.choices, label=_("状态"))
    kind = django_filters.ChoiceFilter(choices=DisputeKind.choices, label=_("纠纷类型"))
    channel = django_filters.ChoiceFilter(choices=MediationChannel.choices, label=_("受理渠道"))
    date_after = django_filters.DateFilter(
        field_name="registered_on", lookup_expr="gte", label=_("登记日期自")
    )
    date_before = django_filters.DateFilter(
        field_name="registered_on", lookup_expr="lte", label=_("登记日期至")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("已超期（含回访超期）"))

    class Meta:
        model = Mediation
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet[Mediation], name: str, value: bool) -> QuerySet[Mediation]:
        if value is None:
            return queryset
        late = overdue_rows(queryset, timezone.localdate())
        return late if value else queryset.exclude(pk__in=late.values("pk"))
