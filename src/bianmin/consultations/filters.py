"""The filters of the consultation log, shared by the counter page and the API. The statistics table's
consultations column drills here: ``center``, ``date_after``/``date_before`` and ``window`` or ``item``
select the consultations behind one of its numbers."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bianmin.consultations.models import Answer, Consultation, ConsultationChannel, State
from bianmin.orgs.selectors import staff_of


class ConsultationFilter(django_filters.FilterSet):
    # County roles see several centers: one of them by its division code (the list is scoped already).
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    date_after = django_filters.DateFilter(field_name="asked_on", lookup_expr="gte", label=_("日期自"))
    date_before = django_filters.DateFilter(field_name="asked_on", lookup_expr="lte", label=_("日期至"))
    window = django_filters.NumberFilter(field_name="window_id", label=_("窗口"))
    item = django_filters.CharFilter(field_name="item__code", label=_("事项编码"))
    channel = django_filters.ChoiceFilter(choices=ConsultationChannel.choices, label=_("咨询方式"))
    how = django_filters.ChoiceFilter(choices=Answer.choices, label=_("答复方式"))
    state = django_filters.ChoiceFilter(choices=State.choices, label=_("状态"))
    topic = django_filters.CharFilter(field_name="topic", lookup_expr="icontains", label=_("咨询内容"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("由我负责"))

    class Meta:
        model = Consultation
        fields: list[str] = []

    def filter_mine(self, queryset: QuerySet[Consultation], name: str, value: bool) -> QuerySet[Consultation]:
        if value is None:
            return queryset
        staff = staff_of(getattr(self.request, "user", None))
        pk = staff.pk if staff is not None else None
        return queryset.filter(owner_id=pk) if value else queryset.exclude(owner_id=pk)
