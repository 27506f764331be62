"""The forms of a rating's page: exclusion, the rectification's owner, measures, the follow-up call, the check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bianmin.feedback.models import Exclusion
from bianmin.feedback.selectors import owner_choices
from bianmin.orgs.models import Window


class ExcludeForm(forms.Form):
    kind = forms.ChoiceField(label=_("认定为"), choices=Exclusion.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("认定理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("整改责任人"), queryset=owner_choices(0))

    def __init__(self, *args: Any, org: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["owner"]
        field.queryset = owner_choices(org)
        field.label_from_instance = lambda user: user.staff.name


class MeasuresForm(forms.Form):
    measures = forms.CharField(label=_("整改措施"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class CallForm(forms.Form):
    called_on = forms.DateField(label=_("回访日期"), widget=forms.DateInput(attrs={"type": "date"}))
    response = forms.CharField(label=_("群众意见"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    satisfied = forms.TypedChoiceField(
        label=_("群众是否满意"),
        choices=[("1", _("满意")), ("0", _("不满意"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class CloseForm(forms.Form):
    note = forms.CharField(label=_("核实意见"), max_length=300, required=False)


class EvaluatorForm(forms.Form):
    window: forms.ModelChoiceField = forms.ModelChoiceField(label=_("窗口"), queryset=Window.objects.none())
    name = forms.CharField(label=_("设备名称"), max_length=60, required=False)

    def __init__(self, *args: Any, windows: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["window"]
        field.queryset = windows
        field.label_from_instance = lambda w: f"{w.number}号 {w.name}"
