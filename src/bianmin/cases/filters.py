"""The case list's filters, shared by the counter's list page and the API (``GET /api/v1/cases/``)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import Case, CaseState
from bianmin.catalog.models import CaseKind
from bianmin.orgs.models import Org, OrgKind


class CaseFilter(django_filters.FilterSet):
    # One ``state IN (…)``: an OR of equalities keeps PostgreSQL from using the (org, state, due) index, and
    # no join can repeat a case, so no DISTINCT (which sorts every column at a million cases).
    state = django_filters.MultipleChoiceFilter(choices=CaseState.choices, method="filter_state")
    kind = django_filters.ChoiceFilter(choices=CaseKind.choices)
    # ``?window=MZ`` or several, comma-separated (``?window=MZ,GT``: the home page's 今日登记 at my windows)
    window = django_filters.CharFilter(method="filter_window", label=_("受理窗口代码（可用逗号分隔多个）"))
    # County roles see several centers: one of them by its division code (the list is scoped already, so a
    # center outside the user's scope simply has no cases).
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    # A town with its village stations' own (delegated) cases: the county's per-town counts link here.
    town = django_filters.CharFilter(method="filter_town", label=_("乡镇（含所属村站）"))
    number = django_filters.CharFilter(field_name="number", lookup_expr="startswith", label=_("受理编号前缀"))
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    registered_after = django_filters.DateFilter(field_name="registered_at__date", lookup_expr="gte")
    registered_before = django_filters.DateFilter(field_name="registered_at__date", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("已超期"))
    handler = django_filters.CharFilter(field_name="handler__username")
    # 首问责任人 or 承办人: the cases a member of staff answers for (the home page's 我的在办件, in full)
    responsible = django_filters.CharFilter(method="filter_responsible", label=_("责任人（首问或承办）"))

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_state(self, queryset: QuerySet[Case], name: str, value: list[str]) -> QuerySet[Case]:
        return queryset.filter(state__in=value) if value else queryset

    def filter_window(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        codes = [code.strip() for code in value.split(",") if code.strip()]
        return queryset.filter(window__code__in=codes) if codes else queryset

    def filter_responsible(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        return queryset.filter(Q(handler__username=value) | Q(first_contact__username=value))

    def filter_town(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        below = Q(code=value, kind=OrgKind.TOWN) | Q(parent__code=value, parent__kind=OrgKind.TOWN)
        return queryset.filter(org_id__in=Org.objects.filter(below).values("pk"))

    def filter_overdue(self, queryset: QuerySet[Case], name: str, value: bool) -> QuerySet[Case]:
        today = timezone.localdate()
        late = {"state__in": CaseState.running_states(), "due_date__lt": today}
        return queryset.filter(**late) if value else queryset.exclude(**late)
