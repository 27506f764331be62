from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bianmin.lib.api import InputSerializer
from bianmin.submissions.actions import NARRATIVE_MAX
from bianmin.submissions.models import ReportKind, Submission, SubmissionState


class SubmissionSerializer(serializers.ModelSerializer):
    org = serializers.CharField(source="org.code")
    org_name = serializers.CharField(source="org.name")
    recipient = serializers.CharField(source="recipient.code")
    period = serializers.CharField(source="period_key")
    submitted_by = serializers.SerializerMethodField()
    superseded = serializers.SerializerMethodField()
    superseded_by = serializers.SerializerMethodField()
    table = serializers.JSONField(allow_null=True, help_text=_("报送时冻结的统计表（草稿为空）"))

    class Meta:
        model = Submission
        fields = [
            "id",
            "number",
            "org",
            "org_name",
            "recipient",
            "kind",
            "period",
            "period_first",
            "period_last",
            "due_date",
            "due_provisional",
            "state",
            "on_time",
            "submitted_at",
            "submitted_by",
            "work",
            "good_practice",
            "problems",
            "by",
            "table",
            "supersedes",
            "superseded",
            "superseded_by",
            "chain_seq",
            "prev_hash",
            "hash",
        ]

    def get_submitted_by(self, obj: Submission) -> dict[str, str] | None:
        user = obj.submitted_by
        if user is None:
            return None
        staff = getattr(user, "staff", None)
        return {"username": user.username, "name": staff.name if staff else ""}

    def get_superseded(self, obj: Submission) -> bool:
        return obj.is_superseded

    def get_superseded_by(self, obj: Submission) -> int | None:
        later = getattr(obj, "superseded_by", None)
        return later.pk if later is not None and later.state == SubmissionState.SUBMITTED else None


def _narrative(label: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=NARRATIVE_MAX, allow_blank=True, required=False, default="", help_text=label
    )


class DraftInput(InputSerializer):
    """A report's narrative, saved as its draft (created on the first save, edited after)."""

    org = serializers.CharField(max_length=12, help_text=_("报送单位（本中心或本站）的区划代码"))
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    period = serializers.CharField(
        max_length=12, help_text=_("半月报 YYYY-MM-H1/H2，月报 YYYY-MM，季度统计 YYYY-Qn")
    )
    work = _narrative(_("工作情况"))
    good_practice = _narrative(_("好的经验和做法"))
    problems = _narrative(_("存在问题"))


class CalendarEntrySerializer(serializers.Serializer):
    org = serializers.CharField(source="org.code")
    org_name = serializers.CharField(source="org.name")
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    kind_label = serializers.CharField()
    period = serializers.CharField(source="period.key")
    period_first = serializers.DateField(source="period.first")
    period_last = serializers.DateField(source="period.last")
    nominal_due = serializers.DateField(source="nominal", help_text=_("制度规定的报送日"))
    due_date = serializers.DateField(help_text=_("报送期限（遇节假日顺延至下一个工作日）"))
    provisional = serializers.BooleanField(help_text=_("该年放假安排尚未公布，期限为暂定"))
    status = serializers.ChoiceField(choices=["on_time", "late", "draft", "missing"])
    overdue = serializers.BooleanField()
    workdays_left = serializers.IntegerField()
    submission = serializers.SerializerMethodField()

    def get_submission(self, obj: Any) -> dict[str, Any] | None:
        s = obj.current
        return None if s is None else {"id": s.pk, "number": s.number, "submitted_at": s.submitted_at}
