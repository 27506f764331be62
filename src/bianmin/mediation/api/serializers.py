"""What the API shows of mediations, and the bodies of its steps. Parties' ID numbers, phones and addresses
are masked (lib.identity) like in every list; only the printed agreement shows them in full."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bianmin.lib.api import InputSerializer
from bianmin.lib.identity import mask_address, mask_id, mask_phone
from bianmin.lib.serializers import BuiltFieldsOnce
from bianmin.mediation.models import (
    Agreement,
    DisputeKind,
    Mediation,
    MediationChannel,
    Outcome,
    Party,
    PartyRole,
    Performance,
    ReferralBody,
    Session,
)


class PartySerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()

    class Meta:
        model = Party
        fields = ["id", "position", "role", "name", "id_number", "phone", "address"]

    @extend_schema_field(serializers.CharField(help_text=_("已遮蔽，可为空")))
    def get_id_number(self, p: Party) -> str:
        return mask_id(p.id_number)

    @extend_schema_field(serializers.CharField(help_text=_("已遮蔽，可为空")))
    def get_phone(self, p: Party) -> str:
        return mask_phone(p.phone)

    @extend_schema_field(serializers.CharField(help_text=_("已遮蔽，可为空")))
    def get_address(self, p: Party) -> str:
        return mask_address(p.address)


class MediationSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    """One mediation (矛盾纠纷调解) as a list row."""

    center: Any = serializers.SlugRelatedField(source="org", slug_field="code", read_only=True)
    station = serializers.CharField(source="station.name", read_only=True, allow_null=True, default=None)
    parties = PartySerializer(many=True, read_only=True)
    mediators = serializers.SerializerMethodField()

    class Meta:
        model = Mediation
        fields = [
            "id",
            "number",
            "center",
            "station",
            "channel",
            "market_day",
            "kind",
            "title",
            "facts",
            "parties",
            "mediators",
            "state",
            "registered_at",
            "due_on",
            "extended_days",
            "outcome",
            "referred_to",
            "referred_body",
            "ended_on",
            "follow_up_due",
            "performance",
            "followed_up_on",
            "closed_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_mediators(self, m: Mediation) -> list[str]:
        return [s.name for s in m.mediators.all()]


class SessionSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    attendees: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Session
        fields = ["id", "held_on", "place", "attendees", "minutes", "recorded_at"]


class AgreementSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    signed = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "number",
            "content",
            "obligations",
            "performance_method",
            "performance_deadline",
            "drafted_at",
            "concluded_at",
            "signed",
        ]

    @extend_schema_field(
        serializers.ListField(child=serializers.IntegerField(), help_text=_("已签名的当事人"))
    )
    def get_signed(self, a: Agreement) -> list[int]:
        return sorted(s.party_id for s in a.signatures.all())


class MediationDetailSerializer(MediationSerializer):
    sessions = SessionSerializer(many=True, read_only=True)
    agreement = serializers.SerializerMethodField()

    class Meta(MediationSerializer.Meta):
        fields = [*MediationSerializer.Meta.fields, "outcome_note", "follow_up_note", "sessions", "agreement"]

    @extend_schema_field(AgreementSerializer(allow_null=True))
    def get_agreement(self, m: Mediation) -> Any:
        a = getattr(m, "agreement", None)
        return AgreementSerializer(a).data if a is not None else None


class PartyInput(InputSerializer):
    name = serializers.CharField(max_length=100)
    role = serializers.ChoiceField(choices=PartyRole.choices)
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class MediationRegisterInput(InputSerializer):
    """登记纠纷: two or more parties, the kind, a title and the facts."""

    kind = serializers.ChoiceField(choices=DisputeKind.choices)
    title = serializers.CharField(max_length=100, help_text="纠纷简述")
    facts = serializers.CharField(max_length=4000, help_text="纠纷事实")
    parties = PartyInput(many=True, help_text="当事人，至少两方")
    mediators = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=list,
        help_text="调解员（工作人员 id）",
    )
    channel = serializers.ChoiceField(
        choices=MediationChannel.choices, required=False, allow_null=True, default=None
    )
    market_day = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class SessionInput(InputSerializer):
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=100)
    attendees = serializers.ListField(child=serializers.IntegerField(min_value=1), help_text="到场当事人 id")
    minutes = serializers.CharField(max_length=4000, help_text="调解笔录")


class AgreementInput(InputSerializer):
    content = serializers.CharField(max_length=4000)
    obligations = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    performance_method = serializers.CharField(max_length=300)
    performance_deadline = serializers.DateField()


class SignInput(InputSerializer):
    parties = serializers.ListField(child=serializers.IntegerField(min_value=1), help_text="签名的当事人 id")
    signed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class CloseInput(InputSerializer):
    outcome = serializers.ChoiceField(
        choices=[
            (Outcome.NO_AGREEMENT.value, Outcome.NO_AGREEMENT.label),
            (Outcome.REFERRED.value, Outcome.REFERRED.label),
        ]
    )
    referred_to = serializers.ChoiceField(
        choices=ReferralBody.choices, required=False, allow_blank=True, default=""
    )
    referred_body = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class FollowUpInput(InputSerializer):
    performance = serializers.ChoiceField(choices=Performance.choices)
    note = serializers.CharField(max_length=2000)
    visited_on = serializers.DateField(required=False, allow_null=True, default=None)


class ExtendInput(InputSerializer):
    days = serializers.IntegerField(min_value=1, max_value=365)
    reason = serializers.CharField(max_length=300)


class MediationEmptyInput(InputSerializer):
    """No body."""
