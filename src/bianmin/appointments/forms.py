"""Forms of the booking pages (hall and counter). They check the shape of the input; the actions check the
rules and refuse with the codes and words the API uses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bianmin.orgs.models import Window


class PersonForm(forms.Form):
    """Who books: the slot is chosen on the same page (``start``)."""

    start = forms.TimeField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(max_length=100, label=_("姓名"))
    phone = forms.CharField(
        max_length=40,
        label=_("手机号码"),
        help_text=_("预约成功后发送短信；取消或改约时凭预约码和此号码"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    id_number = forms.CharField(
        max_length=40,
        label=_("身份证号码"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class LookupForm(forms.Form):
    code = forms.CharField(
        max_length=8,
        label=_("预约码"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    phone = forms.CharField(
        max_length=40, label=_("手机号码"), widget=forms.TextInput(attrs={"inputmode": "tel"})
    )


class ClosureForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    window = forms.ModelChoiceField(
        Window.objects.none(), required=False, label=_("窗口"), empty_label=_("全部窗口")
    )
    start = forms.TimeField(
        required=False,
        label=_("时段开始"),
        help_text=_("留空停止全天"),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    reason = forms.CharField(max_length=200, label=_("原因"))

    def __init__(self, *args: Any, org: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = Window.objects.filter(org=org, active=True).order_by("number")  # type: ignore[attr-defined]
