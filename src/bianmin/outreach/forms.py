"""Forms of the market-day and home-visit pages. They check the shape of the input; the actions check the
rules and refuse with the codes and words the API uses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from bianmin.cases import actions as case_actions
from bianmin.cases.models import ApplicantKind, IdType
from bianmin.catalog.models import ServiceItem
from bianmin.lib.forms import resubmit_token_field
from bianmin.lib.text import clean_form_fields, clean_person_name, number_text
from bianmin.orgs.models import Org, Staff
from bianmin.outreach.models import MARKET_OPENS, VisitReason
from bianmin.outreach.selectors import center_staff

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _text(
    max_length: int, *, label: Any, required: bool = False, rows: int = 0, **attrs: Any
) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs=attrs)
    return forms.CharField(max_length=max_length, required=required, label=label, widget=widget)


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100_000,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class StaffLabel(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Staff) -> str:
        if not obj.position:
            return obj.name
        return f"{obj.name}{pgettext('punctuation', '（')}{obj.position}{pgettext('punctuation', '）')}"


# ---------------------------------------------------------------------------------------------- market days


class PlanForm(forms.Form):
    """The place, start, leader in charge and team of a market-day event (new or planned)."""

    place = _text(60, label=_("地点"), required=True, placeholder=_("如 熊家场"))
    starts_at = forms.TimeField(
        label=_("开始时间"),
        initial=MARKET_OPENS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    leader = forms.ModelChoiceField(queryset=Staff.objects.none(), label=_("带队领导"), required=False)
    team = StaffLabel(
        queryset=Staff.objects.none(), label=_("服务队"), required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = _text(500, label=_("备注"), rows=2)

    def __init__(self, *args: Any, org: Org | int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = center_staff(org)
        self.fields["leader"].queryset = staff  # type: ignore[attr-defined]
        self.fields["team"].queryset = staff  # type: ignore[attr-defined]

    def arguments(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "place": d["place"],
            "starts_at": d.get("starts_at"),
            "leader": d.get("leader"),
            "team": list(d.get("team") or []),
            "notes": d.get("notes", ""),
        }


class NewMarketDayForm(PlanForm):
    date = forms.DateField(label=_("赶场日期"), widget=forms.DateInput(attrs={"type": "date"}))
    field_order = ["date", "place", "starts_at", "leader", "team", "notes"]


class ScheduleMonthForm(forms.Form):
    """安排一个月的赶场 from the center's market days."""

    center = forms.CharField(max_length=12, widget=forms.HiddenInput)
    month = forms.CharField(label=_("月份"), max_length=7, widget=forms.TextInput(attrs={"type": "month"}))

    def clean_month(self) -> tuple[int, int]:
        try:
            first = dt.datetime.strptime(self.cleaned_data["month"], "%Y-%m")  # noqa: DTZ007 - a month, no time
        except ValueError as exc:
            raise forms.ValidationError(_("月份格式应为 YYYY-MM")) from exc
        return first.year, first.month


class LogForm(forms.Form):
    """活动日志: counts of the day's service; the matters registered are counted from the cases."""

    people_served = _count(_("服务群众(人次)"))
    consultations = _count(_("解答咨询(件)"))
    disputes_mediated = _count(_("调解纠纷(件)"))
    follow_up_visits = _count(_("跟踪回访(次)"))
    note = _text(2000, label=_("活动日志"), rows=4)


class EndForm(forms.Form):
    ends_at = forms.TimeField(
        label=_("散场时间"),
        required=False,
        help_text=_("当天结束可不填，按现在的时间记录"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class CancelForm(forms.Form):
    reason = _text(200, label=_("取消原因"), required=True)


# ---------------------------------------------------------------------------------------------- home visits


class HomeVisitForm(forms.Form):
    """上门服务登记."""

    requester_name = _text(100, label=_("申请人"), required=True, autocomplete="off")
    requester_phone = _text(40, label=_("联系电话"), required=True, inputmode="tel", autocomplete="off")
    requester_id_number = _text(40, label=_("身份证号码（可选）"), autocomplete="off", spellcheck="false")
    reason = forms.ChoiceField(label=_("上门原因"), choices=VisitReason.choices, widget=forms.RadioSelect)
    reason_note = _text(200, label=_("情况说明"), placeholder=_("如 85岁，行动不便"))
    matter = _text(200, label=_("需办事项"), required=True, placeholder=_("如 高龄津贴申请"))
    address = _text(200, label=_("上门地址"), required=True)
    wished_at = forms.DateTimeField(
        label=_("希望上门时间"),
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )

    def clean(self) -> dict[str, Any]:
        clean_form_fields(
            self,
            {
                "requester_name": clean_person_name,
                "requester_phone": number_text,
                "requester_id_number": number_text,
            },
        )
        return self.cleaned_data


class AssignForm(forms.Form):
    staff = forms.ModelChoiceField(queryset=Staff.objects.none(), label=_("上门人员"))

    def __init__(self, *args: Any, org: Org | int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = center_staff(org)  # type: ignore[attr-defined]


class VisitForm(forms.Form):
    visited_at = forms.DateTimeField(
        label=_("上门时间"),
        required=False,
        help_text=_("不填按现在的时间记录"),
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    note = _text(1000, label=_("上门情况"), required=True, rows=3)


# ---------------------------------------------------------------------------------------------- on site


class OnSiteCaseForm(forms.Form):
    """现场登记: a person's application taken at the market stall or in their home. The case is registered
    (state 已提交) and then accepted, or told what is missing, on its case page like any other."""

    item = forms.CharField(max_length=10, widget=forms.HiddenInput)
    name = _text(100, label=_("申请人姓名"), required=True, autocomplete="off")
    id_number = _text(40, label=_("身份证号码"), required=True, autocomplete="off", spellcheck="false")
    phone = _text(40, label=_("联系电话"), inputmode="tel", autocomplete="off")
    address = _text(200, label=_("地址"))
    received = forms.MultipleChoiceField(
        label=_("已收取的材料"), required=False, widget=forms.CheckboxSelectMultiple
    )
    token = resubmit_token_field()

    def __init__(self, *args: Any, item: ServiceItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].initial = item.code
        materials = item.current.materials.all() if item.current is not None else []
        received = self.fields["received"]
        assert isinstance(received, forms.MultipleChoiceField)
        received.choices = [(str(m.pk), m.name) for m in materials]

    def clean(self) -> dict[str, Any]:
        clean_form_fields(self, {"name": clean_person_name, "phone": number_text})
        # Everything registering would refuse of the applicant, each next to its field, in one answer.
        for field, err in case_actions.applicant_problems(self.applicant()).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, forms.ValidationError(str(err.message), code=err.code))
        return self.cleaned_data

    def applicant(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "kind": ApplicantKind.PERSON,
            "name": d.get("name", ""),
            "id_type": IdType.RESIDENT_ID,
            "id_number": d.get("id_number", ""),
            "phone": d.get("phone", ""),
            "address": d.get("address", ""),
        }
