"""The card list's filters, shared by the board page and the API (level, status, rule, window, staff,
date range of the day the card was reached)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bianmin.supervision.models import CardLevel, CardRule, CardStatus
from bianmin.supervision.selectors import CardQuery


class CardFilterForm(forms.Form):
    level = forms.ChoiceField(label=_("等级"), choices=[("", ""), *CardLevel.choices], required=False)
    status = forms.ChoiceField(label=_("认定"), choices=[("", ""), *CardStatus.choices], required=False)
    rule = forms.ChoiceField(label=_("监察规则"), choices=[("", ""), *CardRule.choices], required=False)
    window = forms.IntegerField(label=_("窗口"), required=False, min_value=1)
    staff = forms.IntegerField(label=_("责任人"), required=False, min_value=1)
    since = forms.DateField(label=_("亮牌日期自"), required=False)
    until = forms.DateField(label=_("亮牌日期至"), required=False)

    def query(self) -> CardQuery:
        data: dict[str, Any] = self.cleaned_data
        return CardQuery(
            level=data.get("level") or "",
            status=data.get("status") or "",
            rule=data.get("rule") or "",
            window=data.get("window"),
            staff=data.get("staff"),
            since=data.get("since"),
            until=data.get("until"),
        )


FILTER_NAMES = tuple(CardFilterForm.base_fields)
