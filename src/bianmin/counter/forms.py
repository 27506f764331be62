"""Forms of the counter pages. They check only the shape of the input; the rules are the actions' job.

Each case action form is the form of one step of the lifecycle table (``step``) and calls that step's
action, so the view stays a loop: validate, call, show the message. The action re-checks everything and
refuses with a ``DomainError``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bianmin.cases import actions
from bianmin.cases.actions import Outcome
from bianmin.cases.guards import MAX_EXTENSION_DAYS, recordable_steps, recorded_steps
from bianmin.cases.models import (
    ApplicantKind,
    Case,
    CaseMaterial,
    Channel,
    DeliveryMethod,
    GreenChannel,
    IdType,
    Result,
    StepOutcome,
    SuspensionType,
)
from bianmin.cases.steps import Step
from bianmin.catalog.models import ServiceItem
from bianmin.counter.display import user_name
from bianmin.counter.forms_mail import MailChoiceForm
from bianmin.counter.selectors import assignable_handlers
from bianmin.lib.errors import DomainError
from bianmin.lib.forms import resubmit_token_field
from bianmin.lib.identity import clean_resident_id
from bianmin.lib.text import clean_form_fields, clean_person_name, number_text
from bianmin.workdays.services import add_workdays

# At the counter the applicant stands in front of the clerk, or the clerk went out to them; online
# applications and village stations have their own ways in.
COUNTER_CHANNELS = [
    (c.value, c.label) for c in (Channel.WINDOW, Channel.APPOINTMENT, Channel.HOME_VISIT, Channel.MARKET_DAY)
]

DECISIONS = {
    # 即收即办 (003 曾家镇): an instant item is registered, accepted and granted at the window in one step.
    "instant": _("登记、受理并当场办结"),
    "accept": _("登记并受理"),
    "notify": _("登记并出具一次性告知书"),
    "reject": _("登记并不予受理"),
    "register": _("仅登记（转中心受理）"),
}


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _text(
    max_length: int, *, required: bool = False, label: Any = "", rows: int = 0, **attrs: Any
) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs=attrs)
    return forms.CharField(max_length=max_length, required=required, label=label, widget=widget)


# ``actions.applicant_problems`` names the applicant's fields as the action does; the form's names differ.
INTAKE_FIELDS = {"kind": "applicant_kind"}


class IntakeForm(MailChoiceForm):
    """一窗受理: the applicant, the materials received, and what to do with the registration."""

    item = forms.CharField(max_length=10, widget=forms.HiddenInput)
    applicant_kind = forms.ChoiceField(
        label=_("申请人类型"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    name = _text(100, required=True, label=_("申请人姓名/单位名称"), autocomplete="off")
    id_type = forms.ChoiceField(
        label=_("证件类型"), choices=IdType.choices, initial=IdType.RESIDENT_ID, required=False
    )
    id_number = _text(40, label=_("证件号码"), autocomplete="off", spellcheck="false")
    credit_code = _text(18, label=_("统一社会信用代码"), autocomplete="off", spellcheck="false")
    phone = _text(40, label=_("联系电话"), inputmode="tel", autocomplete="off")
    address = _text(200, label=_("地址"))
    has_agent = forms.BooleanField(label=_("由代理人办理"), required=False)
    agent_name = _text(100, label=_("代理人姓名"))
    agent_id_number = _text(40, label=_("代理人身份证号码"), autocomplete="off", spellcheck="false")
    agent_phone = _text(40, label=_("代理人电话"), inputmode="tel")
    agent_authorization = _text(200, label=_("授权委托书（名称或编号）"))
    proxy = forms.BooleanField(label=_("村(居)民已签署授权委托书，由代办员全程代办"), required=False)
    authorized_on = forms.DateField(
        label=_("委托日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    authorization_scan = forms.FileField(label=_("签字的委托书扫描件（可选）"), required=False)
    green_channel = forms.ChoiceField(
        label=_("绿色通道"), choices=[("", _("不开通"))] + list(GreenChannel.choices), required=False
    )
    channel = forms.ChoiceField(label=_("申请渠道"), choices=COUNTER_CHANNELS, initial=Channel.WINDOW)
    received = forms.MultipleChoiceField(
        label=_("已收取的材料"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = _text(1000, label=_("不予受理理由"), rows=3)
    decision = forms.ChoiceField(choices=list(DECISIONS.items()))
    token = resubmit_token_field()

    def __init__(self, *args: Any, item: ServiceItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if item is not None and item.current is not None:
            self.fields["item"].initial = item.code
            _set_choices(self, "received", [(str(m.pk), m.name) for m in item.current.materials.all()])

    def clean(self) -> dict[str, Any]:
        # The applicant's and agent's typed details as the actions take them; a superscript digit or a
        # line break in a name is refused here, next to its field, in the actions' words. The applicant's
        # ID number is left to the action: the page shows that field's refusals above the form.
        names = {"name": clean_person_name, "agent_name": clean_person_name}
        numbers = dict.fromkeys(["credit_code", "phone", "agent_id_number", "agent_phone"], number_text)
        clean_form_fields(self, {**names, **numbers})
        # Everything registering would refuse, each next to its field, in one answer (a field that is
        # already marked keeps its first message).
        for field, err in actions.applicant_problems(self.applicant(), self.agent()).items():
            name = INTAKE_FIELDS.get(field, field)
            if name in self.fields and name not in self.errors:
                self.add_error(name, forms.ValidationError(str(err.message), code=err.code))
        return self.cleaned_data

    def applicant(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "kind": d.get("applicant_kind", ApplicantKind.PERSON),
            "name": d.get("name", ""),
            "id_type": d.get("id_type") or IdType.RESIDENT_ID,
            "id_number": d.get("id_number", ""),
            "credit_code": d.get("credit_code", ""),
            "phone": d.get("phone", ""),
            "address": d.get("address", ""),
        }

    def authorization(self) -> dict[str, Any] | None:
        """授权委托 of a village agent's proxy case; None when the agent only helps (帮办)."""
        d = self.cleaned_data
        if not d.get("proxy"):
            return None
        return {"signed_on": d.get("authorized_on"), "scan": d.get("authorization_scan")}

    def agent(self) -> dict[str, Any] | None:
        d = self.cleaned_data
        if not d.get("has_agent"):
            return None
        return {
            "name": d.get("agent_name", ""),
            "id_number": d.get("agent_id_number", ""),
            "phone": d.get("agent_phone", ""),
            "authorization": d.get("agent_authorization", ""),
        }


# ------------------------------------------------------------------------------------------ case actions


class CaseActionForm(forms.Form):
    """The form of one step of the lifecycle table. Its fields are the action's keyword arguments (or
    ``arguments`` maps them); its title is the step's label; the action checks everything again."""

    step: ClassVar[Step]
    button: ClassVar[Any]
    done: ClassVar[Any]
    danger: ClassVar[bool] = False

    def __init__(self, *args: Any, case: Case, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.user = user
        self.setup()

    @property
    def action(self) -> str:
        return self.step.value

    @property
    def title(self) -> str:
        return str(self.step.label)

    def setup(self) -> None:
        """Fill choices that depend on the case."""

    def arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    def call(self, actor: Any, now: dt.datetime) -> Outcome:
        return actions.ACTIONS[self.step](self.case.number, actor=actor, now=now, **self.arguments())


def _material_ref(material: CaseMaterial) -> str:
    # The catalog id when there is one: names are what the clerk reads, but ids cannot collide.
    return str(material.material_id) if material.material_id is not None else material.name


class SupplementForm(CaseActionForm):
    step, button, done = Step.SUPPLEMENT, _("登记补交的材料"), _("已登记补交的材料")
    materials = forms.MultipleChoiceField(label=_("补交的材料"), widget=forms.CheckboxSelectMultiple)

    def setup(self) -> None:
        _set_choices(
            self,
            "materials",
            [(_material_ref(m), m.name) for m in self.case.materials.all() if not m.received],
        )


class AcceptForm(CaseActionForm):
    step, button, done = Step.ACCEPT, pgettext_lazy("button", "受理"), _("已受理，已出具受理通知书")


class NotifyMissingForm(CaseActionForm):
    step, button, done = Step.NOTIFY_MISSING, _("出具一次性告知书"), _("已出具一次性告知书")
    materials = forms.MultipleChoiceField(
        label=_("已收取但不合格、须重新提交的材料"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def setup(self) -> None:
        _set_choices(
            self, "materials", [(_material_ref(m), m.name) for m in self.case.materials.all() if m.received]
        )

    def arguments(self) -> dict[str, Any]:
        return {"also_missing": self.cleaned_data["materials"]}


class ReasonForm(CaseActionForm):
    reason = forms.CharField(label=_("理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(ReasonForm):
    step, button, done = (
        Step.REJECT,
        pgettext_lazy("button", "不予受理"),
        _("已不予受理，已出具不予受理通知书"),
    )
    danger = True


class WithdrawForm(ReasonForm):
    step, button, done = Step.WITHDRAW, _("登记撤回"), _("已登记撤回")
    danger = True


class AssignForm(CaseActionForm):
    step, button, done = Step.ASSIGN, pgettext_lazy("button", "交办"), _("已交办")
    handler = forms.ChoiceField(label=_("承办人"))

    def setup(self) -> None:
        self.handlers = {u.get_username(): u for u in assignable_handlers(self.case)}
        _set_choices(self, "handler", [(name, user_name(u)) for name, u in self.handlers.items()])
        if self.case.handler is not None:
            self.fields["handler"].initial = self.case.handler.get_username()

    def arguments(self) -> dict[str, Any]:
        return {"handler": self.handlers[self.cleaned_data["handler"]]}


class CompleteTaskForm(CaseActionForm):
    step, button, done = Step.COMPLETE_TASK, _("本窗口办结"), _("联办任务已办结")
    window = forms.CharField(max_length=20, widget=forms.HiddenInput)
    result = forms.CharField(label=_("办理意见"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def arguments(self) -> dict[str, Any]:
        return {"window_code": self.cleaned_data["window"], "result": self.cleaned_data["result"]}


class RecordStepForm(CaseActionForm):
    step, button, done = Step.RECORD_STEP, _("登记环节"), _("已登记办理环节")
    step_name = forms.ChoiceField(label=_("环节"))
    outcome = forms.ChoiceField(label=_("环节结果"), choices=StepOutcome.choices, initial=StepOutcome.PASSED)
    note = forms.CharField(
        label=_("说明（如调查结论、公示期）"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def setup(self) -> None:
        done = recorded_steps(self.case)
        mandatory = set(self.case.item_snapshot.get("mandatory_steps", []))
        _set_choices(
            self,
            "step_name",
            [
                (name, _("%(step)s（必经）") % {"step": name} if name in mandatory else name)
                for name in recordable_steps(self.case)
                if name not in done
            ],
        )

    def arguments(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"step": d["step_name"], "outcome": d["outcome"], "note": d["note"]}


class SuspendForm(CaseActionForm):
    step, button = Step.SUSPEND, _("启动特别程序")
    done = _("已启动特别程序，已出具特别程序告知书")
    type = forms.ChoiceField(label=_("特别程序类型"), choices=SuspensionType.choices)
    reason = forms.CharField(label=_("理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ResumeForm(CaseActionForm):
    step, button, done = Step.RESUME, _("恢复办理"), _("已恢复办理，办结日已顺延")


class RequestExtensionForm(CaseActionForm):
    step, button, done = Step.REQUEST_EXTENSION, _("申请延期"), _("已申请延期，待带班领导或中心主任批准")
    days = forms.IntegerField(label=_("延期工作日"), min_value=1, max_value=MAX_EXTENSION_DAYS)
    reason = forms.CharField(label=_("理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(CaseActionForm):
    """The leader's decision names the request it decides: days and reason (行政许可法 Art. 42)."""

    @property
    def title(self) -> str:
        return str(
            _("%(step)s：申请延期 %(days)s 个工作日，理由：%(reason)s")
            % {
                "step": self.step.label,
                "days": self.case.extension_requested_days,
                "reason": self.case.extension_reason,
            }
        )


class ApproveExtensionForm(ExtensionDecisionForm):
    step, button, done = Step.APPROVE_EXTENSION, _("批准延期"), _("已批准延期，已出具延期办结通知书")
    note = forms.CharField(
        label=_("审批意见"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RefuseExtensionForm(ExtensionDecisionForm):
    step, button, done = Step.REFUSE_EXTENSION, _("不批准延期"), _("已不批准延期，承诺办结日不变")
    danger = True
    note = forms.CharField(label=_("不批准的理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class UrgeForm(CaseActionForm):
    step, button, done = Step.URGE, pgettext_lazy("button", "督办"), _("已督办，等待承办人回复")
    note = forms.CharField(label=_("督办意见"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    reply_by = forms.DateField(
        label=_("回复期限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def setup(self) -> None:
        # The next working day (a list page passes it in, computed with the calendar it already holds).
        if "reply_by" not in self.initial:
            today = timezone.localdate()
            self.initial["reply_by"] = add_workdays(today, 1, self.case.org.region_code).date


class ReplyUrgeForm(CaseActionForm):
    step, button, done = Step.REPLY_URGE, _("回复督办"), _("已回复督办")

    @property
    def title(self) -> str:
        by = self.case.urge_reply_by
        if by is None:
            return str(self.step.label)
        return str(_("%(step)s（%(date)s 前）") % {"step": self.step.label, "date": by.isoformat()})

    note = forms.CharField(label=_("办理情况"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(CaseActionForm):
    step, button, done = Step.REVIEW, pgettext_lazy("button", "批示"), _("已批示")
    note = forms.CharField(
        label=_("批示（不填为“已阅”）"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConcludeForm(CaseActionForm, MailChoiceForm):
    step, button, done = Step.CONCLUDE, pgettext_lazy("button", "办结"), _("已办结，已出具办结通知书")
    result = forms.ChoiceField(label=_("办理结果"), choices=Result.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("结果说明（不予批准或附条件准予时必填）"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    certificate_name = forms.CharField(label=_("证照名称"), max_length=100, required=False)
    certificate_number = forms.CharField(label=_("证照编号"), max_length=100, required=False)

    def arguments(self) -> dict[str, Any]:
        return self.pop_mail(dict(self.cleaned_data))


class DispatchMailForm(CaseActionForm):
    step, button, done = Step.DISPATCH_MAIL, _("登记寄出"), _("已登记寄出，待收件人签收")
    tracking_number = forms.CharField(label=_("邮件单号"), max_length=40)
    carrier = forms.CharField(label=_("寄递单位"), max_length=40, required=False, initial=_("中国邮政"))


class DeliverForm(CaseActionForm):
    step, button, done = Step.DELIVER, _("登记送达"), _("已登记送达")
    method = forms.ChoiceField(
        label=_("送达方式"), choices=DeliveryMethod.choices, initial=DeliveryMethod.WINDOW
    )
    collected_by = forms.CharField(
        label=_("取件人"), max_length=100, required=False, help_text=_("邮寄送达时填写签收人")
    )
    signed_on = forms.DateField(
        label=_("签收日期（邮寄）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def setup(self) -> None:
        if self.case.mail_dispatched_at is not None:
            self.fields["method"].initial = DeliveryMethod.MAIL


class ArchiveForm(CaseActionForm):
    step, button, done = Step.ARCHIVE, pgettext_lazy("button", "归档"), _("已归档")


class NoteForm(CaseActionForm):
    note = forms.CharField(
        label=_("备注"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ForwardForm(NoteForm):
    """代办件交接单: each material handed to the town, with its originals, copies and pages."""

    step, button, done = Step.FORWARD, _("报送乡镇"), _("已报送，已出具代办件交接单")

    def setup(self) -> None:
        self.rows = []
        for m in self.case.materials.all():
            key = _material_ref(m)
            names = (f"m{m.pk}_originals", f"m{m.pk}_copies", f"m{m.pk}_pages")
            given = m.received
            for name, label, initial in zip(
                names,
                (_("原件份数"), _("复印件份数"), _("页数")),
                (m.originals if given else 0, m.copies if given else 0, m.pages),
                strict=True,
            ):
                self.fields[name] = forms.IntegerField(
                    label=label, min_value=0, max_value=99, initial=initial, required=False
                )
            self.rows.append((m, key, names))
        self.order_fields([n for _m, _k, names in self.rows for n in names] + ["note"])

    def arguments(self) -> dict[str, Any]:
        d = self.cleaned_data
        handed = []
        for _m, key, (originals, copies, pages) in self.rows:
            counts = [d.get(originals) or 0, d.get(copies) or 0, d.get(pages) or 0]
            if counts[0] or counts[1]:
                handed.append(
                    {"material": key, "originals": counts[0], "copies": counts[1], "pages": counts[2]}
                )
        return {"handed_over": handed, "note": d["note"]}


class ReceiveForm(NoteForm):
    step, button, done = Step.RECEIVE, _("签收代办件"), _("已签收，本中心承办")


class EscalateForm(CaseActionForm):
    step, button, done = Step.ESCALATE, _("上报县级"), _("已上报县级，已出具上报件告知书和报送联系单")
    reason = forms.CharField(
        label=_("上报理由（县级审批的事项可不填）"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnEscalationForm(ReasonForm):
    step, button, done = Step.RETURN_ESCALATION, _("退回乡镇"), _("已退回乡镇")
    danger = True


class ReturnToAgentForm(NoteForm):
    step, button, done = Step.RETURN_TO_AGENT, _("交回代办员"), _("已交回代办员，已出具代办结果回执")


class HandBackForm(NoteForm):
    step, button, done = Step.HAND_BACK, _("登记转交"), _("已转交申请人")
    received_by = forms.CharField(label=_("取件人"), max_length=100)
    field_order = ["received_by", "note"]


class GreenChannelForm(NoteForm):
    step, button, done = Step.GREEN_CHANNEL, _("开通绿色通道"), _("已开通绿色通道，该办件在各工作列表中优先")
    reason = forms.ChoiceField(label=_("原因"), choices=GreenChannel.choices)
    field_order = ["reason", "note"]


class RevealForm(CaseActionForm):
    step, button, done = Step.REVEAL_ID_NUMBER, _("查看完整号码"), _("已显示完整号码，本次查看已留痕")
    purpose = forms.CharField(label=_("用途"), max_length=200)


# The case page's form of each step the counter offers (``Transition.counter``); a test holds it complete.
ACTION_FORMS: dict[Step, type[CaseActionForm]] = {
    form.step: form
    for form in (
        SupplementForm,
        AcceptForm,
        NotifyMissingForm,
        RejectForm,
        WithdrawForm,
        AssignForm,
        CompleteTaskForm,
        RecordStepForm,
        SuspendForm,
        ResumeForm,
        RequestExtensionForm,
        ApproveExtensionForm,
        RefuseExtensionForm,
        UrgeForm,
        ReplyUrgeForm,
        ReviewForm,
        ConcludeForm,
        DispatchMailForm,
        DeliverForm,
        ArchiveForm,
        ForwardForm,
        ReceiveForm,
        EscalateForm,
        ReturnEscalationForm,
        ReturnToAgentForm,
        HandBackForm,
        GreenChannelForm,
    )
}


# ------------------------------------------------------------------------------------------ 网上预审


class OnlineReviewForm(forms.Form):
    """网上预审: the clerk checks each uploaded file against its checklist line, then either records the
    usable ones as received and accepts, or sends the application back with a one-time notice naming what
    is missing and which uploads were unusable. Both through the case actions (supplement, accept,
    notify_missing); this form only says which uploads were usable."""

    usable = forms.MultipleChoiceField(
        label=_("核验通过的上传材料"), required=False, widget=forms.CheckboxSelectMultiple
    )
    decision = forms.ChoiceField(
        choices=[
            ("accept", _("核验通过的记为已收取，并受理")),
            ("return", _("退回补正：出具一次性告知书")),
        ]
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        uploaded = {a.material_id for a in case.attachments.all()}
        self.reviewed = [m for m in case.materials.all() if m.pk in uploaded and not m.received]
        _set_choices(self, "usable", [(_material_ref(m), m.name) for m in self.reviewed])

    def lines(self) -> list[dict[str, Any]]:
        """One line per reviewed material: its reference, its uploaded files, and whether it is ticked."""
        ticked = set(self["usable"].value() or []) if self.is_bound else set()
        files: dict[int | None, list[Any]] = {}
        for a in self.case.attachments.all():
            files.setdefault(a.material_id, []).append(a)
        return [
            {"ref": ref, "material": m, "uploads": files.get(m.pk, []), "checked": ref in ticked}
            for m in self.reviewed
            for ref in [_material_ref(m)]
        ]

    def usable_refs(self) -> list[str]:
        return list(self.cleaned_data["usable"])

    def unusable_refs(self) -> list[str]:
        usable = set(self.cleaned_data["usable"])
        return [ref for ref in (_material_ref(m) for m in self.reviewed) if ref not in usable]


class ApplicantLookupForm(forms.Form):
    """老办事人: the full ID number the clerk typed, to fill in the rest from the applicant's last case."""

    id_number = forms.CharField(max_length=40)

    def clean_id_number(self) -> str:
        try:
            typed = number_text(self.cleaned_data["id_number"])
        except DomainError as err:
            raise forms.ValidationError(str(err.message), code=err.code) from err
        # A resident ID as stored (its check letter upper-case); other documents' numbers as typed.
        return clean_resident_id(typed) or typed
