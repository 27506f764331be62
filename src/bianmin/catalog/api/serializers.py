from __future__ import annotations

from rest_framework import serializers

from bianmin.catalog.models import JointParticipant, Material, ServiceItem, ServiceItemVersion


class MaterialSerializer(serializers.ModelSerializer):
    sample_url = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = ["id", "name", "originals", "copies", "mandatory", "note", "sample_url"]

    def get_sample_url(self, obj: Material) -> str | None:
        return obj.sample.url if obj.sample else None


class JointParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = JointParticipant
        fields = ["window_code", "task", "days"]


class ItemVersionSerializer(serializers.ModelSerializer):
    """The six disclosures (六公开) of one version."""

    windows = serializers.ListField(source="window_codes", child=serializers.CharField())
    materials = MaterialSerializer(many=True, read_only=True)
    participants = JointParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceItemVersion
        fields = [
            "version",
            "published_at",
            "name",
            "implementation_code",
            "category",
            "department",
            "kind",
            "content",
            "conditions",
            "procedure",
            "legal_basis",
            "statutory_days",
            "promised_days",
            "fee",
            "fee_basis",
            "fee_due_at",
            "fee_waivers",
            "needs_seal",
            "decided_by",
            "proxy_allowed",
            "in_person_required",
            "online_allowed",
            "appointment_allowed",
            "windows",
            "materials",
            "participants",
        ]


class ServiceItemSerializer(ItemVersionSerializer):
    """An item as the public sees it: its code plus the current version's disclosures, flattened."""

    code = serializers.CharField(read_only=True)

    class Meta(ItemVersionSerializer.Meta):
        fields = ["code", *ItemVersionSerializer.Meta.fields]

    def to_representation(self, instance: ServiceItem) -> dict:  # type: ignore[override]
        data = {"code": instance.code}
        data.update(ItemVersionSerializer(instance.current, context=self.context).data)
        return data
