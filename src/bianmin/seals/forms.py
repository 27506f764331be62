"""The seal pages' forms: registering a seal, its status, a use, a request, a decision, a hand-over."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bianmin.seals.models import MAX_IMPRESSIONS, NUMBER_PATTERN, SealKind, SealStatus
from bianmin.seals.selectors import colleagues


def _text(max_length: int, *, label: Any, required: bool = False, rows: int = 0) -> forms.CharField:
    widget: Any = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(max_length=max_length, label=label, required=required, widget=widget)


def _impressions() -> forms.IntegerField:
    return forms.IntegerField(label=_("用印次数"), min_value=1, max_value=MAX_IMPRESSIONS, initial=1)


class _StaffChoice(forms.Form):
    staff_field = ""

    def __init__(self, *args: Any, org: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.staff_field].choices = [  # type: ignore[attr-defined]
            (s.pk, s.name) for s in colleagues(org)
        ]


class SealForm(_StaffChoice):
    staff_field = "custodian"
    number = forms.RegexField(NUMBER_PATTERN, max_length=16, label=_("印章编号"), help_text=_("如 ZJ-001"))
    name = _text(100, label=_("印章名称"), required=True)
    kind = forms.ChoiceField(label=_("印章种类"), choices=SealKind.choices)
    custodian = forms.TypedChoiceField(label=_("保管人"), coerce=int)
    needs_approval = forms.TypedChoiceField(
        label=_("用印需审批"),
        choices=[("", _("按印章种类")), ("1", _("需审批")), ("0", _("不需审批"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    impression = forms.FileField(label=_("印模图片（PNG/JPG）"), required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=SealStatus.choices)
    reason = _text(200, label=_("原因"), required=True)


class UseForm(forms.Form):
    seal = forms.CharField(max_length=16, label=_("印章编号"))
    request = forms.TypedChoiceField(label=_("用印申请"), coerce=int, empty_value=None, required=False)
    case_number = _text(50, label=_("办件编号"))
    document = _text(200, label=_("文件名称"))
    purpose = _text(200, label=_("用印事由"))
    impressions = _impressions()

    def __init__(self, *args: Any, approvals: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["request"].choices = [("", _("（无需审批）"))] + [  # type: ignore[attr-defined]
            (r.pk, f"#{r.pk} {r.seal.number} {r.purpose}（{r.impressions}）") for r in approvals
        ]


class RequestForm(forms.Form):
    purpose = _text(200, label=_("用印事由"), required=True)
    case_number = _text(50, label=_("办件编号"))
    document = _text(200, label=_("文件名称"))
    impressions = _impressions()


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批"), choices=[("1", _("批准")), ("0", _("不批准"))], coerce=lambda v: v == "1"
    )
    note = _text(300, label=_("审批意见"))


class HandoverForm(_StaffChoice):
    staff_field = "to"
    to = forms.TypedChoiceField(label=_("接收人"), coerce=int)
    note = _text(300, label=_("交接说明"))


class NoteForm(forms.Form):
    note = _text(300, label=_("说明"))
