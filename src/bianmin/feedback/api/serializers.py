"""What the API shows of ratings: the case number, window, staff name, level, the rectification's status.

The citizen's identity is never part of a rating; staff names are shown to staff who may read the rating."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bianmin.feedback.models import Exclusion, Level, Rating, Rectification
from bianmin.feedback.selectors import rectification_status, status_of
from bianmin.lib.api import InputSerializer
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


def _name(user: Any) -> str | None:
    """A staff member's name (the username for an account without a staff record), or None."""
    if user is None:
        return None
    staff = getattr(user, "staff", None)
    return staff.name if staff is not None else user.get_username()


class FollowUpCallView(serializers.Serializer):
    called_on = serializers.DateField(help_text=_("回访日期"))
    caller = serializers.CharField(help_text=_("回访人"))
    response = serializers.CharField(help_text=_("群众意见"))
    satisfied = serializers.BooleanField(help_text=_("群众是否满意"))
    recorded_at = serializers.DateTimeField()


class RectificationDetail(RectificationView):
    """The whole rectification, as the rating's page shows it: owner, measures, the follow-up calls, the
    check."""

    owner_id = serializers.IntegerField(allow_null=True, help_text=_("整改责任人的用户 id"))
    opened_at = serializers.DateTimeField(help_text=_("整改通知书下发时间"))
    measures = serializers.CharField(help_text=_("整改措施"))
    rectified_at = serializers.DateTimeField(allow_null=True)
    rectified_by = serializers.CharField(allow_null=True, help_text=_("整改填报人"))
    calls = FollowUpCallView(many=True, help_text=_("回访记录，按日期"))
    closed_at = serializers.DateTimeField(allow_null=True, help_text=_("核实时间"))
    closed_by = serializers.CharField(allow_null=True, help_text=_("核实人"))
    close_note = serializers.CharField(help_text=_("核实意见"))


def rectification_detail(rect: Rectification, state: str) -> dict[str, Any]:
    return {
        "number": rect.number,
        "state": state,
        "deadline": rect.deadline,
        "owner": _name(rect.owner),
        "owner_id": rect.owner_id,
        "opened_at": rect.opened_at,
        "measures": rect.measures,
        "rectified_at": rect.rectified_at,
        "rectified_by": _name(rect.rectified_by),
        "calls": [
            {
                "called_on": call.called_on,
                "caller": _name(call.caller),
                "response": call.response,
                "satisfied": call.satisfied,
                "recorded_at": call.recorded_at,
            }
            for call in rect.calls.all()
        ],
        "closed_at": rect.closed_at,
        "closed_by": _name(rect.closed_by),
        "close_note": rect.close_note,
    }


class RatingDetailSerializer(RatingSerializer):
    """One rating with its whole rectification and who found it malicious or mistaken. The view puts the
    rectification (``selectors.rectification_of``) in the context as ``rect``."""

    excluded_by = serializers.SerializerMethodField()
    rectification = serializers.SerializerMethodField()

    class Meta(RatingSerializer.Meta):
        fields = [*RatingSerializer.Meta.fields, "excluded_by", "excluded_at"]

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=_("认定人")))
    def get_excluded_by(self, rating: Rating) -> str | None:
        return _name(rating.excluded_by) if rating.excluded_by_id else None

    @extend_schema_field(RectificationDetail(allow_null=True))
    def get_rectification(self, rating: Rating) -> dict[str, Any] | None:
        rect = self.context.get("rect")
        if rect is None:
            return None
        return rectification_detail(rect, status_of(rect, timezone.localdate()))


class AssignOwnerInput(InputSerializer):
    owner = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text=_("整改责任人的用户 id：本中心在职工作人员")
    )


class MeasuresInput(InputSerializer):
    measures = serializers.CharField(max_length=2000, help_text=_("整改措施"))


class FollowUpCallInput(InputSerializer):
    called_on = serializers.DateField(help_text=_("回访日期：评价当天或之后，不晚于今天"))
    response = serializers.CharField(max_length=1000, help_text=_("群众意见"))
    satisfied = serializers.BooleanField(help_text=_("群众是否满意"))


class CheckInput(InputSerializer):
    note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text=_("核实意见")
    )


class ExcludeInput(InputSerializer):
    kind = serializers.ChoiceField(
        choices=Exclusion.choices, help_text=_("malicious 恶意评价，mistaken 误评")
    )
    reason = serializers.CharField(max_length=300, help_text=_("认定理由"))


class PublicRatingInput(InputSerializer):
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
