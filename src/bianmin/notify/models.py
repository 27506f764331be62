"""通知: the outbox of messages to citizens and staff, the delivery log, the harvest cursor over the case
ledger, the citizens' opt-out list and the wording per kind.

Issue 13 item 4 (000 篇1 "以电话或上门回覆"): every notice the rules require becomes a ``Message`` row in
the same transaction as its cause — a case step's cause is its ``CaseEvent``, which the harvest reads with a
stored cursor (``Cursor``); other causes (appointments, complaint replies) enqueue in their own
transaction. The worker delivers each message at least once: it leases a batch, records every attempt
(``DeliveryAttempt``), retries with exponential backoff, and a message whose lease expired (the worker died)
is picked up again. Nothing is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import CaseEvent
from bianmin.lib.cursors import LedgerCursor
from bianmin.notify.kinds import ChannelKind, MessageKind
from bianmin.orgs.models import Org, Staff

BODY_MAX = 500


class MessageState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    SKIPPED = "skipped", _("不发送")  # opted out (退订), or no way to reach the person


class Message(models.Model):
    """通知消息: one message to one recipient by one channel; created with its cause, delivered by the worker.

    ``source`` names the cause (``event:<id>`` for a case step, ``appointment:<id>:reminder``…); with the
    channel and the recipient it is unique, so a harvest or an enqueue run twice creates nothing twice.
    """

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    kind = models.CharField(_("通知类型"), max_length=32, choices=MessageKind.choices)
    channel = models.CharField(_("渠道"), max_length=8, choices=ChannelKind.choices)
    state = models.CharField(
        _("状态"), max_length=8, choices=MessageState.choices, default=MessageState.PENDING
    )
    source = models.CharField(_("来源"), max_length=80)
    event = models.ForeignKey(
        CaseEvent,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("办件环节"),
    )
    case_number = models.CharField(_("受理编号"), max_length=50, blank=True)
    recipient = models.CharField(_("接收人"), max_length=200)  # phone, e-mail address, staff:<id> or a name
    recipient_name = models.CharField(_("姓名"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)  # letters only
    staff = models.ForeignKey(
        Staff,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("工作人员"),
    )
    params = models.JSONField(_("参数"), default=dict, blank=True)
    gateway_template = models.CharField(_("短信模板编号"), max_length=40, blank=True)
    subject = models.CharField(_("标题"), max_length=100, blank=True)
    body = models.TextField(_("内容"), max_length=BODY_MAX)
    created_at = models.DateTimeField(_("生成时间"))
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次发送时间"))
    lease_until = models.DateTimeField(_("租约到期"), null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True, editable=False)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    skip_reason = models.CharField(_("不发送原因"), max_length=100, blank=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)  # in-app only
    printed_at = models.DateTimeField(_("打印时间"), null=True, blank=True)  # letters only

    class Meta:
        verbose_name = _("通知消息")
        verbose_name_plural = _("通知消息")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "channel", "recipient"], name="notify_message_once"),
        ]
        indexes = [
            # The worker's pick: due pending messages, and leased ones whose lease ran out.
            models.Index(
                fields=["next_attempt_at"],
                name="notify_message_due",
                condition=Q(state__in=["pending", "sending"]),
            ),
            models.Index(fields=["org", "-created_at"], name="notify_message_org"),
            models.Index(
                fields=["staff", "-created_at"],
                name="notify_message_unread",
                condition=Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.state})"


class DeliveryAttempt(models.Model):
    """发送记录: one try to hand a message to its channel, successful or not, with what the channel said."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField(_("第几次"))
    at = models.DateTimeField(_("时间"))
    ok = models.BooleanField(_("成功"))
    error = models.CharField(_("错误"), max_length=300, blank=True)
    provider_id = models.CharField(_("网关回执"), max_length=100, blank=True)
    duration_ms = models.PositiveIntegerField(_("耗时(毫秒)"), default=0)
    worker = models.CharField(_("发送进程"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        ordering = ["message", "number", "id"]

    def __str__(self) -> str:
        return f"{self.message_id}#{self.number} {'ok' if self.ok else self.error}"


class Cursor(LedgerCursor):
    """The harvest's stored cursor over the case ledger: the last ``CaseEvent`` id whose messages exist."""


class OptOutSource(models.TextChoices):
    REPLY = "reply", _("短信回复退订")
    STAFF = "staff", _("工作人员登记")


class OptOut(models.Model):
    """退订: a phone number that asked for no more SMS; its messages are recorded as not sent."""

    phone = models.CharField(_("电话"), max_length=40, unique=True)
    source = models.CharField(_("方式"), max_length=8, choices=OptOutSource.choices)
    recorded_at = models.DateTimeField(_("登记时间"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("短信退订")
        verbose_name_plural = _("短信退订")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return self.phone


class MessageTemplate(models.Model):
    """通知模板: a center's wording for one kind (none: the built-in wording), with the SMS gateway's id."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    kind = models.CharField(_("通知类型"), max_length=32, choices=MessageKind.choices)
    body = models.TextField(_("内容"), max_length=BODY_MAX)
    gateway_template = models.CharField(_("短信模板编号"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("修改时间"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("修改人"),
    )

    class Meta:
        verbose_name = _("通知模板")
        verbose_name_plural = _("通知模板")
        ordering = ["org", "kind"]
        constraints = [models.UniqueConstraint(fields=["org", "kind"], name="notify_template_once")]
        permissions = [("edit_template", _("可以修改通知模板"))]

    def __str__(self) -> str:
        return f"{self.org_id} {self.kind}"
