"""What the API shows of ratings: the case number, window, staff name, level, the rectification's status.

The citizen's identity is never part of a rating; staff names are shown to staff who may read the rating."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bianmin.feedback.models import Level, Rating
from bianmin.feedback.selectors import rectification_status
from bianmin.lib.serializers import BuiltFieldsOnce


class RectificationView(serializers.Serializer):
    number = serializers.CharField()
    state = serializers.CharField(
        help_text=_("open 整改中, overdue 整改超期, rectified 已整改待核实, closed 已核实办结")
    )
    deadline = serializers.DateField()
    owner = serializers.CharField(allow_null=True)


class RatingSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    case = serializers.CharField(source="case.number", read_only=True)
    center = serializers.CharField(source="org.name", read_only=True)
    window = serializers.CharField(source="window.name", read_only=True, allow_null=True, default=None)
    staff = serializers.CharField(source="staff.staff.name", read_only=True, allow_null=True, default=None)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    rectification = serializers.SerializerMethodField()

    class Meta:
        model = Rating
        fields = [
            "id",
            "case",
            "center",
            "occasion",
            "window",
            "staff",
            "level",
            "level_label",
            "comment",
            "channel",
            "created_at",
            "excluded",
            "excluded_reason",
            "rectification",
        ]

    @extend_schema_field(RectificationView(allow_null=True))
    def get_rectification(self, rating: Rating) -> dict[str, Any] | None:
        status = rectification_status(rating, timezone.localdate())
        if not status:
            return None
        rect = rating.rectification
        staff = getattr(rect.owner, "staff", None) if rect.owner is not None else None
        owner = staff.name if staff is not None else None
        return {"number": rect.number, "state": status, "deadline": rect.deadline, "owner": owner}


class PublicRatingInput(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=Level.choices, help_text=_("1 非常满意 … 5 非常不满意；4、5 须写明原因")
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class PublicRatingSerializer(serializers.Serializer):
    case = serializers.CharField()
    occasion = serializers.CharField()
    level = serializers.IntegerField()
    level_label = serializers.CharField()
    channel = serializers.CharField()
    created_at = serializers.DateTimeField()
    rectification_deadline = serializers.DateField(allow_null=True)


class StatsRowSerializer(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True, help_text=_("窗口或工作人员的编号"))
    name = serializers.CharField()
    center = serializers.CharField()
    counts = serializers.ListField(child=serializers.IntegerField(), help_text=_("等级 1 到 5 的评价数"))
    total = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    rate = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, help_text=_("满意度（%）")
    )
    excluded = serializers.IntegerField(help_text=_("认定为恶意或误评、不计入统计的评价数"))


class StatsSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    by = serializers.CharField()
    rows = StatsRowSerializer(many=True)
    total = StatsRowSerializer()
