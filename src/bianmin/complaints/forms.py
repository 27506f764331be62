"""Forms of the complaint and opinion-book pages (counter and hall). They check the shape of the input; the
actions check the rules and refuse with the codes and words the API uses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bianmin.complaints.models import AuthorKind, Channel, OpinionSource, ReplyMode
from bianmin.orgs.models import Staff, Window


def _text(max_length: int, *, label: Any, required: bool = False, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(max_length=max_length, required=required, label=label, widget=widget)


class _CenterForm(forms.Form):
    def __init__(self, *args: Any, org: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                model = field.queryset.model
                if model is Window:
                    field.queryset = Window.objects.filter(org=org).order_by("number", "code")
                elif model is Staff:
                    field.queryset = Staff.objects.filter(org=org).order_by("name")


class ComplaintForm(_CenterForm):
    channel = forms.ChoiceField(label=_("投诉方式"), choices=Channel.choices)
    content = _text(2000, label=_("投诉内容"), required=True, rows=5)
    complainant_name = _text(100, label=_("投诉人"))
    complainant_phone = _text(40, label=_("联系电话"))
    against_staff = forms.ModelChoiceField(Staff.objects.none(), required=False, label=_("被投诉人"))
    against_window = forms.ModelChoiceField(Window.objects.none(), required=False, label=_("被投诉窗口"))
    case_number = _text(50, label=_("涉及办件受理编号"))
    major = forms.BooleanField(required=False, label=_("重大投诉(须书面形式)"))


class ReplyForm(forms.Form):
    mode = forms.ChoiceField(label=_("答复方式"), choices=ReplyMode.choices)
    text = _text(2000, label=_("答复内容"), required=True, rows=5)


class DecideForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("投诉是否成立"),
        choices=[("1", _("成立")), ("0", _("不成立"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    findings = _text(2000, label=_("调查核实情况"), required=True, rows=3)
    reason = _text(1000, label=_("处理意见"), required=True, rows=3)


class ReferForm(_CenterForm):
    to_staff = forms.ModelChoiceField(Staff.objects.none(), required=False, label=_("移送给(中心领导)"))
    to_body = _text(100, label=_("移送单位(如 镇纪委)"))
    note = _text(1000, label=_("移送说明"), required=True, rows=3)


class OpinionForm(_CenterForm):
    source = forms.ChoiceField(label=_("来源"), choices=OpinionSource.choices)
    content = _text(2000, label=_("意见内容"), required=True, rows=4)
    author_kind = forms.ChoiceField(label=_("提出人类别"), choices=AuthorKind.choices)
    author_name = _text(100, label=_("提出人"))
    author_phone = _text(40, label=_("联系电话"))
    author_staff = forms.ModelChoiceField(Staff.objects.none(), required=False, label=_("提出人(工作人员)"))
    consent_to_publish = forms.BooleanField(required=False, label=_("提出人同意公开答复"))


class AnswerForm(forms.Form):
    answer = _text(2000, label=_("答复"), required=True, rows=4)
    publish = forms.BooleanField(required=False, label=_("在网上大厅公开(须提出人同意)"))


class AdoptForm(forms.Form):
    note = _text(300, label=_("采纳说明"), required=True)


class PublicComplaintForm(forms.Form):
    content = _text(2000, label=_("投诉内容"), required=True, rows=6)
    window = forms.ChoiceField(label=_("涉及窗口"), required=False)
    case_number = _text(50, label=_("涉及办件受理编号(可不填)"))
    complainant_name = _text(100, label=_("姓名"), required=True)
    complainant_phone = _text(40, label=_("联系电话"), required=True)

    def __init__(self, *args: Any, org: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        windows = Window.objects.filter(org=org).order_by("number", "code") if org is not None else []
        window = self.fields["window"]
        assert isinstance(window, forms.ChoiceField)
        window.choices = [("", "—")] + [(w.code, w.name) for w in windows]


class PublicOpinionForm(forms.Form):
    content = _text(2000, label=_("意见或建议"), required=True, rows=6)
    author_name = _text(100, label=_("姓名(可不填，匿名提出)"))
    author_phone = _text(40, label=_("联系电话(可不填)"))
    consent_to_publish = forms.BooleanField(required=False, label=_("同意在网上大厅公开答复(姓名脱敏)"))
