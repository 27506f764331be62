"""The leave request form of the counter page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bianmin.attendance.models import LeaveKind, Session


class LeaveForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=LeaveKind.choices)
    start_day = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    start_session = forms.ChoiceField(label=_("开始时段"), choices=Session.choices)
    end_day = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end_session = forms.ChoiceField(label=_("结束时段"), choices=Session.choices, initial=Session.AFTERNOON)
    reason = forms.CharField(label=_("事由"), max_length=200)
    sick_record = forms.CharField(label=_("病历记录"), max_length=100, required=False)
    replacement = forms.CharField(label=_("顶岗人员"), max_length=40, required=False)
