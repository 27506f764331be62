"""Attendance and leave over the API: what is read and what is posted."""

from __future__ import annotations

from rest_framework import serializers

from bianmin.attendance.models import LeaveKind, LeaveRequest, Session, SignIn
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
