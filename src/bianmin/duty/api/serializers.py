"""What the API shows of rosters and meetings, and the bodies of its POSTs."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from bianmin.duty.models import DutyEntry, DutyKind, Meeting
from bianmin.lib.api import InputSerializer
from bianmin.lib.serializers import BuiltFieldsOnce


class DutyEntrySerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    """One day's duty of one kind at a center or station (值班表的一格)."""

    org: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    staff_id = serializers.IntegerField(read_only=True)
    staff_name = serializers.CharField(source="staff.name", read_only=True)
    swaps = serializers.IntegerField(source="swap_count", read_only=True, default=0)

    class Meta:
        model = DutyEntry
        fields = [
            "id",
            "org",
            "org_name",
            "date",
            "kind",
            "staff_id",
            "staff_name",
            "source",
            "note",
            "log",
            "hall_cleaned",
            "log_at",
            "swaps",
        ]


class MeetingSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    org: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    present = serializers.IntegerField(read_only=True, default=0)
    recorded = serializers.IntegerField(read_only=True, default=0)
    minutes_file = serializers.SerializerMethodField(help_text="the minutes file's download path, or null")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "org",
            "kind",
            "starts_at",
            "place",
            "topic",
            "minutes",
            "minutes_file",
            "minutes_file_type",
            "present",
            "recorded",
        ]

    def get_minutes_file(self, obj: Meeting) -> str | None:
        return reverse("duty-meeting-minutes-file", args=[obj.pk]) if obj.minutes_file else None


class UpcomingMeetingSerializer(MeetingSerializer):
    reminded = serializers.BooleanField(read_only=True, default=False)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "reminded"]


class RotationInput(InputSerializer):
    org = serializers.CharField(max_length=12, help_text="单位的行政区划代码")
    kind = serializers.ChoiceField(choices=DutyKind.choices)
    staff = serializers.ListField(child=serializers.IntegerField(min_value=1), max_length=100)
    regenerate = serializers.RegexField(
        r"^20[0-9]{2}-(0[1-9]|1[0-2])$",
        max_length=7,
        required=False,
        allow_null=True,
        default=None,
        help_text="YYYY-MM: re-arrange this month by the new order (hand edits, swaps, logs, past days kept)",
    )


class RotationSerializer(serializers.Serializer):
    org = serializers.CharField()
    kind = serializers.CharField()
    staff = serializers.ListField(child=serializers.IntegerField())
    staff_names = serializers.ListField(child=serializers.CharField())
    changed = serializers.IntegerField()
    created = serializers.IntegerField()


class RosterAssignInput(InputSerializer):
    org = serializers.CharField(max_length=12, help_text="单位的行政区划代码")
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=DutyKind.choices)
    staff = serializers.IntegerField(min_value=1)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RosterSwapInput(InputSerializer):
    to_staff = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=200)
    other = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class DutyLogInput(InputSerializer):
    log = serializers.CharField(max_length=2000)
    hall_cleaned = serializers.BooleanField(required=False, default=False)
