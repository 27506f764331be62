"""Duty rosters (值班表) and meetings (例会/培训) of a service center or a village station.

A roster is one row per org, day and kind of duty (``DutyEntry``): the leader on duty every working day
(000 篇2: 每天至少 1 名领导带班), duty on weekends and holidays (000 篇8: 双休日值班), the staff on duty by
weekly rotation who keeps the duty log and the hall clean (003 太湖乡: 值班记录), and at a village station a
cadre on duty every working day (004: 每个工作日一名社区干部值班, 公开轮值表). A month is generated from the
org's rotations (``DutyRotation``, an ordered list of staff per kind) and then edited by hand; a hand edit is
never overwritten, and every swap is kept (``DutySwap``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bianmin.orgs.models import Org, Staff


class DutyKind(models.TextChoices):
    LEADER = "leader", _("带班领导")
    HOLIDAY = "holiday", _("节假日值班")
    STAFF = "staff", _("值班人员")
    STATION = "station", _("驻站值班干部")


# Which kinds are on working days and which on days off (by the calendar, 调休 included).
WORKDAY_KINDS = (DutyKind.LEADER, DutyKind.STAFF, DutyKind.STATION)
DAY_OFF_KINDS = (DutyKind.HOLIDAY,)


class EntrySource(models.TextChoices):
    GENERATED = "generated", _("按轮值生成")
    MANUAL = "manual", _("手工编排")


class DutyRotation(models.Model):
    """轮值顺序: the ordered staff a kind of duty rotates through at one org."""

    org = models.ForeignKey(
        Org, on_delete=models.CASCADE, related_name="duty_rotations", verbose_name=_("组织")
    )
    kind = models.CharField(_("值班类别"), max_length=16, choices=DutyKind.choices)
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("轮值顺序")
        verbose_name_plural = _("轮值顺序")
        constraints = [models.UniqueConstraint(fields=["org", "kind"], name="duty_rotation_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.org} {self.get_kind_display()}"


class RotationMember(models.Model):
    rotation = models.ForeignKey(DutyRotation, on_delete=models.CASCADE, related_name="members")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+", verbose_name=_("工作人员"))
    position = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        ordering = ["rotation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rotation", "position"], name="rotation_member_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.staff}"


class DutyEntry(models.Model):
    """One kind of duty at one org on one day, and who holds it; the duty log is written by that person."""

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="duty_entries", verbose_name=_("组织")
    )
    date = models.DateField(_("日期"))
    kind = models.CharField(_("值班类别"), max_length=16, choices=DutyKind.choices)
    staff = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="duty_entries", verbose_name=_("值班人")
    )
    source = models.CharField(_("来源"), max_length=16, choices=EntrySource.choices)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    # 值班记录 (003 太湖乡): what happened on duty, the hall's cleaning included.
    log = models.TextField(_("值班记录"), blank=True, max_length=2000)
    hall_cleaned = models.BooleanField(_("已打扫大厅卫生"), default=False)
    log_at = models.DateTimeField(_("记录时间"), null=True, blank=True)
    log_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        ordering = ["date", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["org", "date", "kind"], name="duty_entry_once_per_day")
        ]
        indexes = [models.Index(fields=["org", "date"], name="duty_entry_org_date")]
        permissions = [
            ("edit_roster", _("编排值班表")),
            ("write_dutylog", _("填写值班记录")),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.staff}"


class DutySwap(models.Model):
    """调班: who gave a day of duty to whom, why, and who recorded it; kept for good."""

    entry = models.ForeignKey(
        DutyEntry, on_delete=models.CASCADE, related_name="swaps", verbose_name=_("值班")
    )
    from_staff = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("原值班人")
    )
    to_staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("接班人"))
    reason = models.CharField(_("调班原因"), max_length=200)
    swapped_at = models.DateTimeField(_("调班时间"))
    swapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        verbose_name = _("调班记录")
        verbose_name_plural = _("调班记录")
        ordering = ["-swapped_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.entry}: {self.from_staff} → {self.to_staff}"


class MeetingKind(models.TextChoices):
    MEETING = "meeting", _("例会")
    TRAINING = "training", _("培训")


class Meeting(models.Model):
    """例会/培训 (003: 每月例会; 000 篇8: 每季度例会、业务培训): scheduled, attendance kept, minutes attached."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("中心"))
    kind = models.CharField(_("类别"), max_length=16, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=60, blank=True)
    topic = models.CharField(_("议题"), max_length=200)
    minutes = models.TextField(_("会议记录"), blank=True, max_length=10000)
    minutes_at = models.DateTimeField(_("记录时间"), null=True, blank=True)
    # The minutes as a file (a scan or a PDF), checked by its content like every upload: PDF, JPEG or PNG.
    minutes_file = models.FileField(_("会议记录附件"), upload_to="meetings/%Y/", blank=True, max_length=200)
    minutes_file_type = models.CharField(_("附件类型"), max_length=40, blank=True)
    minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_at = models.DateTimeField(_("安排时间"))
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("例会与培训")
        verbose_name_plural = _("例会与培训")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["org", "starts_at"], name="meeting_org_starts")]
        permissions = [
            ("schedule_meeting", _("安排例会与培训")),
            ("record_meeting", _("记录出席与会议记录")),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d} {self.get_kind_display()} {self.topic}"


class Presence(models.TextChoices):
    PRESENT = "present", _("出席")
    ABSENT = "absent", _("缺席")
    LEAVE = "leave", _("请假")


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+", verbose_name=_("工作人员"))
    presence = models.CharField(_("出席情况"), max_length=16, choices=Presence.choices)
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("出席记录")
        verbose_name_plural = _("出席记录")
        ordering = ["meeting", "staff__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "staff"], name="meeting_attendance_once_per_staff")
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.get_presence_display()}"


class MeetingReminder(models.Model):
    """提醒: one per meeting and staff member of its center, recorded by ``bianmin meeting_reminders`` a set
    number of working days before (``MEETING_REMINDER_WORKDAYS``); the home page lists upcoming meetings
    live and marks the ones reminded."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+", verbose_name=_("工作人员"))
    reminded_at = models.DateTimeField(_("提醒时间"))

    class Meta:
        verbose_name = _("例会提醒")
        verbose_name_plural = _("例会提醒")
        ordering = ["meeting", "staff"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "staff"], name="meeting_reminder_once_per_staff")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} → {self.staff}"
