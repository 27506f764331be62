"""The statistics over the API: the table (``StatisticsTable.to_json``) and the cases behind a number."""

from __future__ import annotations

from rest_framework import serializers

from bianmin.cases.models import Case
from bianmin.lib.identity import mask_name


class ColumnSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.ChoiceField(choices=["count", "rate", "days", "minutes", "money"])
    drillable = serializers.BooleanField()


class StatisticsRowSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="the row's id (window, item, org), kind or channel; 'none'; 'total'"
    )
    label = serializers.CharField()  # type: ignore[assignment]
    values = serializers.DictField(
        child=serializers.CharField(allow_null=True),
        help_text="column code → count (integer), rate or average (decimal string), or null",
    )


class OrgRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class StatisticsSerializer(serializers.Serializer):
    """Exactly ``StatisticsTable.to_json()``: what a submitted report stores."""

    org = OrgRefSerializer()
    period = serializers.CharField()
    by = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = StatisticsRowSerializer(many=True)
    total = StatisticsRowSerializer()


class DrillCaseSerializer(serializers.ModelSerializer):
    center = serializers.CharField(source="org.code")
    item = serializers.CharField(source="item.code")
    item_name = serializers.SerializerMethodField()
    applicant = serializers.SerializerMethodField(help_text="masked")
    window = serializers.CharField(source="window.code", default=None)

    class Meta:
        model = Case
        fields = [
            "number",
            "center",
            "item",
            "item_name",
            "kind",
            "channel",
            "state",
            "applicant",
            "window",
            "registered_at",
            "accepted_on",
            "due_date",
            "concluded_at",
        ]

    def get_item_name(self, case: Case) -> str:
        return case.item_name

    def get_applicant(self, case: Case) -> str:
        return mask_name(case.applicant_name)
