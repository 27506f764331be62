"""Attendance and leave over the API: what is read and what is posted."""

from __future__ import annotations

from rest_framework import serializers

from bianmin.attendance.models import EmptyWindowAlert, LeaveKind, LeaveRequest, Session, SignIn, Where
from bianmin.lib.api import InputSerializer


class SignInSerializer(serializers.ModelSerializer):
    class Meta:
        model = SignIn
        fields = ["id", "day", "session", "signed_in_at", "signed_out_at"]


class SignInInput(InputSerializer):
    """Nothing to send: the moment is the server's; ``out`` signs out of the current half day instead."""

    out = serializers.BooleanField(required=False, default=False)


class LeaveSerializer(serializers.ModelSerializer):
    staff = serializers.CharField(source="staff.name", read_only=True)
    center = serializers.CharField(source="org.code", read_only=True)

    class Meta:
        model = LeaveRequest
        fields = [
            "id",
            "staff",
            "center",
            "kind",
            "start_day",
            "start_session",
            "end_day",
            "end_session",
            "half_days",
            "reason",
            "sick_record",
            "replacement",
            "approver",
            "state",
            "requested_at",
            "decided_at",
            "decision_note",
            "external_approval",
            "planned_end_day",
            "planned_end_session",
            "planned_half_days",
        ]


class LeaveInput(InputSerializer):
    kind = serializers.ChoiceField(choices=LeaveKind.choices)
    start_day = serializers.DateField()
    start_session = serializers.ChoiceField(choices=Session.choices)
    end_day = serializers.DateField()
    end_session = serializers.ChoiceField(choices=Session.choices)
    reason = serializers.CharField(max_length=200, allow_blank=True)
    sick_record = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    replacement = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class ApproveInput(InputSerializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    external_approval = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class RefuseInput(InputSerializer):
    note = serializers.CharField(max_length=200, allow_blank=True)


class LeaveNoteInput(InputSerializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class HolderSerializer(serializers.Serializer):
    """One holder of a window now: post, name and what the board says of them."""

    post = serializers.CharField()
    staff = serializers.CharField()
    state = serializers.ChoiceField(choices=Where.choices)
    state_label = serializers.CharField(source="label")
    note = serializers.CharField()


class WindowNowSerializer(serializers.Serializer):
    window = serializers.CharField(help_text="window code")
    name = serializers.CharField()
    number = serializers.IntegerField()
    empty = serializers.BooleanField()
    serving = serializers.CharField(allow_null=True)
    holders = HolderSerializer(many=True)


class AlertSerializer(serializers.ModelSerializer):
    window = serializers.CharField(source="window.code", read_only=True)
    window_name = serializers.CharField(source="window.name", read_only=True)
    acknowledged_by = serializers.CharField(source="acknowledged_by.username", read_only=True, default=None)

    class Meta:
        model = EmptyWindowAlert
        fields = [
            "id",
            "window",
            "window_name",
            "day",
            "session",
            "since",
            "minutes",
            "away",
            "recorded_at",
            "acknowledged_at",
            "acknowledged_by",
            "note",
        ]


class StaffingSerializer(serializers.Serializer):
    window = serializers.CharField(source="window.code")
    name = serializers.CharField(source="window.name")
    half_days = serializers.IntegerField()
    staffed = serializers.IntegerField()
    empty = serializers.IntegerField()
    empty_minutes = serializers.IntegerField()


class EmptyWindowsSerializer(serializers.Serializer):
    """The center now (live, from attendance) and the month so far: recorded alerts and per-window numbers."""

    center = serializers.CharField()
    at = serializers.DateTimeField()
    period = serializers.CharField()
    windows = WindowNowSerializer(many=True)
    empty = serializers.ListField(child=serializers.CharField(), help_text="codes of the windows empty now")
    month = serializers.CharField()
    alerts = AlertSerializer(many=True)
    staffing = StaffingSerializer(many=True)
