from __future__ import annotations

from typing import Any

from rest_framework import serializers

from bianmin.lib.api import InputSerializer
from bianmin.performance.models import ScoreEntry, TableKind


class ScoreEntrySerializer(serializers.ModelSerializer):
    center = serializers.CharField(source="org.code")
    staff = serializers.SerializerMethodField()
    window = serializers.CharField(source="window.code", default=None)
    rule = serializers.CharField(source="rule.code")
    rule_description = serializers.CharField(source="rule.description")
    article = serializers.CharField(source="rule.article")
    table = serializers.CharField(source="table.name")
    table_version = serializers.IntegerField(source="table.version")
    table_kind = serializers.CharField(source="table.kind")

    class Meta:
        model = ScoreEntry
        fields = [
            "id",
            "center",
            "staff",
            "window",
            "day",
            "month",
            "rule",
            "rule_description",
            "article",
            "table",
            "table_version",
            "table_kind",
            "amount",
            "source",
            "source_key",
            "evidence",
            "status",
            "decided_at",
            "decision_note",
        ]

    def get_staff(self, obj: ScoreEntry) -> dict[str, Any] | None:
        if obj.user is None:
            return None
        staff = getattr(obj.user, "staff", None)
        return {"username": obj.user.username, "name": staff.name if staff else ""}


class ManualEntryInput(InputSerializer):
    """A manual score entry (人工登记) with its evidence; it counts once the director approves it."""

    staff = serializers.CharField(max_length=150, help_text="the staff member's username")
    rule = serializers.CharField(max_length=40, help_text="the rule's code in the table in force that day")
    day = serializers.DateField()
    evidence = serializers.CharField(max_length=1000, allow_blank=True, help_text="事实依据 (required)")
    table_kind = serializers.ChoiceField(
        choices=TableKind.choices, required=False, default=TableKind.POINTS, help_text="points or fines"
    )


class ScoreDecisionInput(InputSerializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class FineLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.DateField()
    rule = serializers.CharField(source="rule.code")
    rule_description = serializers.CharField(source="rule.description")
    article = serializers.CharField(source="rule.article")
    source: Any = serializers.CharField(
        help_text="attendance, case, supervision, complaint, rating, …, manual"
    )
    source_key = serializers.CharField()
    amount = serializers.DecimalField(max_digits=8, decimal_places=2, help_text="元")


class FineRowSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    center = serializers.CharField(source="org_name")
    total = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="元")
    lines = FineLineSerializer(many=True)


class FineTableSerializer(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.IntegerField()
    valid_from = serializers.DateField()
    center = serializers.CharField(source="org.code", default=None, allow_null=True)


class FinesSerializer(serializers.Serializer):
    period = serializers.CharField(source="period.key")
    applies = serializers.BooleanField(help_text="whether a fines table is in force for the month")
    tables = FineTableSerializer(many=True)
    total = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="元")
    staff = FineRowSerializer(many=True, source="rows")


class RowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    key = serializers.IntegerField(help_text="user id or window id")
    name = serializers.CharField()
    center = serializers.CharField(source="org_name")
    score = serializers.DecimalField(max_digits=10, decimal_places=2)
    points = serializers.DecimalField(max_digits=10, decimal_places=2)
    entries = serializers.IntegerField()
    barred = serializers.BooleanField()
    rectify = serializers.BooleanField(source="flagged")
    accountability = serializers.CharField(source="level")


class RankingSerializer(serializers.Serializer):
    period = serializers.CharField(source="period.key")
    first_day = serializers.DateField(source="period.first")
    last_day = serializers.DateField(source="period.last")
    staff = RowSerializer(many=True)
    windows = RowSerializer(many=True)
    best_staff = RowSerializer(many=True)
    best_windows = RowSerializer(many=True)
    stars = RowSerializer(many=True)
