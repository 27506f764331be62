from __future__ import annotations

from typing import Any

from rest_framework import serializers

from bianmin.performance.models import ScoreEntry


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
