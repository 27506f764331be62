"""Organisations, windows and staff of the convenience service network (三级便民服务网络)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    COUNTY = "county", _("县级政务服务中心")
    TOWN = "town", _("乡镇(街道)便民服务中心")
    VILLAGE = "village", _("村(社区)便民服务站")


def validate_market_days(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(d, int) and 1 <= d <= 31 for d in value):
        raise ValidationError(_("赶场日应为 1 到 31 之间的日期列表，例如 [5, 15, 25]"))


class Org(models.Model):
    """组织: the county service center, a town center or a village station; a tree.

    ``path`` is a materialised path ("/1/4/9/") so "this org and everything below it" is one indexed
    prefix query (县级角色可查看本县及下级).
    """

    kind = models.CharField(_("类型"), max_length=16, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    code = models.CharField(
        _("行政区划代码"), max_length=12, unique=True, help_text=_("县 6 位、乡镇 9 位、村 12 位")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=40, blank=True)
    supervision_phone = models.CharField(_("监督电话"), max_length=40, blank=True)
    market_days = models.JSONField(
        _("赶场日"),
        default=list,
        blank=True,
        validators=[validate_market_days],
        help_text=_("每月的日期，如 [5, 15, 25]"),
    )
    proxy_days = models.PositiveSmallIntegerField(
        _("代办时限(工作日)"),
        default=7,
        help_text=_(
            "县级设置：代办件从报送到结果交回代办员的时限，县级办理时间不计（曾家镇全程代办制度：7个工作日）"
        ),
    )
    # 电子监察 thresholds, set by the county (local rules, RULES.md "thresholds are set locally"); empty
    # falls back to the BIANMIN settings. Centers and stations below carry the county's values (copied on
    # save, like ``region``) so a list's warning levels need no query beyond the case's own org.
    warning_days_left = models.PositiveSmallIntegerField(
        _("预警阈值(剩余工作日)"),
        null=True,
        blank=True,
        help_text=_("县级设置：剩余不超过此工作日数时预警；留空用系统默认"),
    )
    red_card_days_overdue = models.PositiveSmallIntegerField(
        _("红牌阈值(超期工作日)"),
        null=True,
        blank=True,
        help_text=_("县级设置：超期达到此工作日数时亮红牌；留空用系统默认"),
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    region = models.CharField(
        _("日历区域"), max_length=12, editable=False, default="", help_text=_("所属县的行政区划代码")
    )

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {k: v for k, v in kwargs.items() if k not in {"force_insert"}}
        parent = self.parent if self.parent_id else None
        self.path = f"{parent.path if parent else '/'}{self.pk}/"
        # Kept on the row so deadline code never walks up the tree: a county is its own region.
        self.region = self.code if self.kind == OrgKind.COUNTY or parent is None else parent.region
        if parent is not None and self.kind != OrgKind.COUNTY:
            self.warning_days_left = parent.warning_days_left
            self.red_card_days_overdue = parent.red_card_days_overdue
        super().save(*args, **kwargs)
        if self.kind == OrgKind.COUNTY:
            # The county's thresholds reach every center and station below it (one UPDATE).
            Org.objects.filter(path__startswith=self.path).exclude(pk=self.pk).update(
                warning_days_left=self.warning_days_left, red_card_days_overdue=self.red_card_days_overdue
            )

    def supervision_thresholds(self) -> tuple[int, int]:
        """(预警: at most N working days left, 红牌: at least M working days overdue) of the org's county,
        the settings where the county set none."""
        conf = settings.BIANMIN
        warn = self.warning_days_left
        red = self.red_card_days_overdue
        return (
            int(conf["WARNING_DAYS_LEFT"]) if warn is None else warn,
            int(conf["RED_CARD_DAYS_OVERDUE"]) if red is None else red,
        )

    @property
    def county(self) -> Org:
        """The county this org belongs to (itself for a county center)."""
        org = self
        while org.kind != OrgKind.COUNTY and org.parent is not None:
            org = org.parent
        return org

    @property
    def region_code(self) -> str:
        """The calendar region: the county's division code (local holidays are set per county)."""
        return self.region

    def is_market_day(self, day: dt.date) -> bool:
        return day.day in (self.market_days or [])

    def office_hours_on(self, day: dt.date) -> OfficeHours | None:
        """The schedule in force on ``day`` (the seasonal one wins over the all-year one)."""
        schedules = sorted(self.office_hours.all(), key=lambda h: h.is_all_year)
        return next((h for h in schedules if h.applies_to(day)), None)

    def hall_period(self, now: dt.datetime, *, workday: bool) -> HallPeriod:
        """办公/午休/下班 at ``now`` (local time) by the posted hours of the day; ``workday`` from the calendar.

        A center that posted no hours is taken as open: the board then shows the whereabouts as entered.
        """
        hours = self.office_hours_on(now.date())
        if hours is None:
            return HallPeriod.OPEN
        if not workday:
            return HallPeriod.CLOSED
        return hours.period_at(now.time())


class HallPeriod(models.TextChoices):
    """Whether the hall serves right now (工作时间 of the center, 曾家镇 第九条)."""

    OPEN = "open", _("办公中")
    LUNCH = "lunch", _("午休")
    CLOSED = "closed", _("下班")


class OfficeHours(models.Model):
    """工作时间: office hours, optionally for a season (e.g. 5月1日—9月30日 afternoons until 18:00)."""

    org = models.ForeignKey(
        Org, on_delete=models.CASCADE, related_name="office_hours", verbose_name=_("组织")
    )
    name = models.CharField(_("名称"), max_length=40, default="", blank=True)
    season_start = models.CharField(_("起始日(月-日)"), max_length=5, blank=True, help_text="05-01")
    season_end = models.CharField(_("截止日(月-日)"), max_length=5, blank=True, help_text="09-30")
    morning_start = models.TimeField(_("上午上班"), default=dt.time(8, 0))
    morning_end = models.TimeField(_("上午下班"), default=dt.time(12, 0))
    afternoon_start = models.TimeField(_("下午上班"), default=dt.time(14, 30))
    afternoon_end = models.TimeField(_("下午下班"), default=dt.time(17, 30))

    class Meta:
        verbose_name = _("工作时间")
        verbose_name_plural = _("工作时间")

    def __str__(self) -> str:
        return (
            f"{self.name or self.org} {self.morning_start:%H:%M}-{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}-{self.afternoon_end:%H:%M}"
        )

    @property
    def is_all_year(self) -> bool:
        return not (self.season_start and self.season_end)

    def clean(self) -> None:
        for value in (self.season_start, self.season_end):
            if value:
                try:
                    dt.datetime.strptime(f"2000-{value}", "%Y-%m-%d")  # noqa: DTZ007 - a calendar day, no time
                except ValueError as exc:
                    raise ValidationError(_("季节日期格式应为 MM-DD")) from exc
        if bool(self.season_start) != bool(self.season_end):
            raise ValidationError(_("季节的起止日期须同时填写"))

    def period_at(self, moment: dt.time) -> HallPeriod:
        """Open in the morning and afternoon sessions, 午休 between them, 下班 before and after."""
        if (
            self.morning_start <= moment < self.morning_end
            or self.afternoon_start <= moment < self.afternoon_end
        ):
            return HallPeriod.OPEN
        if self.morning_end <= moment < self.afternoon_start:
            return HallPeriod.LUNCH
        return HallPeriod.CLOSED

    def applies_to(self, day: dt.date) -> bool:
        if self.is_all_year:
            return True
        mmdd = f"{day.month:02d}-{day.day:02d}"
        if self.season_start <= self.season_end:
            return self.season_start <= mmdd <= self.season_end
        return mmdd >= self.season_start or mmdd <= self.season_end


class Window(models.Model):
    """窗口: a counter of a center; staff hold it as post A or B (AB岗)."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="windows", verbose_name=_("组织"))
    code = models.CharField(_("窗口编码"), max_length=20)
    name = models.CharField(_("名称"), max_length=60)
    departments = models.CharField(_("进驻部门"), max_length=200, blank=True)
    number = models.PositiveSmallIntegerField(_("窗口号"), default=1)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")
        ordering = ["org", "number"]
        constraints = [models.UniqueConstraint(fields=["org", "code"], name="window_code_unique_per_org")]

    def __str__(self) -> str:
        return _("%(number)s号 %(name)s") % {"number": self.number, "name": self.name}


class Whereabouts(models.TextChoices):
    ON_DUTY = "on_duty", _("在岗")
    OUT = "out", _("外出")
    ON_LEAVE = "on_leave", _("请假")
    MEETING = "meeting", _("开会")


class Staff(models.Model):
    """工作人员: a user who works at one org; whereabouts are shown on the hall's board (去向公示牌)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="staff", verbose_name=_("组织"))
    name = models.CharField(_("姓名"), max_length=40)
    position = models.CharField(_("职务"), max_length=60, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    photo = models.ImageField(_("照片"), upload_to="staff/", blank=True)
    whereabouts = models.CharField(
        _("去向"),
        max_length=16,
        choices=Whereabouts.choices,
        default=Whereabouts.ON_DUTY,
        help_text=_(
            "签到、外出、请假由考勤自动公示；此处填写“在岗”以外的去向（如开会）时优先显示，本人下次签到后恢复"
        ),
    )
    whereabouts_note = models.CharField(_("去向说明"), max_length=100, blank=True)
    # In service from ``joined_on`` to ``left_on`` (both optional): attendance and AB cover judge a person
    # only on the days they worked here, so a clerk who joins mid-month is not absent before joining.
    joined_on = models.DateField(_("到岗日期"), null=True, blank=True)
    left_on = models.DateField(_("离职日期"), null=True, blank=True)
    windows: models.ManyToManyField[Window, WindowPost] = models.ManyToManyField(
        Window, through="WindowPost", related_name="staff", blank=True
    )

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ["org", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError(_("离职日期不能早于到岗日期"))

    def in_service(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the person's service here (an empty date is open-ended)."""
        return (self.joined_on is None or self.joined_on <= day) and (
            self.left_on is None or day <= self.left_on
        )


class Post(models.TextChoices):
    A = "A", _("A岗")
    B = "B", _("B岗")


class WindowPost(models.Model):
    """AB岗: who holds a window as post A (primary) and who stands in as post B."""

    staff = models.ForeignKey(
        Staff, on_delete=models.CASCADE, related_name="posts", verbose_name=_("工作人员")
    )
    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="posts", verbose_name=_("窗口"))
    post = models.CharField(_("岗位"), max_length=1, choices=Post.choices)

    class Meta:
        verbose_name = _("窗口岗位")
        verbose_name_plural = _("窗口岗位(AB岗)")
        constraints = [models.UniqueConstraint(fields=["staff", "window"], name="one_post_per_window")]

    def __str__(self) -> str:
        return f"{self.window} {self.get_post_display()} {self.staff}"

    def clean(self) -> None:
        if self.staff_id and self.window_id and self.staff.org_id != self.window.org_id:
            raise ValidationError(_("只能在本中心的窗口任职"))
