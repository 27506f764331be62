"""What the API shows of rosters and meetings, and the bodies of its POSTs."""

from __future__ import annotations

from typing import Any

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

    class Meta:
        model = Meeting
        fields = ["id", "org", "kind", "starts_at", "place", "topic", "minutes", "present", "recorded"]


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
