"""The consultation pages' forms: the quick form (three required fields) and each follow-up step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bianmin.consultations.models import Answer, ConsultationChannel
from bianmin.consultations.selectors import colleagues


def _text(
    max_length: int, *, label: Any, required: bool = False, rows: int = 0, **attrs: Any
) -> forms.CharField:
    widget: Any = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs=attrs)
    return forms.CharField(max_length=max_length, label=label, required=required, widget=widget)


class QuickForm(forms.Form):
    """咨询登记: the topic, how it was answered and the channel are required; everything else may be left."""

    topic = _text(200, label=_("咨询内容"), required=True, list="topics", autocomplete="off", autofocus=True)
    how = forms.ChoiceField(label=_("答复方式"), choices=Answer.choices, initial=Answer.ON_THE_SPOT)
    channel = forms.ChoiceField(
        label=_("咨询方式"),
        choices=ConsultationChannel.choices,
        initial=ConsultationChannel.WINDOW,
        widget=forms.RadioSelect,
    )
    item = _text(10, label=_("事项（可选）"), list="items", autocomplete="off", spellcheck="false")
    window = forms.TypedChoiceField(label=_("窗口"), coerce=int, empty_value=None, required=False)
    answer = _text(2000, label=_("答复内容（可选）"), rows=2)
    citizen_name = _text(100, label=_("咨询人（可选）"), autocomplete="off")
    citizen_phone = _text(40, label=_("联系电话（可选）"), inputmode="tel", autocomplete="off")
    minutes = forms.IntegerField(
        label=_("用时(分钟)"),
        min_value=1,
        max_value=600,
        required=False,
        help_text=_("不填则按打开表单到提交的时间计算"),
    )
    opened_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, windows: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["window"].choices = [("", _("（不指定）"))] + [  # type: ignore[attr-defined]
            (w.pk, f"{w.number} {w.name}") for w in windows
        ]


class FollowUpForm(forms.Form):
    days = forms.IntegerField(label=_("跟进期限（工作日）"), min_value=1, max_value=30, required=False)
    note = _text(500, label=_("说明"))


class HandOverForm(forms.Form):
    to = forms.TypedChoiceField(label=_("移交给"), coerce=int)
    note = _text(500, label=_("移交事项和要求"), required=True, rows=2)

    def __init__(self, *args: Any, org: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s.pk, s.name) for s in colleagues(org)]  # type: ignore[attr-defined]


class TakeOverForm(forms.Form):
    owner_seen = forms.IntegerField(widget=forms.HiddenInput)
    note = _text(500, label=_("说明"))


class CloseForm(forms.Form):
    answer = _text(2000, label=_("答复内容"), required=True, rows=3)


class FaqForm(forms.Form):
    item = _text(10, label=_("事项编码"), required=True, list="items", spellcheck="false")
    question = _text(200, label=_("问题"), required=True)
    answer = _text(2000, label=_("答复"), required=True, rows=3)
    position = forms.IntegerField(label=_("排序"), min_value=0, max_value=999, required=False, initial=0)
    asked = forms.IntegerField(required=False, widget=forms.HiddenInput)
