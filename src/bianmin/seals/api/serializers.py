"""What the API shows of seals, their uses, requests, hand-overs and refused attempts, and the bodies it reads."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bianmin.lib.api import InputSerializer
from bianmin.seals.models import (
    MAX_IMPRESSIONS,
    NUMBER_PATTERN,
    Seal,
    SealAttempt,
    SealHandover,
    SealKind,
    SealRequest,
    SealStatus,
    SealUse,
)


class SealSerializer(serializers.ModelSerializer):
    """One seal (印章) of the registry."""

    center = serializers.CharField(source="org.code", read_only=True)
    window = serializers.CharField(source="window.code", read_only=True, allow_null=True, default=None)
    custodian = serializers.CharField(source="custodian.name", read_only=True)
    custodian_id = serializers.IntegerField(read_only=True)
    impression_url = serializers.SerializerMethodField()

    class Meta:
        model = Seal
        fields = [
            "number",
            "name",
            "kind",
            "needs_approval",
            "center",
            "window",
            "custodian",
            "custodian_id",
            "status",
            "status_reason",
            "destroyed_on",
            "impression_url",
            "registered_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=_("印模图片（登录后查看）")))
    def get_impression_url(self, seal: Seal) -> str | None:
        return reverse("seals-impression", args=[seal.number]) if seal.impression else None


class SealUseSerializer(serializers.ModelSerializer):
    """One use (用印登记)."""

    seal = serializers.CharField(source="seal.number", read_only=True)
    center = serializers.CharField(source="org.code", read_only=True)
    used_by = serializers.CharField(source="used_by.name", read_only=True)
    case = serializers.CharField(source="case.number", read_only=True, allow_null=True, default=None)
    request = serializers.IntegerField(source="request_id", read_only=True, allow_null=True)
    requested_by = serializers.CharField(
        source="requested_by.name", read_only=True, allow_null=True, default=None
    )
    approver = serializers.CharField(source="approver.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = SealUse
        fields = [
            "id",
            "seal",
            "center",
            "used_by",
            "used_at",
            "purpose",
            "case",
            "document",
            "impressions",
            "request",
            "requested_by",
            "approver",
        ]
        read_only_fields = fields


class SealRequestSerializer(serializers.ModelSerializer):
    """One use request (用印申请) and its decision."""

    seal = serializers.CharField(source="seal.number", read_only=True)
    center = serializers.CharField(source="org.code", read_only=True)
    requested_by = serializers.CharField(source="requested_by.name", read_only=True)
    case = serializers.CharField(source="case.number", read_only=True, allow_null=True, default=None)
    decided_by = serializers.CharField(
        source="decided_by.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = SealRequest
        fields = [
            "id",
            "seal",
            "center",
            "requested_by",
            "requested_at",
            "purpose",
            "case",
            "document",
            "impressions",
            "state",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class SealAttemptSerializer(serializers.ModelSerializer):
    """One refused use (违规用印尝试)."""

    seal = serializers.CharField(source="seal.number", read_only=True)
    center = serializers.CharField(source="org.code", read_only=True)
    actor = serializers.SerializerMethodField()

    class Meta:
        model = SealAttempt
        fields = [
            "id",
            "seal",
            "center",
            "actor",
            "at",
            "code",
            "reason",
            "case_number",
            "document",
            "impressions",
        ]
        read_only_fields = fields

    def get_actor(self, attempt: SealAttempt) -> str:
        staff = getattr(attempt.actor, "staff", None)
        return staff.name if staff is not None else attempt.actor.get_username()


class SealHandoverSerializer(serializers.ModelSerializer):
    """One hand-over (印章交接), signed out and (once accepted) signed in."""

    seal = serializers.CharField(source="seal.number", read_only=True)
    from_staff = serializers.CharField(source="from_staff.name", read_only=True)
    to_staff = serializers.CharField(source="to_staff.name", read_only=True)

    class Meta:
        model = SealHandover
        fields = [
            "id",
            "seal",
            "from_staff",
            "to_staff",
            "state",
            "handed_at",
            "note",
            "closed_at",
            "accept_note",
        ]
        read_only_fields = fields


class SealInput(InputSerializer):
    """印章加编号: a seal of the caller's center (the director), without its impression image (the page takes it)."""

    number = serializers.RegexField(NUMBER_PATTERN, max_length=16, help_text="印章编号，如 ZJ-001")
    name = serializers.CharField(max_length=100, help_text="印章名称")
    kind = serializers.ChoiceField(choices=SealKind.choices)
    custodian = serializers.IntegerField(min_value=1, help_text="保管人（本中心工作人员的编号）")
    window = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    needs_approval = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="用印需审批；不填按印章种类"
    )


class SealUseInput(InputSerializer):
    """用印登记 by the custodian: against an approved request (``request``) when the seal needs one."""

    impressions = serializers.IntegerField(min_value=1, max_value=MAX_IMPRESSIONS, help_text="用印次数")
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    case = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default="", help_text="办件受理编号"
    )
    document = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    request = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None, help_text="已批准的用印申请编号"
    )


class SealRequestInput(InputSerializer):
    """用印申请."""

    purpose = serializers.CharField(max_length=200, help_text="用印事由")
    impressions = serializers.IntegerField(min_value=1, max_value=MAX_IMPRESSIONS)
    case = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    document = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SealDecideInput(InputSerializer):
    approve = serializers.BooleanField(help_text="true 批准，false 不批准（须写理由）")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SealStatusInput(InputSerializer):
    status = serializers.ChoiceField(choices=SealStatus.choices)
    reason = serializers.CharField(max_length=200)


class SealHandoverInput(InputSerializer):
    to = serializers.IntegerField(min_value=1, help_text="接收人（本中心工作人员的编号）")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SealNoteInput(InputSerializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RegisterRowSerializer(serializers.Serializer):
    """One seal's month in the register: its uses and impressions."""

    seal = SealSerializer(read_only=True)
    uses = SealUseSerializer(many=True, read_only=True)
    impressions = serializers.IntegerField(read_only=True)


def as_register(pages: Any) -> list[dict[str, Any]]:
    return [{"seal": p.seal, "uses": p.uses, "impressions": p.impressions} for p in pages]
