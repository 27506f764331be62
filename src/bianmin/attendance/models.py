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

from bianmin.orgs.models import Org, Staff, Window


class Session(models.TextChoices):
    """The two halves of a working day, each with its own sign-in."""

    MORNING = "am", _("上午")
    AFTERNOON = "pm", _("下午")


SESSION_ORDER = {Session.MORNING: 0, Session.AFTERNOON: 1}


class Where(models.TextChoices):
    """What the hall's board (去向公示牌) says of a person, derived from attendance (never stored). The first
    four are the hand-typed whereabouts' own values, the last two the hall's periods outside office hours."""

    ON_DUTY = "on_duty", _("在岗")
    OUT = "out", _("外出")
    ON_LEAVE = "on_leave", _("请假")
    MEETING = "meeting", _("开会")
    NOT_SIGNED_IN = "not_signed_in", _("未签到")
    SIGNED_OUT = "signed_out", _("已签退")
    LUNCH = "lunch", _("午休")
    CLOSED = "closed", _("下班")


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
    WITHDRAWN = "withdrawn", _("已撤回")
    CANCELLED = "cancelled", _("已取消")


# Which state each step of a leave leaves from and goes to. Ending a running leave early keeps it approved
# (with a shorter period); it is listed so that the guard is declared here with the others.
LEAVE_STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "approve": ((LeaveState.PENDING,), LeaveState.APPROVED),
    "refuse": ((LeaveState.PENDING,), LeaveState.REFUSED),
    "withdraw": ((LeaveState.PENDING,), LeaveState.WITHDRAWN),
    "cancel": ((LeaveState.APPROVED,), LeaveState.CANCELLED),
    "end_early": ((LeaveState.APPROVED,), LeaveState.APPROVED),
}
LEAVE_CLOSED = (LeaveState.REFUSED, LeaveState.WITHDRAWN, LeaveState.CANCELLED)


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
    # Set when the approver ends a running leave early: the period first approved (the leave's own end and
    # half days then say what was taken).
    planned_end_day = models.DateField(_("原定结束日期"), null=True, blank=True)
    planned_end_session = models.CharField(
        _("原定结束时段"), max_length=2, choices=Session.choices, blank=True
    )
    planned_half_days = models.PositiveSmallIntegerField(_("原定天数(半天)"), null=True, blank=True)

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

    def can(self, step: str) -> bool:
        """Whether the leave's state allows ``step`` (``LEAVE_STEPS``); who may and when is the action's."""
        return self.state in LEAVE_STEPS[step][0]


class LeaveEventKind(models.TextChoices):
    REQUESTED = "requested", _("提出申请")
    SICK_RECORD = "sick_record", _("登记病历")
    APPROVED = "approved", _("批准")
    REFUSED = "refused", _("不批准")
    WITHDRAWN = "withdrawn", _("撤回")
    CANCELLED = "cancelled", _("取消")
    ENDED_EARLY = "ended_early", _("提前销假")


class LeaveEvent(models.Model):
    """请假留痕: one step of a leave's life (asked, approved, withdrawn, ended early …), written by the action
    that takes it in the same transaction; the leave's page shows them as its approval chain."""

    leave = models.ForeignKey(
        LeaveRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("请假申请")
    )
    kind = models.CharField(_("环节"), max_length=16, choices=LeaveEventKind.choices)
    at = models.DateTimeField(_("时间"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("经办人")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("请假留痕")
        verbose_name_plural = _("请假留痕")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.leave} {self.get_kind_display()}"


class EmptyWindowAlert(models.Model):
    """空岗提醒: a window left with no one at their post in a half day of office hours (001: AB岗,
    窗口不空岗; 003 曾家镇 第十一条: 服务窗口不能缺岗脱人). Written once per window, day and half day by
    ``bianmin attendance_alerts`` so the month keeps its history after the window is staffed again; the
    pages derive the live state themselves and never wait for it."""

    org = models.ForeignKey(
        Org, on_delete=models.CASCADE, related_name="empty_window_alerts", verbose_name=_("中心")
    )
    window = models.ForeignKey(
        Window, on_delete=models.CASCADE, related_name="empty_alerts", verbose_name=_("窗口")
    )
    day = models.DateField(_("日期"))
    session = models.CharField(_("时段"), max_length=2, choices=Session.choices)
    since = models.DateTimeField(_("空岗起始"))
    minutes = models.PositiveIntegerField(_("空岗分钟数"), default=0)
    away = models.CharField(_("岗位人员去向"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"))
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("确认人"),
    )
    note = models.CharField(_("处理说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("空岗提醒")
        verbose_name_plural = _("空岗提醒")
        ordering = ["-day", "-session", "window__number"]
        constraints = [
            models.UniqueConstraint(fields=["window", "day", "session"], name="one_alert_per_window_session")
        ]
        indexes = [models.Index(fields=["org", "day"], name="alert_org_day")]
        permissions = [("acknowledge_alert", _("确认空岗提醒"))]

    def __str__(self) -> str:
        return f"{self.window} {self.day} {self.get_session_display()}"
