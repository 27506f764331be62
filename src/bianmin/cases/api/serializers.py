from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from bianmin.cases.deadlines import Deadlines
from bianmin.cases.lifecycle import MAX_EXTENSION_DAYS
from bianmin.cases.models import (
    ApplicantKind,
    Case,
    CaseEvent,
    CaseMaterial,
    Channel,
    DeliveryMethod,
    IdType,
    JointTask,
    Notice,
    Result,
    StepOutcome,
    SuspensionType,
)
from bianmin.cases.steps import Step
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_id, mask_phone


class CaseMaterialSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="material_id", read_only=True)

    class Meta:
        model = CaseMaterial
        fields = ["id", "name", "mandatory", "originals", "copies", "received", "received_at"]


class JointTaskSerializer(serializers.ModelSerializer):
    completed_by: Any = serializers.SlugRelatedField(slug_field="username", read_only=True)

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


class CaseSerializer(serializers.ModelSerializer):
    """A case as staff see it: personal numbers masked (the full one only through ``reveal_id``)."""

    org: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    item: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    item_name = serializers.CharField(read_only=True)
    item_version = serializers.IntegerField(source="item_version.version", read_only=True)
    window: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    applicant = serializers.SerializerMethodField()
    agent = serializers.SerializerMethodField()
    first_contact = serializers.SerializerMethodField()
    handler = serializers.SerializerMethodField()
    warning_level = serializers.SerializerMethodField()
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
            "close_reason",
            "warning_level",
            "materials",
            "tasks",
        ]

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

    def get_agent(self, case: Case) -> dict[str, Any] | None:
        if not case.agent_name:
            return None
        return {
            "name": case.agent_name,
            "id_number": mask_id(case.agent_id_number),
            "phone": mask_phone(case.agent_phone),
            "authorization": case.agent_authorization,
        }

    def get_first_contact(self, case: Case) -> str | None:
        return _username(case.first_contact)

    def get_handler(self, case: Case) -> str | None:
        return _username(case.handler)

    def get_warning_level(self, case: Case) -> str:
        # One calendar per center per response, not one lookup per row.
        deadlines = self.context.get("deadlines")
        if deadlines is None:
            now = self.context.get("now") or timezone.now()
            today = self.context.get("today") or timezone.localdate(now)
            deadlines = self.context["deadlines"] = Deadlines(today, now)
        return deadlines.level(case)


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


# ------------------------------------------------------------------------------------------ requests


class ApplicantInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    name = serializers.CharField(max_length=100)
    id_type = serializers.ChoiceField(choices=IdType.choices, required=False)
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)


class AgentInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    id_number = serializers.CharField(max_length=40)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    authorization = serializers.CharField(max_length=200)


class RegisterInput(serializers.Serializer):
    item = serializers.CharField(max_length=10)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.WINDOW)
    applicant = ApplicantInput()
    agent = AgentInput(required=False, allow_null=True)
    received_materials = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class EmptyInput(serializers.Serializer):
    pass


class MaterialsInput(serializers.Serializer):
    materials = serializers.ListField(child=serializers.CharField(), allow_empty=False)


class NotifyMissingInput(serializers.Serializer):
    materials = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        source="also_missing",
        help_text=gettext_lazy("已收取但不合格、须重新提交的材料"),
    )


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class AssignInput(serializers.Serializer):
    handler = serializers.CharField(max_length=150, help_text=gettext_lazy("承办人的用户名"))

    def validate_handler(self, value: str) -> Any:
        user = get_user_model().objects.filter(username=value).first()
        if user is None:
            raise DomainError("invalid_handler", _("没有用户 %(username)s") % {"username": value})
        return user


class CompleteTaskInput(serializers.Serializer):
    window = serializers.CharField(max_length=20, source="window_code")
    result = serializers.CharField(max_length=1000)


class RecordStepInput(serializers.Serializer):
    step = serializers.CharField(max_length=100, help_text=gettext_lazy("事项办理程序中的环节名称"))
    outcome = serializers.ChoiceField(choices=StepOutcome.choices, default=StepOutcome.PASSED)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class SuspendInput(serializers.Serializer):
    type = serializers.ChoiceField(choices=SuspensionType.choices)
    reason = serializers.CharField(max_length=1000)


class ExtendInput(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=MAX_EXTENSION_DAYS)
    reason = serializers.CharField(max_length=1000)


class ConcludeInput(serializers.Serializer):
    result = serializers.ChoiceField(choices=Result.choices)
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    certificate_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    certificate_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class DeliverInput(serializers.Serializer):
    method = serializers.ChoiceField(choices=DeliveryMethod.choices)
    collected_by = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class RevealInput(serializers.Serializer):
    purpose = serializers.CharField(max_length=200)


# The body of each action route: its fields are the action function's keyword arguments (after ``source``).
STEP_INPUTS: dict[Step, type[serializers.Serializer]] = {
    Step.SUPPLEMENT: MaterialsInput,
    Step.ACCEPT: EmptyInput,
    Step.NOTIFY_MISSING: NotifyMissingInput,
    Step.ASSIGN: AssignInput,
    Step.COMPLETE_TASK: CompleteTaskInput,
    Step.RECORD_STEP: RecordStepInput,
    Step.CONCLUDE: ConcludeInput,
    Step.DELIVER: DeliverInput,
    Step.ARCHIVE: EmptyInput,
    Step.SUSPEND: SuspendInput,
    Step.RESUME: EmptyInput,
    Step.EXTEND: ExtendInput,
    Step.REJECT: ReasonInput,
    Step.WITHDRAW: ReasonInput,
    Step.REVEAL_ID_NUMBER: RevealInput,
}
