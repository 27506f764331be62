"""排队叫号: business types with their number ranges, tickets, the calls made on them, the cases they produced.

A ticket is one visit to the hall: taken at the kiosk (or by a clerk) for a business type, called to a window,
served or skipped. Its times stay on the row (issued, first called, called, finished) so waiting and service
times per window and day can be reported. Green-channel tickets (绿色通道, 000 篇8 "开辟绿色通道") and tickets of
checked-in appointments (预约) are called before the others.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bianmin.appointments.models import Appointment
from bianmin.cases.models import Case
from bianmin.orgs.models import Org, Window

PREFIX_MAX = 2
NAME_MAX = 40


class BusinessType(models.Model):
    """业务类型 / 号段: what a visitor picks at the kiosk, the window group serving it and the letter its numbers
    start with ("A" → A001, A002…, counted afresh every day)."""

    org = models.ForeignKey(
        Org, on_delete=models.CASCADE, related_name="business_types", verbose_name=_("组织")
    )
    name = models.CharField(_("业务名称"), max_length=NAME_MAX)
    prefix = models.CharField(_("号段字母"), max_length=PREFIX_MAX)
    windows = models.ManyToManyField(Window, related_name="business_types", verbose_name=_("办理窗口"))
    note = models.CharField(_("说明"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("业务类型（号段）")
        verbose_name_plural = _("业务类型（号段）")
        ordering = ["org", "position", "prefix"]
        constraints = [models.UniqueConstraint(fields=["org", "prefix"], name="queue_prefix_unique_per_org")]

    def __str__(self) -> str:
        return f"{self.prefix} {self.name}"


class Priority(models.TextChoices):
    """Who is called first. Green channel (绿色通道) and checked-in appointments go before ordinary tickets."""

    NORMAL = "normal", _("普通")
    ELDERLY = "elderly", _("老年人")
    DISABLED = "disabled", _("残疾人")
    PREGNANT = "pregnant", _("孕妇")
    APPOINTMENT = "appointment", _("预约")


GREEN_CHANNEL = (Priority.ELDERLY, Priority.DISABLED, Priority.PREGNANT)
FIRST = (*GREEN_CHANNEL, Priority.APPOINTMENT)


class TicketState(models.TextChoices):
    WAITING = "waiting", _("等候中")
    CALLED = "called", _("已叫号")
    DONE = "done", _("已办理")
    SKIPPED = "skipped", _("过号")


# The allowed moves of a ticket; every action checks its ticket's state against this table.
TRANSITIONS: dict[str, set[str]] = {
    TicketState.WAITING: {TicketState.CALLED},
    TicketState.CALLED: {TicketState.CALLED, TicketState.DONE, TicketState.SKIPPED, TicketState.WAITING},
    TicketState.DONE: set(),
    TicketState.SKIPPED: set(),
}


class Ticket(models.Model):
    """排队号: one number taken for one business type on one day (A012), called to a window and served."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("组织"))
    business_type = models.ForeignKey(
        BusinessType, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("业务类型")
    )
    day = models.DateField(_("日期"))
    seq = models.PositiveIntegerField(_("当日序号"))
    number = models.CharField(_("号码"), max_length=8)
    token = models.CharField(_("凭条码"), max_length=12, unique=True)
    priority = models.CharField(
        _("优先类别"), max_length=16, choices=Priority.choices, default=Priority.NORMAL
    )
    first = models.BooleanField(_("优先叫号"), default=False)
    appointment = models.OneToOneField(
        Appointment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ticket",
        verbose_name=_("预约"),
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=TicketState.choices, default=TicketState.WAITING
    )
    # Set by a transfer: only this window calls the ticket next (转窗口).
    target_window = models.ForeignKey(
        Window, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("转入窗口")
    )
    window = models.ForeignKey(
        Window,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("办理窗口"),
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("叫号人"),
    )
    issued_at = models.DateTimeField(_("取号时间"))
    first_called_at = models.DateTimeField(_("首次叫号时间"), null=True, blank=True)
    called_at = models.DateTimeField(_("叫号时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    calls = models.PositiveSmallIntegerField(_("叫号次数"), default=0)

    class Meta:
        verbose_name = _("排队号")
        verbose_name_plural = _("排队号")
        ordering = ["-day", "-first", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["business_type", "day", "seq"], name="queue_ticket_seq_unique"),
        ]
        indexes = [models.Index(fields=["org", "day", "state"], name="queue_ticket_day_state")]
        permissions = [
            ("call_ticket", _("可在窗口叫号、重呼、过号、转窗口")),
            ("issue_ticket", _("可为群众取号")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.day}"

    def can(self, target: str) -> bool:
        return target in TRANSITIONS[self.state]


class EventKind(models.TextChoices):
    ISSUED = "issued", _("取号")
    CALLED = "called", _("叫号")
    RECALLED = "recalled", _("重呼")
    SKIPPED = "skipped", _("过号")
    TRANSFERRED = "transferred", _("转窗口")
    FINISHED = "finished", _("办理完毕")


# What the hall screen announces.
ANNOUNCED = (EventKind.CALLED, EventKind.RECALLED)


class TicketEvent(models.Model):
    """One step of a ticket (取号, 叫号, 重呼, 过号, 转窗口, 办理完毕), written with the change; the hall screen's
    last calls are read from here."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+", verbose_name=_("组织"))
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", verbose_name=_("排队号")
    )
    kind = models.CharField(_("环节"), max_length=16, choices=EventKind.choices)
    window = models.ForeignKey(
        Window, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("窗口")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("叫号记录")
        verbose_name_plural = _("叫号记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["org", "kind", "at"], name="queue_event_org_kind_at")]

    def __str__(self) -> str:
        return f"{self.ticket} {self.get_kind_display()}"


class Board(models.Model):
    """A center's hall screen version: bumped by every issue and call, so a screen asking "anything new since
    version N?" is answered by one indexed read."""

    org = models.OneToOneField(Org, on_delete=models.CASCADE, related_name="+", verbose_name=_("组织"))
    version = models.PositiveBigIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("叫号屏版本")
        verbose_name_plural = _("叫号屏版本")

    def __str__(self) -> str:
        return f"{self.org_id}:{self.version}"


class TicketCase(models.Model):
    """The cases a ticket produced: written when the clerk serving the ticket registers a case at intake."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="case_links", verbose_name=_("排队号")
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+", verbose_name=_("办件"))
    created_at = models.DateTimeField(_("关联时间"))

    class Meta:
        verbose_name = _("排队号办件")
        verbose_name_plural = _("排队号办件")
        constraints = [models.UniqueConstraint(fields=["ticket", "case"], name="queue_ticket_case_unique")]

    def __str__(self) -> str:
        return f"{self.ticket} → {self.case_id}"

    @property
    def org_id(self) -> int:
        return self.ticket.org_id
