from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bianmin.cases.deadlines import Deadlines, WarningLevel
from bianmin.cases.guards import MAX_EXTENSION_DAYS
from bianmin.cases.models import (
    ApplicantKind,
    Case,
    CaseEvent,
    CaseMaterial,
    CaseState,
    Channel,
    DeliveryMethod,
    GreenChannel,
    IdType,
    JointTask,
    Notice,
    Result,
    StepOutcome,
    SuspensionType,
)
from bianmin.cases.steps import Step
from bianmin.lib.api import InputSerializer
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_address, mask_id, mask_phone
from bianmin.lib.schema import NONBLANK_TEXT_PATTERN
from bianmin.lib.serializers import BuiltFieldsOnce


class CaseMaterialSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    id = serializers.IntegerField(source="material_id", read_only=True)

    class Meta:
        model = CaseMaterial
        fields = ["id", "name", "mandatory", "originals", "copies", "received", "received_at"]


class JointTaskSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    completed_by: Any = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = JointTask
        fields = [
            "window_code",
            "task",
            "days",
            "due_date",
            "state",
            "result",
            "completed_by",
            "completed_at",
        ]


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


class ApplicantView(serializers.Serializer):
    """The applicant as staff see them: personal numbers masked."""

    kind = serializers.ChoiceField(choices=ApplicantKind.choices)
    name = serializers.CharField()
    id_type = serializers.ChoiceField(choices=IdType.choices, allow_blank=True)
    id_number = serializers.CharField(allow_blank=True, help_text=gettext_lazy("已遮蔽"))
    credit_code = serializers.CharField(allow_blank=True, help_text=gettext_lazy("已遮蔽"))
    phone = serializers.CharField(allow_blank=True, help_text=gettext_lazy("已遮蔽"))
    address = serializers.CharField(allow_blank=True)


class MailView(serializers.Serializer):
    """邮寄送达 as staff lists see it: the address and phone masked; null when not chosen."""

    address = serializers.CharField(help_text=gettext_lazy("已遮蔽"))
    recipient = serializers.CharField()
    phone = serializers.CharField(help_text=gettext_lazy("已遮蔽"))
    carrier = serializers.CharField(allow_blank=True)
    tracking_number = serializers.CharField(allow_blank=True)
    dispatched_at = serializers.DateTimeField(allow_null=True)
    signed_on = serializers.DateField(allow_null=True)


class AgentView(serializers.Serializer):
    """Who brought the case for the applicant (代理人), masked; null when the applicant came in person."""

    name = serializers.CharField()
    id_number = serializers.CharField(allow_blank=True, help_text=gettext_lazy("已遮蔽"))
    phone = serializers.CharField(allow_blank=True, help_text=gettext_lazy("已遮蔽"))
    authorization = serializers.CharField(allow_blank=True)


class CaseSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    """A case as staff see it: personal numbers masked (the full one only through ``reveal_id``)."""

    org: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    item: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    item_name = serializers.CharField(read_only=True)
    item_version = serializers.IntegerField(source="item_version.version", read_only=True)
    window: Any = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    applicant = serializers.SerializerMethodField()
    agent = serializers.SerializerMethodField()
    mail = serializers.SerializerMethodField()
    first_contact = serializers.SerializerMethodField()
    handler = serializers.SerializerMethodField()
    warning_level = serializers.SerializerMethodField()
    station: Any = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    proxy_warning_level = serializers.SerializerMethodField()
    upstream_case: Any = serializers.SlugRelatedField(
        slug_field="number",
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("上报县级后县级中心的办件编号"),
    )
    materials = CaseMaterialSerializer(many=True, read_only=True)
    tasks = JointTaskSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "number",
            "query_code",
            "state",
            "kind",
            "channel",
            "org",
            "item",
            "item_name",
            "item_version",
            "window",
            "applicant",
            "agent",
            "first_contact",
            "handler",
            "registered_at",
            "accepted_at",
            "due_date",
            "due_provisional",
            "extended_days",
            "suspended_days",
            "suspension_type",
            "concluded_at",
            "delivered_at",
            "archived_at",
            "closed_at",
            "result",
            "result_reason",
            "certificate_name",
            "certificate_number",
            "delivery_method",
            "collected_by",
            "mail",
            "close_reason",
            "warning_level",
            "green_channel",
            "station",
            "proxy",
            "forwarded_at",
            "signed_at",
            "proxy_due_date",
            "proxy_warning_level",
            "returned_to_agent_at",
            "upstream_case",
            "escalated_at",
            "materials",
            "tasks",
        ]

    @extend_schema_field(ApplicantView)
    def get_applicant(self, case: Case) -> dict[str, Any]:
        return {
            "kind": case.applicant_kind,
            "name": case.applicant_name,
            "id_type": case.applicant_id_type,
            "id_number": mask_id(case.applicant_id_number),
            "credit_code": mask_id(case.applicant_credit_code),
            "phone": mask_phone(case.applicant_phone),
            "address": case.applicant_address,
        }

    @extend_schema_field(AgentView(allow_null=True))
    def get_agent(self, case: Case) -> dict[str, Any] | None:
        if not case.agent_name:
            return None
        return {
            "name": case.agent_name,
            "id_number": mask_id(case.agent_id_number),
            "phone": mask_phone(case.agent_phone),
            "authorization": case.agent_authorization,
        }

    @extend_schema_field(MailView(allow_null=True))
    def get_mail(self, case: Case) -> dict[str, Any] | None:
        if not case.mail_address:
            return None
        return {
            "address": mask_address(case.mail_address),
            "recipient": case.mail_recipient,
            "phone": mask_phone(case.mail_phone),
            "carrier": case.mail_carrier,
            "tracking_number": case.mail_tracking_number,
            "dispatched_at": case.mail_dispatched_at,
            "signed_on": case.mail_signed_on,
        }

    def get_first_contact(self, case: Case) -> str | None:
        return _username(case.first_contact)

    def get_handler(self, case: Case) -> str | None:
        return _username(case.handler)

    def _deadlines(self) -> Deadlines:
        # One calendar per center per response, not one lookup per row.
        deadlines = self.context.get("deadlines")
        if deadlines is None:
            now = self.context.get("now") or timezone.now()
            today = self.context.get("today") or timezone.localdate(now)
            deadlines = self.context["deadlines"] = Deadlines(today, now)
        return deadlines

    @extend_schema_field(serializers.ChoiceField(choices=WarningLevel.choices))
    def get_warning_level(self, case: Case) -> str:
        return self._deadlines().level(case)

    @extend_schema_field(serializers.ChoiceField(choices=WarningLevel.choices))
    def get_proxy_warning_level(self, case: Case) -> str:
        """The proxy leg's own level (代办时限), beside the item's."""
        return self._deadlines().proxy_level(case)


class CaseEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = [
            "seq",
            "type",
            "actor",
            "actor_name",
            "at",
            "from_state",
            "to_state",
            "data",
            "prev_hash",
            "hash",
        ]

    def get_actor(self, event: CaseEvent) -> str | None:
        return _username(event.actor)


class NoticeSerializer(serializers.ModelSerializer):
    type_label = serializers.CharField(source="get_type_display", read_only=True)
    html_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["id", "type", "type_label", "number", "issued_at", "sha256", "html_url", "pdf_url"]

    def _absolute(self, url: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_html_url(self, notice: Notice) -> str:
        return self._absolute(reverse("notice-html", args=[notice.pk]))

    def get_pdf_url(self, notice: Notice) -> str:
        return self._absolute(reverse("notice-pdf", args=[notice.pk]))


class PublicStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=Step.choices)
    label = serializers.CharField(help_text=gettext_lazy("群众看到的环节名称"))  # type: ignore[assignment]
    at = serializers.CharField(help_text=gettext_lazy("时间，精确到分钟，如 2026-03-02T09:30+08:00"))


class PublicProgressSerializer(serializers.Serializer):
    """What a citizen sees with acceptance number + query code: no staff data, the applicant masked."""

    number = serializers.CharField()
    item = serializers.CharField(help_text=gettext_lazy("事项名称"))
    center = serializers.CharField(help_text=gettext_lazy("受理中心"))
    state = serializers.ChoiceField(choices=CaseState.choices)
    state_label = serializers.CharField()
    applicant = serializers.CharField(help_text=gettext_lazy("已遮蔽"))
    id_number = serializers.CharField(allow_blank=True, help_text=gettext_lazy("已遮蔽"))
    registered_at = serializers.CharField(
        help_text=gettext_lazy("登记时间，精确到分钟，如 2026-03-02T09:30+08:00")
    )
    due_date = serializers.DateField(allow_null=True)
    due_provisional = serializers.BooleanField()
    result = serializers.ChoiceField(choices=Result.choices, allow_null=True)
    steps = PublicStepSerializer(many=True)


class UrgingNoteSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text=gettext_lazy("督办时间"))
    by = serializers.CharField(help_text=gettext_lazy("督办人"))
    note = serializers.CharField(help_text=gettext_lazy("督办意见"))


class OpenUrgingSerializer(serializers.Serializer):
    """A case whose handler owes a reply to one or more urgings (督办, 000 篇2)."""

    case = serializers.CharField(source="case.number", help_text=gettext_lazy("受理编号"))
    item = serializers.CharField(source="case.item_name", help_text=gettext_lazy("事项"))
    reply_by = serializers.DateField(help_text=gettext_lazy("回复期限"))
    overdue = serializers.BooleanField(help_text=gettext_lazy("已过回复期限"))
    urgings = serializers.SerializerMethodField()

    @extend_schema_field(UrgingNoteSerializer(many=True))
    def get_urgings(self, urging: Any) -> list[dict[str, Any]]:
        return [
            {"at": e.at, "by": _actor_name(e), "note": str(e.data.get("note", ""))} for e in urging.urgings
        ]


def _actor_name(event: CaseEvent) -> str:
    staff = getattr(event.actor, "staff", None) if event.actor is not None else None
    return staff.name if staff is not None else event.actor_name


# ------------------------------------------------------------------------------------------ requests


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1},
            {"type": "string", "minLength": 1, "pattern": NONBLANK_TEXT_PATTERN},
        ],
        "description": gettext_lazy("材料：清单中的编号（materials[].id）或名称"),
    }
)
class MaterialReference(serializers.Field):
    """A material of the case's item, by its catalog id or by its name."""

    default_error_messages = {"invalid": gettext_lazy("应为材料编号（整数）或名称（字符串）")}

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, bool) or not isinstance(data, int | str) or not str(data).strip():
            self.fail("invalid")
        return str(data).strip()

    def to_representation(self, value: Any) -> Any:
        return value


class ApplicantInput(InputSerializer):
    kind = serializers.ChoiceField(choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    name = serializers.CharField(max_length=100)
    id_type = serializers.ChoiceField(choices=IdType.choices, required=False)
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)


class AgentInput(InputSerializer):
    name = serializers.CharField(max_length=100)
    id_number = serializers.CharField(max_length=40)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    authorization = serializers.CharField(max_length=200)


class AuthorizationInput(InputSerializer):
    signed_on = serializers.DateField(help_text=gettext_lazy("委托人签署授权委托书的日期"))


class MailInput(InputSerializer):
    """邮寄送达: where the result is posted and who signs for it."""

    address = serializers.CharField(max_length=200)
    recipient = serializers.CharField(max_length=100)
    phone = serializers.CharField(max_length=40)


class RegisterInput(InputSerializer):
    item = serializers.CharField(max_length=10)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.WINDOW)
    applicant = ApplicantInput()
    agent = AgentInput(required=False, allow_null=True)
    authorization = AuthorizationInput(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("村(社区)代办员代办时登记的授权委托；不填则为帮办，按申请人本人申请登记"),
    )
    green_channel = serializers.ChoiceField(
        choices=GreenChannel.choices, required=False, allow_blank=True, default=""
    )
    received_materials = serializers.ListField(child=MaterialReference(), required=False, default=list)
    mail = MailInput(required=False, allow_null=True, help_text=gettext_lazy("选择邮寄送达时填写"))


class EmptyInput(InputSerializer):
    pass


class MaterialsInput(InputSerializer):
    materials = serializers.ListField(child=MaterialReference(), allow_empty=False)


class NotifyMissingInput(InputSerializer):
    materials = serializers.ListField(
        child=MaterialReference(),
        required=False,
        default=list,
        source="also_missing",
        help_text=gettext_lazy("已收取但不合格、须重新提交的材料"),
    )


class ReasonInput(InputSerializer):
    reason = serializers.CharField(max_length=1000)


class AssignInput(InputSerializer):
    handler = serializers.CharField(max_length=150, help_text=gettext_lazy("承办人的用户名"))

    def validate_handler(self, value: str) -> Any:
        user = get_user_model().objects.filter(username=value).first()
        if user is None:
            raise DomainError("invalid_handler", _("没有用户 %(username)s") % {"username": value})
        return user


class CompleteTaskInput(InputSerializer):
    window = serializers.CharField(max_length=20, source="window_code")
    result = serializers.CharField(max_length=1000)


class RecordStepInput(InputSerializer):
    step = serializers.CharField(max_length=100, help_text=gettext_lazy("事项办理程序中的环节名称"))
    outcome = serializers.ChoiceField(choices=StepOutcome.choices, default=StepOutcome.PASSED)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class SuspendInput(InputSerializer):
    type = serializers.ChoiceField(choices=SuspensionType.choices)
    reason = serializers.CharField(max_length=1000)


class RequestExtensionInput(InputSerializer):
    days = serializers.IntegerField(
        min_value=1,
        max_value=MAX_EXTENSION_DAYS,
        help_text=gettext_lazy("延期工作日（行政许可法第四十二条：不超过 10 个）"),
    )
    reason = serializers.CharField(max_length=1000, help_text=gettext_lazy("延期理由，写入延期办结通知书"))


class DecisionNoteInput(InputSerializer):
    note = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default="", help_text=gettext_lazy("审批意见")
    )


class RequiredNoteInput(InputSerializer):
    note = serializers.CharField(max_length=1000)


class UrgeInput(InputSerializer):
    note = serializers.CharField(max_length=1000, help_text=gettext_lazy("督办意见"))
    reply_by = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("回复期限（工作日，不早于今天）；不填为下一个工作日"),
    )


class ReviewInput(InputSerializer):
    note = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("批示；不填为“已阅”"),
    )


class ConcludeInput(InputSerializer):
    result = serializers.ChoiceField(choices=Result.choices)
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    certificate_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    certificate_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    mail = MailInput(required=False, allow_null=True, help_text=gettext_lazy("申请人此时选择邮寄送达时填写"))


class DeliverInput(InputSerializer):
    method = serializers.ChoiceField(choices=DeliveryMethod.choices)
    collected_by = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text=gettext_lazy("取件人或签收人")
    )
    signed_on = serializers.DateField(
        required=False, allow_null=True, help_text=gettext_lazy("邮寄送达的签收日期")
    )


class DispatchMailInput(InputSerializer):
    tracking_number = serializers.CharField(max_length=40)
    carrier = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class HandedOverInput(InputSerializer):
    material = MaterialReference()
    originals = serializers.IntegerField(min_value=0, max_value=99, default=0)
    copies = serializers.IntegerField(min_value=0, max_value=99, default=0)
    pages = serializers.IntegerField(min_value=0, max_value=99, default=0)


class ForwardInput(InputSerializer):
    handed_over = serializers.ListField(
        child=HandedOverInput(), min_length=1, help_text=gettext_lazy("代办件交接单：逐项列出交接的材料")
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class NoteInput(InputSerializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class EscalateInput(InputSerializer):
    reason = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("上报理由；事项由县级审批时可不填"),
    )


class HandBackInput(InputSerializer):
    received_by = serializers.CharField(max_length=100, help_text=gettext_lazy("取件人"))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class GreenChannelInput(InputSerializer):
    reason = serializers.ChoiceField(choices=GreenChannel.choices)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RevealInput(InputSerializer):
    purpose = serializers.CharField(max_length=200)


class RevealOutput(serializers.Serializer):
    number = serializers.CharField()
    id_number = serializers.CharField(
        allow_blank=True, help_text=gettext_lazy("完整证件号码（本次查看已留痕）")
    )


# The body of each action route: its fields are the action function's keyword arguments (after ``source``).
STEP_INPUTS: dict[Step, type[serializers.Serializer]] = {
    Step.SUPPLEMENT: MaterialsInput,
    Step.ACCEPT: EmptyInput,
    Step.NOTIFY_MISSING: NotifyMissingInput,
    Step.ASSIGN: AssignInput,
    Step.COMPLETE_TASK: CompleteTaskInput,
    Step.RECORD_STEP: RecordStepInput,
    Step.CONCLUDE: ConcludeInput,
    Step.DISPATCH_MAIL: DispatchMailInput,
    Step.DELIVER: DeliverInput,
    Step.ARCHIVE: EmptyInput,
    Step.SUSPEND: SuspendInput,
    Step.RESUME: EmptyInput,
    Step.REQUEST_EXTENSION: RequestExtensionInput,
    Step.APPROVE_EXTENSION: DecisionNoteInput,
    Step.REFUSE_EXTENSION: RequiredNoteInput,
    Step.URGE: UrgeInput,
    Step.REPLY_URGE: RequiredNoteInput,
    Step.REVIEW: ReviewInput,
    Step.REJECT: ReasonInput,
    Step.WITHDRAW: ReasonInput,
    Step.REVEAL_ID_NUMBER: RevealInput,
    Step.FORWARD: ForwardInput,
    Step.RECEIVE: NoteInput,
    Step.ESCALATE: EscalateInput,
    Step.RETURN_ESCALATION: ReasonInput,
    Step.RETURN_TO_AGENT: NoteInput,
    Step.HAND_BACK: HandBackInput,
    Step.GREEN_CHANNEL: GreenChannelInput,
}
