"""Appointments (预约): a citizen books a time at a center's window for one item, online or by phone.

000 篇8 names 提前预约服务 among the hall's service modes and keeps 预约电话登记 and a 预约登记服务制度 among
its registers and rules. Bookable times are derived, not stored: a center's office hours of the day (the
season's, ``Org.office_hours_on``), the working-day calendar (no times on holidays, times on 调休 workdays)
and the center's slot length and capacity (``BookingSettings``, defaults when a center set none). Only the
bookings are rows (``Appointment``), counted per slot; a center may close a slot or a whole day by hand
(``SlotClosure``). Every change of a booking is written with its ``AppointmentEvent`` in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bianmin.catalog.models import ServiceItem
from bianmin.orgs.models import Org, Window


class BookingSettings(models.Model):
    """预约设置: a center's slot length, places per window and slot, and how far ahead it takes bookings.

    A center without a row books with the field defaults (``for_org``)."""

    org = models.OneToOneField(
        Org, on_delete=models.CASCADE, related_name="booking_settings", verbose_name=_("组织")
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("每个时段(分钟)"), default=30, validators=[MinValueValidator(10), MaxValueValidator(240)]
    )
    capacity = models.PositiveSmallIntegerField(
        _("每窗口每时段名额"), default=3, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    days_ahead = models.PositiveSmallIntegerField(
        _("可提前预约天数"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    checkin_early_minutes = models.PositiveSmallIntegerField(
        _("可提前签到(分钟)"), default=60, validators=[MaxValueValidator(240)]
    )

    class Meta:
        verbose_name = _("预约设置")
        verbose_name_plural = _("预约设置")

    def __str__(self) -> str:
        return str(self.org)

    @classmethod
    def for_org(cls, org: Org) -> BookingSettings:
        """The center's row, or an unsaved one with the defaults."""
        return cls.objects.filter(org=org).first() or cls(org=org)


class SlotClosure(models.Model):
    """停止预约: a center closes one slot, a window's day or the whole day by hand (a meeting, a power cut).

    ``window`` empty closes every window; ``start`` empty closes the whole day."""

    org = models.ForeignKey(
        Org, on_delete=models.CASCADE, related_name="slot_closures", verbose_name=_("组织")
    )
    date = models.DateField(_("日期"))
    window = models.ForeignKey(
        Window, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("窗口")
    )
    start = models.TimeField(_("时段开始"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=200)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    closed_at = models.DateTimeField(_("操作时间"))

    class Meta:
        verbose_name = _("停止预约")
        verbose_name_plural = _("停止预约")
        ordering = ["date", "start"]
        indexes = [models.Index(fields=["org", "date"], name="appt_closure_org_date")]

    def __str__(self) -> str:
        return f"{self.org} {self.date} {self.start or ''} {self.reason}".strip()

    def covers(self, window_id: int, start: dt.time) -> bool:
        return (self.window_id is None or self.window_id == window_id) and (
            self.start is None or self.start == start
        )


class AppointmentState(models.TextChoices):
    BOOKED = "booked", _("已预约")
    ARRIVED = "arrived", _("已到达")
    CANCELLED = "cancelled", _("已取消")
    NO_SHOW = "no_show", _("爽约")


# A booking takes its place until it is cancelled; an arrival and a no-show used theirs.
HOLDING_STATES = (AppointmentState.BOOKED, AppointmentState.ARRIVED, AppointmentState.NO_SHOW)

# Allowed transitions; every action checks its own row of this table (moving keeps a booking booked).
TRANSITIONS: dict[str, frozenset[str]] = {
    AppointmentState.BOOKED: frozenset(
        {AppointmentState.ARRIVED, AppointmentState.CANCELLED, AppointmentState.NO_SHOW}
    ),
    AppointmentState.ARRIVED: frozenset(),
    AppointmentState.CANCELLED: frozenset(),
    AppointmentState.NO_SHOW: frozenset(),
}


class BookingChannel(models.TextChoices):
    ONLINE = "online", _("网上预约")
    PHONE = "phone", _("电话预约")
    COUNTER = "counter", _("现场预约")


class Appointment(models.Model):
    """预约: one person booked for one item at one window and time (000 篇8 预约登记服务制度).

    ``code`` is what the citizen keeps: with their phone number it cancels or moves the booking, and at the
    kiosk it checks them in. The person is identified by their ID number (three no-shows block online
    booking for a while); it is shown masked everywhere."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("组织")
    )
    window = models.ForeignKey(
        Window, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("窗口")
    )
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("事项"))
    item_name = models.CharField(_("事项名称"), max_length=100)
    code = models.CharField(_("预约码"), max_length=8, unique=True)
    date = models.DateField(_("预约日期"))
    start = models.TimeField(_("开始时间"))
    end = models.TimeField(_("结束时间"))
    ends_at = models.DateTimeField(_("时段结束"))
    name = models.CharField(_("姓名"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=40)
    id_number = models.CharField(_("身份证号码"), max_length=18, db_index=True)
    channel = models.CharField(_("预约方式"), max_length=16, choices=BookingChannel.choices)
    state = models.CharField(
        _("状态"), max_length=16, choices=AppointmentState.choices, default=AppointmentState.BOOKED
    )
    booked_at = models.DateTimeField(_("预约时间"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    arrived_at = models.DateTimeField(_("到达时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    moves = models.PositiveSmallIntegerField(_("改约次数"), default=0)

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["date", "start", "window__number", "pk"]
        indexes = [
            models.Index(fields=["org", "date", "window", "start"], name="appt_slot"),
            models.Index(fields=["state", "ends_at"], name="appt_state_ends"),
        ]
        permissions = [
            ("book_appointment", _("可为群众登记、取消、改约预约")),
            ("check_in_appointment", _("可为预约群众签到")),
            ("close_slots", _("可停止或恢复预约时段")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.date} {self.start:%H:%M}"

    @property
    def starts_at(self) -> dt.datetime:
        return self.ends_at - (
            dt.datetime.combine(self.date, self.end) - dt.datetime.combine(self.date, self.start)
        )

    def state_at(self, now: dt.datetime) -> str:
        """The state as the pages show it: a booking whose slot has ended without an arrival is a no-show
        even before ``appointments_noshow`` has recorded it."""
        if self.state == AppointmentState.BOOKED and self.ends_at <= now:
            return AppointmentState.NO_SHOW
        return self.state

    def can(self, target: str) -> bool:
        return target in TRANSITIONS[self.state]


class EventKind(models.TextChoices):
    BOOKED = "booked", _("预约")
    MOVED = "moved", _("改约")
    CANCELLED = "cancelled", _("取消")
    ARRIVED = "arrived", _("到达签到")
    NO_SHOW = "no_show", _("记录爽约")


class AppointmentEvent(models.Model):
    """预约记录: one change of a booking, who made it and when (the citizen themselves when ``actor`` is empty)."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("类别"), max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("预约记录")
        verbose_name_plural = _("预约记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.appointment} {self.get_kind_display()}"
