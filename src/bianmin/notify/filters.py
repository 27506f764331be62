"""The outbox list's filters, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from bianmin.notify.kinds import ChannelKind, MessageKind
from bianmin.notify.models import Message, MessageState

# The outbox lists what travels to citizens; in-app notifications are on each staff member's own bell.
OUTBOX_CHANNELS = [c for c in ChannelKind.choices if c[0] != ChannelKind.INAPP]


class MessageFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=MessageKind.choices, label=_("通知类型"))
    state = django_filters.ChoiceFilter(choices=MessageState.choices, label=_("状态"))
    channel = django_filters.ChoiceFilter(choices=OUTBOX_CHANNELS, label=_("渠道"))
    case = django_filters.CharFilter(field_name="case_number", label=_("受理编号"))
    created_after = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("生成日期自")
    )
    created_before = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("生成日期至")
    )

    class Meta:
        model = Message
        fields: list[str] = []
