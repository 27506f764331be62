"""统一收费: payables raised on cases that owe a fee, the collection window's ledger of payments, refunds,
voids and waivers, numbered receipts, refused fee attempts and the daily reconciliation.

000 篇8 ⑥ 实行统一收费制: "各鄉鎮便民中心要設立集中收費窗口，辦理各項收費項目，所收款項直接進入鄉鎮財政非税專户";
000 "一次性收費", "交規定費辦完". 003 曾家镇 "实行免费代办服务，严禁利用代办收取任何代办费": a proxy case, or a case of
a free item, never carries a fee; an attempt is recorded as a supervision trigger (乱收费).

Money is ``Decimal`` in fen-exact columns. Ledger rows (``Entry``) are never edited: a refund, a void and a
waiver are new rows next to the payment they concern.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import Case, CaseEvent
from bianmin.lib.cursors import LedgerCursor
from bianmin.orgs.models import Org, Window


def money_field(label: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=2)


class PayableSource(models.TextChoices):
    LEDGER = "ledger", _("按事项收费环节开具")
    MANUAL = "manual", _("收费窗口开具")


class Payable(models.Model):
    """应缴款: what a case owes under its item's fee schedule (amount, basis), raised when the case reaches
    the item's fee step (受理时/办结时) or by hand at the collection window. One per case."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="payable", verbose_name=_("办件")
    )
    case_number = models.CharField(_("受理编号"), max_length=50)
    item_code = models.CharField(_("事项编码"), max_length=24)
    item_name = models.CharField(_("事项名称"), max_length=200)
    payer_name = models.CharField(_("缴款人"), max_length=100)
    amount = money_field(_("应缴金额(元)"))
    basis = models.CharField(_("收费依据"), max_length=200)
    waivers = models.CharField(_("减免对象"), max_length=200, blank=True)
    due_at = models.CharField(_("收费环节"), max_length=12)
    source = models.CharField(_("开具方式"), max_length=8, choices=PayableSource.choices)
    cause = models.OneToOneField(
        CaseEvent,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("办件环节"),
    )
    raised_at = models.DateTimeField(_("开具时间"))
    raised_on = models.DateField(_("开具日期"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("开具人"),
    )

    class Meta:
        verbose_name = _("应缴款")
        verbose_name_plural = _("应缴款")
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["org", "raised_on"], name="fees_payable_org_day")]
        permissions = [
            ("collect_fee", _("可在收费窗口收款、开具应缴款、退款")),
            ("waive_fee", _("可批准减免收费")),
            ("void_entry", _("可作废他人当日收款")),
            ("close_day", _("可日终对账并关账")),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} ¥{self.amount}"


class EntryKind(models.TextChoices):
    PAYMENT = "payment", _("收款")
    REFUND = "refund", _("退款")
    VOID = "void", _("作废")
    WAIVER = "waiver", _("减免")


class Method(models.TextChoices):
    CASH = "cash", _("现金")
    CARD = "card", _("银行卡")
    WECHAT = "wechat", _("微信扫码")
    ALIPAY = "alipay", _("支付宝扫码")
    UNIONPAY = "unionpay", _("云闪付扫码")


# QR payments: the payer's transaction reference is typed in (no payment gateway is called).
QR_METHODS = (Method.WECHAT, Method.ALIPAY, Method.UNIONPAY)


class Entry(models.Model):
    """收费流水: one immutable row — a payment (with its numbered receipt), a refund or a void of a payment,
    or a waiver (减免) of what is still owed. ``amount`` is always positive; the kind says which way it goes.
    ``day`` is the collection day the row belongs to (closed days take no new rows)."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    payable = models.ForeignKey(
        Payable, on_delete=models.PROTECT, related_name="entries", verbose_name=_("应缴款")
    )
    kind = models.CharField(_("类型"), max_length=8, choices=EntryKind.choices)
    amount = money_field(_("金额(元)"))
    method = models.CharField(_("缴款方式"), max_length=8, choices=Method.choices, blank=True)
    reference = models.CharField(_("交易流水号"), max_length=64, blank=True)
    of_payment = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("原收款"),
    )
    receipt_year = models.PositiveSmallIntegerField(_("票据年度"), null=True, blank=True)
    receipt_seq = models.PositiveIntegerField(_("票据序号"), null=True, blank=True)
    receipt_number = models.CharField(_("票据号码"), max_length=40, blank=True)
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    waiver_category = models.CharField(_("减免类别"), max_length=40, blank=True)
    window = models.ForeignKey(
        Window, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("收费窗口")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人")
    )
    actor_name = models.CharField(_("经办人姓名"), max_length=100, blank=True)
    at = models.DateTimeField(_("时间"))
    day = models.DateField(_("收费日期"))

    class Meta:
        verbose_name = _("收费流水")
        verbose_name_plural = _("收费流水")
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "receipt_year", "receipt_seq"], name="fees_receipt_unique_per_org_year"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fees_entry_amount_positive"),
        ]
        indexes = [models.Index(fields=["org", "day", "kind"], name="fees_entry_org_day_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ¥{self.amount}"


class ReceiptCounter(models.Model):
    """票据号: the last receipt number a center gave in a year; locked while a payment takes the next one,
    so numbers have no gaps and no repeats."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+", verbose_name=_("中心"))
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用号"), default=0)

    class Meta:
        verbose_name = _("票据号")
        verbose_name_plural = _("票据号")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="fees_counter_unique")]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.year}:{self.last}"


class FeeAttempt(models.Model):
    """违规收费尝试: a fee refused because the case is free (a proxy case, or an item whose schedule is 0).
    Kept as the supervision trigger 代办件违规收费 (003 曾家镇 "严禁利用代办收取任何代办费")."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+", verbose_name=_("办件"))
    case_number = models.CharField(_("受理编号"), max_length=50)
    amount = money_field(_("金额(元)"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人")
    )
    at = models.DateTimeField(_("时间"))
    day = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("违规收费尝试")
        verbose_name_plural = _("违规收费尝试")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["org", "day"], name="fees_attempt_org_day")]

    def __str__(self) -> str:
        return f"{self.case_number} ¥{self.amount}"


class DayClose(models.Model):
    """日终对账: a center's collection day closed — what was expected, collected and deposited to the
    township's non-tax account (乡镇财政非税专户) with the bank slip number. A closed day takes no new rows."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    day = models.DateField(_("日期"))
    expected = money_field(_("应收(元)"))
    collected = money_field(_("实收(元)"))
    deposited = models.DecimalField(_("解缴(元)"), max_digits=12, decimal_places=2)
    slip_number = models.CharField(_("解缴凭证号"), max_length=64, blank=True)
    explanation = models.CharField(_("差额说明"), max_length=200, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("关账人")
    )
    closed_at = models.DateTimeField(_("关账时间"))

    class Meta:
        verbose_name = _("日终对账")
        verbose_name_plural = _("日终对账")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["org", "day"], name="fees_day_closed_once")]

    def __str__(self) -> str:
        return f"{self.org_id} {self.day}"


class Cursor(LedgerCursor):
    """The payables harvest's stored cursor over the case ledger: the last ``CaseEvent`` id read."""
