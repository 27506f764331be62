from typing import Any

from rest_framework import serializers

from bianmin.orgs.models import OfficeHours, Org, Window


class OfficeHoursSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfficeHours
        fields = [
            "name",
            "season_start",
            "season_end",
            "morning_start",
            "morning_end",
            "afternoon_start",
            "afternoon_end",
        ]


class OrgSerializer(serializers.ModelSerializer):
    # DRF moves declared fields off the class, so this "parent" does not clash with Field.parent at run time.
    parent: Any = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", read_only=True, allow_null=True
    )
    office_hours = OfficeHoursSerializer(many=True, read_only=True)

    class Meta:
        model = Org
        fields = [
            "code",
            "name",
            "kind",
            "parent",
            "address",
            "phone",
            "supervision_phone",
            "market_days",
            "office_hours",
        ]


class WindowSerializer(serializers.ModelSerializer):
    org: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Window
        fields = ["id", "org", "code", "number", "name", "departments", "active"]
