"""What the API shows of complaints and opinion entries, and the bodies it reads. The complainant's and a
citizen author's name and phone are masked (lib.identity) for everyone but supervisors (三 保密)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bianmin.complaints.models import AuthorKind, Channel, Complaint, OpinionEntry, OpinionSource, ReplyMode
from bianmin.complaints.selectors import can_see_complainant
from bianmin.lib.api import InputSerializer
from bianmin.lib.identity import mask_name, mask_phone


def _viewer(serializer: serializers.Serializer) -> Any:
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class ComplaintSerializer(serializers.ModelSerializer):
    center = serializers.CharField(source="org.code", read_only=True)
    complainant_name = serializers.SerializerMethodField()
    complainant_phone = serializers.SerializerMethodField()
    staff = serializers.IntegerField(
        source="against_staff.user_id", read_only=True, allow_null=True, default=None
    )
    staff_name = serializers.CharField(
        source="against_staff.name", read_only=True, allow_null=True, default=None
    )
    window = serializers.CharField(
        source="against_window.code", read_only=True, allow_null=True, default=None
    )
    case = serializers.CharField(source="case.number", read_only=True, allow_null=True, default=None)
    reply_notice = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "center",
            "channel",
            "content",
            "complainant_name",
            "complainant_phone",
            "staff",
            "staff_name",
            "window",
            "case",
            "major",
            "state",
            "received_at",
            "due_date",
            "reply_text",
            "reply_mode",
            "replied_at",
            "reply_notice",
            "findings",
            "upheld",
            "decision_reason",
            "decided_at",
        ]

    def _sees(self) -> bool:
        cache = self.context.setdefault("_sees", {})
        if "v" not in cache:
            cache["v"] = can_see_complainant(_viewer(self))
        return bool(cache["v"])

    @extend_schema_field(serializers.CharField(help_text=_("监察人员可见全名，其他人员见脱敏姓名")))
    def get_complainant_name(self, complaint: Complaint) -> str:
        return complaint.complainant_name if self._sees() else mask_name(complaint.complainant_name)

    @extend_schema_field(serializers.CharField(help_text=_("监察人员可见完整号码，其他人员见脱敏号码")))
    def get_complainant_phone(self, complaint: Complaint) -> str:
        return complaint.complainant_phone if self._sees() else mask_phone(complaint.complainant_phone)

    @extend_schema_field(serializers.CharField(allow_null=True, help_text=_("投诉答复书编号")))
    def get_reply_notice(self, complaint: Complaint) -> str | None:
        notice = getattr(complaint, "reply_notice", None)
        return notice.number if notice is not None else None


class ComplaintInput(InputSerializer):
    """A complaint. Without an account only ``online`` is accepted and ``center`` names the center (or, left
    out, the case's center); the case is given by its acceptance number and the window by its code, both of
    that center."""

    channel = serializers.ChoiceField(choices=Channel.choices)
    content = serializers.CharField(max_length=2000, allow_blank=True)
    center = serializers.CharField(
        max_length=20,
        required=False,
        help_text=_("中心的区划代码；工作人员可省略(本中心)；网上投诉指明办件时可省略(办件所属中心)"),
    )
    case = serializers.CharField(max_length=50, required=False, allow_null=True, help_text=_("受理编号"))
    window = serializers.CharField(max_length=20, required=False, allow_null=True, help_text=_("窗口编码"))
    staff = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("被投诉工作人员的用户 id(仅工作人员登记时)")
    )
    complainant_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    complainant_phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    major = serializers.BooleanField(required=False, default=False)


class ComplaintCreated(serializers.Serializer):
    id = serializers.IntegerField()
    due_date = serializers.DateField()


class ReplyInput(InputSerializer):
    text = serializers.CharField(max_length=2000, allow_blank=True)
    mode = serializers.ChoiceField(choices=ReplyMode.choices)


class DecideInput(InputSerializer):
    upheld = serializers.BooleanField()
    findings = serializers.CharField(max_length=2000, allow_blank=True)
    reason = serializers.CharField(max_length=1000, allow_blank=True)


class ReferInput(InputSerializer):
    note = serializers.CharField(max_length=1000, allow_blank=True)
    to_user = serializers.IntegerField(required=False, allow_null=True, help_text=_("移送给(用户 id)"))
    to_body = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class OpinionSerializer(serializers.ModelSerializer):
    center = serializers.CharField(source="org.code", read_only=True)
    author_name = serializers.SerializerMethodField()
    author_phone = serializers.SerializerMethodField()
    author_staff = serializers.IntegerField(
        source="author_staff.user_id", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = OpinionEntry
        fields = [
            "id",
            "center",
            "source",
            "content",
            "author_kind",
            "author_name",
            "author_phone",
            "author_staff",
            "consent_to_publish",
            "state",
            "recorded_at",
            "answer",
            "answered_at",
            "published",
            "adopted",
            "adopted_at",
            "adoption_note",
        ]

    @extend_schema_field(serializers.CharField())
    def get_author_name(self, entry: OpinionEntry) -> str:
        # A staff member's name is no secret; a citizen's is masked like a complainant's.
        if entry.author_kind == "staff" or can_see_complainant(_viewer(self)):
            return entry.author_name
        return mask_name(entry.author_name)

    @extend_schema_field(serializers.CharField())
    def get_author_phone(self, entry: OpinionEntry) -> str:
        return entry.author_phone if can_see_complainant(_viewer(self)) else mask_phone(entry.author_phone)


class OpinionInput(InputSerializer):
    # The body's "source" names where the entry came from; DRF takes declared fields off the class, so it
    # does not clash with Field.source at run time.
    source = serializers.ChoiceField(choices=OpinionSource.choices)  # type: ignore[assignment]
    content = serializers.CharField(max_length=2000, allow_blank=True)
    center = serializers.CharField(max_length=20, required=False)
    author_kind = serializers.ChoiceField(choices=AuthorKind.choices)
    author_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    author_phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    author_staff = serializers.IntegerField(required=False, allow_null=True, help_text=_("用户 id"))
    consent_to_publish = serializers.BooleanField(required=False, default=False)


class OpinionCreated(serializers.Serializer):
    id = serializers.IntegerField()


class AnswerInput(InputSerializer):
    answer = serializers.CharField(max_length=2000, allow_blank=True)
    publish = serializers.BooleanField(required=False, default=False)


class AdoptInput(InputSerializer):
    note = serializers.CharField(max_length=300, allow_blank=True)
