"""Attendance (考勤) and leave (请假) of a center's staff.

Staff sign in twice a working day, morning and afternoon (000 篇8: 上午、下午两次签到), by the center's
office hours for the day's season; lateness, leaving early and absence are derived on read from these rows,
the calendar (调休 included) and approved leave — no job has to run for a page to be right. A trip out during
hours is recorded with its reason (003 太湖乡: 中途外出时,需在签到册上注明外出事由). Leave is asked for in
half days and approved by the person the center's policy names for its length (003 太湖乡 第十七条;
003 曾家镇 第十条), a table of ranges kept per center.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bianmin.orgs.models import Org, Staff


class Session(models.TextChoices):
    """The two halves of a working day, each with its own sign-in."""

    MORNING = "am", _("上午")
    AFTERNOON = "pm", _("下午")


SESSION_ORDER = {Session.MORNING: 0, Session.AFTERNOON: 1}


class SignIn(models.Model):
    """签到: one row per staff member, working day and half day; signing out is optional."""

    staff = models.ForeignKey(
        Staff, on_delete=models.CASCADE, related_name="sign_ins", verbose_name=_("工作人员")
    )
    day = models.DateField(_("日期"))
    session = models.CharField(_("时段"), max_length=2, choices=Session.choices)
    signed_in_at = models.DateTimeField(_("签到时间"))
    signed_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        ordering = ["-day", "session", "staff"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "day", "session"], name="one_sign_in_per_session")
        ]
        indexes = [models.Index(fields=["day", "staff"], name="signin_day_staff")]
        permissions = [("sign_in", _("签到签退与中途外出登记"))]

    def __str__(self) -> str:
        return f"{self.staff} {self.day} {self.get_session_display()}"


class Trip(models.Model):
    """中途外出: a trip out during office hours, with its reason; open while ``ended_at`` is empty."""

    staff = models.ForeignKey(
        Staff, on_delete=models.CASCADE, related_name="trips", verbose_name=_("工作人员")
    )
    started_at = models.DateTimeField(_("外出时间"))
    ended_at = models.DateTimeField(_("返回时间"), null=True, blank=True)
    reason = models.CharField(_("外出事由"), max_length=100)

    class Meta:
        verbose_name = _("中途外出")
        verbose_name_plural = _("中途外出")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff"], condition=Q(ended_at__isnull=True), name="one_open_trip_per_staff"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.reason}"


class LeaveKind(models.TextChoices):
    PERSONAL = "personal", _("事假")
    SICK = "sick", _("病假")
    ANNUAL = "annual", _("年休假")
    MARRIAGE = "marriage", _("婚假")
    BEREAVEMENT = "bereavement", _("丧假")
    MATERNITY = "maternity", _("产假")
    OFFICIAL = "official", _("公假")


class ApproverRole(models.TextChoices):
    """Who approves a leave of a given length (003 太湖乡 第十七条 1(3); 003 曾家镇 第十条)."""

    DIRECTOR = "director", _("中心主任")
    DEPUTY = "deputy", _("分管领导")
    PARTY_SECRETARY = "party_secretary", _("党委书记")
    EXTERNAL = "external", _("报上级审批")
    VILLAGE_HEAD = "village_head", _("村主任")


class LeavePolicy(models.Model):
    """One row of a center's leave approval table: leaves of ``min_half_days``..``max_half_days`` half days
    (working days only) are approved by ``approver``; an empty maximum means "and longer"."""

    org = models.ForeignKey(
        Org, on_delete=models.CASCADE, related_name="leave_policies", verbose_name=_("中心")
    )
    min_half_days = models.PositiveSmallIntegerField(_("最少(半天)"))
    max_half_days = models.PositiveSmallIntegerField(_("最多(半天)"), null=True, blank=True)
    approver = models.CharField(_("审批人"), max_length=20, choices=ApproverRole.choices)
    external_body = models.CharField(
        _("上级审批机关"), max_length=60, blank=True, help_text=_("如 市委组织部；仅报上级审批时填写")
    )

    class Meta:
        verbose_name = _("请假审批规则")
        verbose_name_plural = _("请假审批规则")
        ordering = ["org", "min_half_days"]
        constraints = [
            models.UniqueConstraint(fields=["org", "min_half_days"], name="leave_policy_range_unique")
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.min_half_days}-{self.max_half_days or ''} {self.get_approver_display()}"

    def covers(self, half_days: int) -> bool:
        return self.min_half_days <= half_days and (
            self.max_half_days is None or half_days <= self.max_half_days
        )


class LeaveApprover(models.Model):
    """A center's leader who approves leave as 分管领导 or 党委书记 (the director role covers 中心主任)."""

    org = models.ForeignKey(
        Org, on_delete=models.CASCADE, related_name="leave_approvers", verbose_name=_("中心")
    )
    role = models.CharField(_("审批身份"), max_length=20, choices=ApproverRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("用户")
    )

    class Meta:
        verbose_name = _("请假审批人")
        verbose_name_plural = _("请假审批人")
        constraints = [models.UniqueConstraint(fields=["org", "role", "user"], name="leave_approver_unique")]

    def __str__(self) -> str:
        return f"{self.org} {self.get_role_display()} {self.user}"


class LateLeave(models.TextChoices):
    """What a leave approved only after its period began counts as."""

    ABSENCE = "absence", _("按旷工处理")  # 003 太湖乡: 未履行请假手续的一律作旷工处理
    NO_NOTE = "no_note", _("按未交请假条处理")  # 003 曾家镇: 未按规定提交请假条的,每次扣1分


class AttendanceSettings(models.Model):
    """A center's attendance settings besides its leave table."""

    org = models.OneToOneField(
        Org, on_delete=models.CASCADE, related_name="attendance_settings", verbose_name=_("中心")
    )
    late_leave = models.CharField(
        _("事后补假"), max_length=10, choices=LateLeave.choices, default=LateLeave.ABSENCE
    )
    filing_office = models.CharField(
        _("备案部门"), max_length=40, blank=True, help_text=_("如 镇党政办；批准的请假在此备案")
    )

    class Meta:
        verbose_name = _("考勤设置")
        verbose_name_plural = _("考勤设置")

    def __str__(self) -> str:
        return str(self.org)


class LeaveState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")
    CANCELLED = "cancelled", _("已取消")


class LeaveRequest(models.Model):
    """请假: a period in half days, from ``start_day``'s ``start_session`` to ``end_day``'s ``end_session``."""

    staff = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="leave_requests", verbose_name=_("请假人")
    )
    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="leave_requests", verbose_name=_("中心")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=LeaveKind.choices)
    start_day = models.DateField(_("开始日期"))
    start_session = models.CharField(_("开始时段"), max_length=2, choices=Session.choices)
    end_day = models.DateField(_("结束日期"))
    end_session = models.CharField(_("结束时段"), max_length=2, choices=Session.choices)
    half_days = models.PositiveSmallIntegerField(_("天数(半天)"), help_text=_("只计工作日"))
    reason = models.CharField(_("事由"), max_length=200)
    sick_record = models.CharField(
        _("病历记录"), max_length=100, blank=True, help_text=_("病假须凭医院病历卡核实")
    )
    approver = models.CharField(_("审批人"), max_length=20, choices=ApproverRole.choices)
    replacement = models.CharField(
        _("顶岗人员"), max_length=40, blank=True, help_text=_("代办员请假须及时补充人员上岗")
    )
    state = models.CharField(_("状态"), max_length=16, choices=LeaveState.choices, default=LeaveState.PENDING)
    requested_at = models.DateTimeField(_("申请时间"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("申请人")
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    external_approval = models.CharField(
        _("上级批复"), max_length=100, blank=True, help_text=_("报上级审批的，记录批复机关和文号")
    )

    class Meta:
        verbose_name = _("请假申请")
        verbose_name_plural = _("请假申请")
        ordering = ["-start_day", "-pk"]
        indexes = [models.Index(fields=["org", "start_day"], name="leave_org_start")]
        permissions = [
            ("request_leave", _("申请请假")),
            ("decide_leave", _("审批请假")),
            ("view_attendance", _("查看本中心考勤")),
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.get_kind_display()} {self.start_day}"

    @property
    def days(self) -> str:
        """The length in days as shown: 4, 1.5."""
        whole, half = divmod(self.half_days, 2)
        return f"{whole}.5" if half else str(whole)
