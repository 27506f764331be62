"""What the API shows of payables, ledger entries and a day's reconciliation, and the bodies of the
collection window's actions. Amounts are strings of yuan with two decimals (never JSON floats); the payer's
name is masked (lib.identity), as in every list."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bianmin.fees.models import Entry, Method, Payable
from bianmin.lib.api import InputSerializer
from bianmin.lib.identity import mask_name
from bianmin.lib.serializers import BuiltFieldsOnce

AMOUNT_PATTERN = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"


def money(**extra: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, **extra)


def amount_input(required: bool, help_text: Any) -> serializers.RegexField:
    return serializers.RegexField(AMOUNT_PATTERN, max_length=13, required=required, help_text=help_text)


class PayableSerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    """One payable (应缴款) with its balance."""

    center: Any = serializers.SlugRelatedField(source="org", slug_field="code", read_only=True)
    case = serializers.CharField(source="case_number", read_only=True)
    payer_name = serializers.SerializerMethodField()
    amount = money()
    paid = money(help_text=_("已收（含已作废的收款）"))
    voided = money(help_text=_("已作废"))
    refunded = money(help_text=_("已退款"))
    waived = money(help_text=_("已减免"))
    outstanding = money(help_text=_("尚欠"))

    class Meta:
        model = Payable
        fields = [
            "id",
            "center",
            "case",
            "item_code",
            "item_name",
            "payer_name",
            "amount",
            "basis",
            "waivers",
            "due_at",
            "source",
            "raised_at",
            "raised_on",
            "paid",
            "voided",
            "refunded",
            "waived",
            "outstanding",
        ]

    @extend_schema_field(serializers.CharField(help_text=_("已遮蔽")))
    def get_payer_name(self, p: Payable) -> str:
        return mask_name(p.payer_name)


class EntrySerializer(BuiltFieldsOnce, serializers.ModelSerializer):
    """One ledger row (收费流水): a payment with its receipt number, a refund, a void or a waiver."""

    center: Any = serializers.SlugRelatedField(source="org", slug_field="code", read_only=True)
    case = serializers.CharField(source="payable.case_number", read_only=True)
    amount = money()
    of_payment = serializers.IntegerField(source="of_payment_id", read_only=True, allow_null=True)

    class Meta:
        model = Entry
        fields = [
            "id",
            "center",
            "payable",
            "case",
            "kind",
            "amount",
            "method",
            "reference",
            "receipt_number",
            "of_payment",
            "reason",
            "waiver_category",
            "actor_name",
            "at",
            "day",
        ]


class RaiseInput(InputSerializer):
    case = serializers.CharField(max_length=50, help_text=_("受理编号"))
    amount = amount_input(False, _("金额（元），默认按事项收费标准"))


class PayInput(InputSerializer):
    method = serializers.ChoiceField(choices=Method.choices)
    amount = amount_input(False, _("金额（元），默认为尚欠金额"))
    reference = serializers.CharField(
        max_length=64, required=False, allow_blank=True, help_text=_("扫码缴款的交易流水号（扫码必填）")
    )


class WaiveInput(InputSerializer):
    category = serializers.CharField(max_length=40, help_text=_("减免对象类别，须为事项列明的对象"))
    reason = serializers.CharField(max_length=200)


class RefundInput(InputSerializer):
    amount = amount_input(True, _("退款金额（元）"))
    reason = serializers.CharField(max_length=200)
    payment = serializers.IntegerField(required=False, min_value=1, help_text=_("退哪一笔收款，默认最近一笔"))


class VoidInput(InputSerializer):
    payment = serializers.IntegerField(min_value=1, help_text=_("作废哪一笔收款（仅限当日）"))
    reason = serializers.CharField(max_length=200)


class CloseDayInput(InputSerializer):
    org = serializers.CharField(max_length=20, required=False, help_text=_("中心区划代码；默认本人所在中心"))
    date = serializers.DateField()
    deposited = amount_input(True, _("解缴非税专户金额（元），可为 0"))
    slip_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    explanation = serializers.CharField(max_length=200, required=False, allow_blank=True)


class CollectorSerializer(serializers.Serializer):
    name = serializers.CharField()
    payments = serializers.IntegerField()
    collected = money()
    by_method = serializers.DictField(child=money())


class DaySerializer(serializers.Serializer):
    """日终对账 of one center and day."""

    center = serializers.CharField()
    date = serializers.DateField(source="day")
    expected = money(help_text=_("当日开具的应缴款"))
    collected = money(help_text=_("实收（扣除退款、作废）"))
    waived = money(help_text=_("当日减免"))
    by_method = serializers.DictField(child=money())
    collectors = CollectorSerializer(many=True)
    closed = serializers.BooleanField()
    deposited = money(allow_null=True)
    slip_number = serializers.CharField(allow_null=True)
    explanation = serializers.CharField(allow_null=True)
    difference = money(allow_null=True)


def day_data(center_code: str, day: Any) -> dict[str, Any]:
    closed = day.closed
    return {
        "center": center_code,
        "day": day.day,
        "expected": day.expected,
        "collected": day.collected,
        "waived": day.waived,
        "by_method": day.by_method,
        "collectors": [
            {"name": c.name, "payments": c.payments, "collected": c.collected, "by_method": c.by_method}
            for c in day.collectors
        ],
        "closed": closed is not None,
        "deposited": closed.deposited if closed else None,
        "slip_number": closed.slip_number if closed else None,
        "explanation": closed.explanation if closed else None,
        "difference": day.difference,
    }
