"""The filters of the booking list, shared by the counter's page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from bianmin.appointments.models import Appointment, AppointmentState, BookingChannel


class AppointmentFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="org__code", label=_("中心"))
    date = django_filters.DateFilter(label=_("预约日期"))
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("预约日期自"))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("预约日期至"))
    window = django_filters.CharFilter(field_name="window__code", label=_("窗口"))
    item = django_filters.CharFilter(field_name="item__code", label=_("事项编码"))
    state = django_filters.ChoiceFilter(choices=AppointmentState.choices, label=_("状态"))
    channel = django_filters.ChoiceFilter(choices=BookingChannel.choices, label=_("预约方式"))

    class Meta:
        model = Appointment
        fields: list[str] = []
