"""Forms of the roster and meeting pages; the actions check the rules, the forms only read the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bianmin.duty.models import MeetingKind, Presence
from bianmin.orgs.models import Staff


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AssignForm(forms.Form):
    staff = StaffChoice(label=_("值班人"), queryset=Staff.objects.none())
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]


class SwapForm(forms.Form):
    to_staff = StaffChoice(label=_("接班人"), queryset=Staff.objects.none())
    other_date = forms.DateField(
        label=_("对调日期"), required=False, help_text=_("接班人本人的另一天值班，两人对调；留空则只是替班")
    )
    reason = forms.CharField(label=_("调班原因"), max_length=200)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_staff"].queryset = staff  # type: ignore[attr-defined]


class LogForm(forms.Form):
    log = forms.CharField(label=_("值班记录"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    hall_cleaned = forms.BooleanField(label=_("已打扫大厅卫生"), required=False)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(
        label=_("时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("地点"), max_length=60, required=False)
    topic = forms.CharField(label=_("议题"), max_length=200)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("会议记录"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))


PRESENCE_CHOICES = Presence.choices
