"""What the API shows of the outbox, the wording per kind, the bell and the opt-out list. Phones, e-mail
addresses, names and addresses are masked by the lib's policy (lib.identity): the outbox shows that a
person was told, not who they are."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bianmin.lib.api import InputSerializer
from bianmin.lib.identity import mask_address, mask_name, mask_phone  # noqa: F401
from bianmin.notify.kinds import MessageKind, sms_count
from bianmin.notify.models import BODY_MAX, DeliveryAttempt, Message, OptOut
from bianmin.notify.selectors import Wording, mask_recipient


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryAttempt
        fields = ["number", "at", "ok", "error", "provider_id", "duration_ms", "worker"]


class MessageSerializer(serializers.ModelSerializer):
    center = serializers.CharField(source="org.code", read_only=True)
    recipient = serializers.SerializerMethodField()
    recipient_name = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "center",
            "kind",
            "channel",
            "state",
            "case_number",
            "recipient",
            "recipient_name",
            "address",
            "gateway_template",
            "body",
            "created_at",
            "attempts",
            "next_attempt_at",
            "sent_at",
            "last_error",
            "skip_reason",
            "printed_at",
        ]

    def get_recipient(self, message: Message) -> str:
        return mask_recipient(message)

    def get_recipient_name(self, message: Message) -> str:
        return mask_name(message.recipient_name)

    def get_address(self, message: Message) -> str:
        return mask_address(message.address)


class MessageDetailSerializer(MessageSerializer):
    attempt_log = AttemptSerializer(many=True, read_only=True)

    class Meta(MessageSerializer.Meta):
        fields = [*MessageSerializer.Meta.fields, "attempt_log"]


class NotificationSerializer(serializers.ModelSerializer):
    """One of the caller's own in-app notifications."""

    class Meta:
        model = Message
        fields = ["id", "kind", "subject", "body", "case_number", "created_at", "read_at"]


class TemplateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MessageKind.choices)
    label: Any = serializers.CharField()
    body = serializers.CharField()
    gateway_template = serializers.CharField()
    own = serializers.BooleanField(help_text="本中心自己的措辞（否则为上级或默认措辞）")
    characters = serializers.IntegerField(help_text="含短信签名、按示例值填充后的字数")
    segments = serializers.IntegerField(help_text="短信条数：70字以内1条，超过按每条67字计")

    @staticmethod
    def of(wording: Wording, org_id: int) -> dict[str, Any]:
        characters, segments = sms_count(wording.body, settings.NOTIFY_SMS_SIGNATURE)
        return {
            "kind": wording.kind,
            "label": str(MessageKind(wording.kind).label),
            "body": wording.body,
            "gateway_template": wording.gateway_template,
            "own": wording.own is not None and wording.own.org_id == org_id,
            "characters": characters,
            "segments": segments,
        }


class TemplateInput(InputSerializer):
    body = serializers.CharField(max_length=BODY_MAX)
    gateway_template = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class OptOutSerializer(serializers.ModelSerializer):
    phone = serializers.SerializerMethodField()

    class Meta:
        model = OptOut
        fields = ["id", "phone", "source", "recorded_at", "note"]

    @extend_schema_field(serializers.CharField())
    def get_phone(self, entry: OptOut) -> str:
        return mask_phone(entry.phone)


class OptOutInput(InputSerializer):
    phone = serializers.CharField(max_length=40)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
