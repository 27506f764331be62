"""What the API shows of the archive, and the bodies it reads. Applicants' names are masked (lib.identity)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bianmin.archive.models import RANK_RETENTION, ArchiveRecord, Box, Disposal, Loan, Retention
from bianmin.lib.api import InputSerializer
from bianmin.lib.identity import mask_name
from bianmin.lib.serializers import BuiltFieldsOnce

MAX_ID = 2**31 - 1  # an id beyond any row; larger numbers would overflow the database's integer


class BoxSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    """档案盒 as the cabinet label lists it."""

    center = serializers.CharField(source="org.code", read_only=True)
    window = serializers.CharField(source="window_code", read_only=True)
    window_name = serializers.CharField(source="window.name", read_only=True, allow_null=True, default=None)
    files = serializers.IntegerField(read_only=True)
    first_archived = serializers.DateTimeField(read_only=True, allow_null=True)
    last_archived = serializers.DateTimeField(read_only=True, allow_null=True)
    retention = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(read_only=True, help_text=_("盒内有文件借出逾期未还"))

    class Meta:
        model = Box
        fields = [
            "id",
            "center",
            "label",
            "year",
            "window",
            "window_name",
            "seq",
            "capacity",
            "files",
            "first_archived",
            "last_archived",
            "retention",
            "opened_at",
            "closed_at",
            "overdue",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(
            choices=Retention.choices, allow_null=True, help_text=_("盒内文件最长的保管期限")
        )
    )
    def get_retention(self, box: Box) -> str | None:
        return RANK_RETENTION.get(getattr(box, "rank", None) or 0)


class RecordSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    """归档文件: one archived case in its box."""

    center = serializers.CharField(source="org.code", read_only=True)
    box = serializers.CharField(source="box.label", read_only=True)
    box_id = serializers.IntegerField(read_only=True)
    case = serializers.CharField(source="case.number", read_only=True)
    item = serializers.CharField(source="case.item_name", read_only=True)
    applicant = serializers.SerializerMethodField()
    concluded_at = serializers.DateTimeField(source="case.concluded_at", read_only=True, allow_null=True)
    on_loan = serializers.BooleanField(read_only=True)
    overdue = serializers.BooleanField(read_only=True, help_text=_("借出逾期未还"))

    class Meta:
        model = ArchiveRecord
        fields = [
            "id",
            "center",
            "number",
            "box",
            "box_id",
            "seq",
            "case",
            "item",
            "applicant",
            "category",
            "retention",
            "expires_on",
            "archived_at",
            "concluded_at",
            "remarks",
            "disposed_at",
            "on_loan",
            "overdue",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(help_text=_("已遮蔽")))
    def get_applicant(self, r: ArchiveRecord) -> str:
        return mask_name(r.case.applicant_name)


class LoanSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    """档案借阅, with ``overdue`` computed for today."""

    center = serializers.CharField(source="org.code", read_only=True)
    record = serializers.IntegerField(source="record_id", read_only=True)
    number = serializers.CharField(source="record.number", read_only=True)
    case = serializers.CharField(source="record.case.number", read_only=True)
    overdue = serializers.BooleanField(read_only=True, help_text=_("借出后超过应还日期仍未归还"))

    class Meta:
        model = Loan
        fields = [
            "id",
            "center",
            "record",
            "number",
            "case",
            "state",
            "borrower_name",
            "purpose",
            "expected_return",
            "requested_at",
            "decided_at",
            "decision_note",
            "lent_at",
            "returned_at",
            "condition",
            "overdue",
        ]
        read_only_fields = fields


class DisposalSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    """档案销毁: the proposal and its decision, with the numbers of the files it lists."""

    center = serializers.CharField(source="org.code", read_only=True)
    numbers = serializers.ListField(child=serializers.CharField(), read_only=True)
    proposed_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = Disposal
        fields = [
            "id",
            "center",
            "state",
            "reason",
            "numbers",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields

    @staticmethod
    def _name(user: Any) -> str | None:
        if user is None:
            return None
        staff = getattr(user, "staff", None)
        return staff.name if staff is not None else user.get_username()

    def get_proposed_by(self, d: Disposal) -> str:
        return self._name(d.proposed_by) or ""

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decided_by(self, d: Disposal) -> str | None:
        return self._name(d.decided_by)


class ArchiveLoanInput(InputSerializer):
    record = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("归档文件编号"))
    purpose = serializers.CharField(max_length=200, help_text=_("借阅目的"))
    expected_return = serializers.DateField(help_text=_("应还日期，不早于今天"))


class ArchiveDecisionInput(InputSerializer):
    note = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text=_("审批意见；不批准时必填")
    )


class ArchiveReturnInput(InputSerializer):
    condition = serializers.CharField(max_length=200, help_text=_("归还时文件的状况，如“完好”"))


class ArchiveDisposalInput(InputSerializer):
    records = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=500,
        help_text=_("归档文件编号"),
    )
    reason = serializers.CharField(max_length=200, help_text=_("销毁理由"))
