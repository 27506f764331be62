"""The leave list's filters, shared by the counter page and ``GET /api/v1/leave/``."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from bianmin.attendance.models import LeaveKind, LeaveRequest, LeaveState
from bianmin.lib.periods import parse_period

MONTH_PATTERN = r"^20\d{2}-(0[1-9]|1[0-2])$"


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "description": "YYYY-MM"})
class MonthFilter(django_filters.Filter):
    """A month ``YYYY-MM``, its pattern in the API schema as in the form's check. Not a ``CharFilter``: the
    API refuses it sent empty, as the schema says (the page's form still sends it empty meaning any)."""

    field_class = forms.CharField


class LeaveFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=LeaveState.choices, label=_("状态"))
    kind = django_filters.ChoiceFilter(choices=LeaveKind.choices, label=_("类别"))
    staff = django_filters.CharFilter(field_name="staff__user__username", label=_("请假人(账号)"))
    month = MonthFilter(
        method="in_month",
        label=_("月份"),
        validators=[RegexValidator(MONTH_PATTERN, _("月份格式应为 YYYY-MM"))],
        help_text="YYYY-MM",
    )

    class Meta:
        model = LeaveRequest
        fields: list[str] = []

    def in_month(self, rows: QuerySet[LeaveRequest], name: str, value: Any) -> QuerySet[LeaveRequest]:
        """Leave with at least a day in the month (a leave across month ends shows in both)."""
        if not value:
            return rows
        period = parse_period(str(value))
        return rows.filter(start_day__lte=period.last, end_day__gte=period.first)
