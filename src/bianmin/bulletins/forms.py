"""Forms of the notices' counter pages: shape only; the actions check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bianmin.bulletins.models import BODY_MAX, TITLE_MAX, BulletinKind
from bianmin.outreach.models import MarketDay, MarketDayState


class BulletinForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=BulletinKind.choices)
    title = forms.CharField(label=_("标题"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("正文"), max_length=BODY_MAX, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    valid_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("截止日期（留空为长期有效）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    pinned = forms.BooleanField(label=_("置顶"), required=False)
    market_day = forms.TypedChoiceField(
        label=_("关联赶场活动（可选）"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, org_id: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = MarketDay.objects.filter(org_id=org_id, state=MarketDayState.SCHEDULED).order_by("date")[:50]
        field = self.fields["market_day"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [(d.pk, f"{d.date:%Y-%m-%d} {d.place}") for d in days]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=200, required=False)
