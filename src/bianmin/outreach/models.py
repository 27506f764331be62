"""Service taken out of the hall: market-day service (赶场服务) and home visits (上门服务).

A center's staff go where the people are — to the market on market days, to the homes of those who cannot
come — and register cases there, which then follow the ordinary case life (``bianmin.cases``). This app
keeps the outing itself: who went, when, what was done, and which cases were registered on it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import Case
from bianmin.orgs.models import Org, Staff

MARKET_OPENS = dt.time(8, 0)  # 000 篇9: 服务时间为上午8:00至散场为止


class MarketDayState(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    ENDED = "ended", _("已散场")
    CANCELLED = "cancelled", _("已取消")


# Allowed transitions of a market-day event; every action checks its own row of this table.
MARKET_DAY_TRANSITIONS: dict[str, frozenset[str]] = {
    MarketDayState.SCHEDULED: frozenset({MarketDayState.ENDED, MarketDayState.CANCELLED}),
    MarketDayState.ENDED: frozenset(),
    MarketDayState.CANCELLED: frozenset(),
}


class MarketDay(models.Model):
    """赶场服务: the center's staff serve at the market on a market day (000 篇9 干部赶场“面对面”便民服务).

    Service runs from 8:00 "until the market ends" (至散场为止), so the end time is recorded when it ends.
    Each outing has one leader in charge (每次便民服务活动必须有一名带队领导) and a team; on market days every
    window must be staffed (001: 便民服务中心窗口逢场日应全部在岗), so a team smaller than the center's open
    windows is a staffing gap. The activity log (活动日志) counts what was done; the matters registered are
    the cases linked to the event, never typed.
    """

    org = models.ForeignKey(
        Org, on_delete=models.PROTECT, related_name="market_day_events", verbose_name=_("中心")
    )
    date = models.DateField(_("赶场日期"))
    place = models.CharField(_("地点"), max_length=60, help_text=_("如 熊家场"))
    starts_at = models.TimeField(_("开始时间"), default=MARKET_OPENS)
    ends_at = models.TimeField(_("散场时间"), null=True, blank=True)
    leader = models.ForeignKey(
        Staff,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_market_days",
        verbose_name=_("带队领导"),
    )
    team: models.ManyToManyField[Staff, MarketDay] = models.ManyToManyField(
        Staff, blank=True, related_name="market_days", verbose_name=_("服务队")
    )
    notes = models.TextField(_("备注"), blank=True, max_length=500)
    state = models.CharField(
        _("状态"), max_length=16, choices=MarketDayState.choices, default=MarketDayState.SCHEDULED
    )
    # 活动日志
    people_served = models.PositiveIntegerField(_("服务群众(人次)"), default=0)
    consultations = models.PositiveIntegerField(_("解答咨询(件)"), default=0)
    disputes_mediated = models.PositiveIntegerField(_("调解纠纷(件)"), default=0)
    follow_up_visits = models.PositiveIntegerField(_("跟踪回访(次)"), default=0)
    log_note = models.TextField(_("活动日志"), blank=True, max_length=2000)
    log_updated_at = models.DateTimeField(_("日志更新时间"), null=True, blank=True)
    log_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_at = models.DateTimeField(_("安排时间"))
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,  # the monthly schedule (``schedule_market_days``) has no person behind it
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("安排人"),
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("赶场服务")
        verbose_name_plural = _("赶场服务")
        ordering = ["-date", "place"]
        constraints = [
            models.UniqueConstraint(fields=["org", "date", "place"], name="market_day_once_per_place")
        ]
        indexes = [models.Index(fields=["org", "date"], name="market_day_org_date")]
        permissions = [
            ("schedule_marketday", _("安排赶场服务")),
            ("record_marketday", _("记录赶场活动日志")),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.place}"

    @property
    def is_open(self) -> bool:
        return self.state == MarketDayState.SCHEDULED

    def can_become(self, state: str) -> bool:
        return state in MARKET_DAY_TRANSITIONS[self.state]


class VisitReason(models.TextChoices):
    """Why the citizen cannot come to the hall (上门服务的对象)."""

    ELDERLY = "elderly", _("老年人")
    DISABLED = "disabled", _("残疾人")
    ILL = "ill", _("患病")
    OTHER = "other", _("其他")


class VisitState(models.TextChoices):
    REQUESTED = "requested", _("待派员")
    ASSIGNED = "assigned", _("已派员")
    VISITED = "visited", _("已上门")
    CANCELLED = "cancelled", _("已取消")


VISIT_TRANSITIONS: dict[str, frozenset[str]] = {
    VisitState.REQUESTED: frozenset({VisitState.ASSIGNED, VisitState.CANCELLED}),
    # assigned again: another staff member goes instead
    VisitState.ASSIGNED: frozenset({VisitState.ASSIGNED, VisitState.VISITED, VisitState.CANCELLED}),
    VisitState.VISITED: frozenset(),
    VisitState.CANCELLED: frozenset(),
}


class HomeVisit(models.Model):
    """上门服务: staff go to a citizen who cannot come to the hall (老年人、残疾人、患病), recorded in the
    上门服务登记 (000 篇8 “四登记”). Requested, assigned to a staff member, then visited or cancelled; the
    cases registered during the visit carry the channel 上门服务 and are linked to it.
    """

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="home_visits", verbose_name=_("中心"))
    requester_name = models.CharField(_("申请人"), max_length=100)
    requester_phone = models.CharField(_("联系电话"), max_length=40)
    requester_id_number = models.CharField(_("身份证号码"), max_length=18, blank=True)
    reason = models.CharField(_("上门原因"), max_length=16, choices=VisitReason.choices)
    reason_note = models.CharField(_("情况说明"), max_length=200, blank=True)
    matter = models.CharField(_("需办事项"), max_length=200)
    address = models.CharField(_("上门地址"), max_length=200)
    wished_at = models.DateTimeField(_("希望上门时间"))
    state = models.CharField(
        _("状态"), max_length=16, choices=VisitState.choices, default=VisitState.REQUESTED
    )
    requested_at = models.DateTimeField(_("登记时间"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )
    assigned_to = models.ForeignKey(
        Staff,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="home_visits",
        verbose_name=_("上门人员"),
    )
    assigned_at = models.DateTimeField(_("派员时间"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    visited_at = models.DateTimeField(_("上门时间"), null=True, blank=True)
    visit_note = models.TextField(_("上门情况"), blank=True, max_length=1000)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("上门服务")
        verbose_name_plural = _("上门服务")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["org", "state"], name="home_visit_org_state")]
        permissions = [
            ("assign_homevisit", _("派员上门")),
            ("record_homevisit", _("记录上门情况")),
        ]

    def __str__(self) -> str:
        return f"{self.requester_name} {self.address}"

    def can_become(self, state: str) -> bool:
        return state in VISIT_TRANSITIONS[self.state]


class OutreachCase(models.Model):
    """A case registered out of the hall, and the outing it was registered on: a market day or a home visit.

    The case itself lives in ``bianmin.cases``; this row is written in the same transaction as its
    registration (``actions.register_on_market_day`` / ``register_on_home_visit``), so the matters a market
    day registered are counted from these rows."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="outreach", verbose_name=_("办件")
    )
    market_day = models.ForeignKey(
        MarketDay,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_links",
        verbose_name=_("赶场服务"),
    )
    home_visit = models.ForeignKey(
        HomeVisit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_links",
        verbose_name=_("上门服务"),
    )
    linked_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("外出服务办件")
        verbose_name_plural = _("外出服务办件")
        constraints = [
            models.CheckConstraint(
                condition=(Q(market_day__isnull=False) & Q(home_visit__isnull=True))
                | (Q(market_day__isnull=True) & Q(home_visit__isnull=False)),
                name="outreach_case_one_outing",
            )
        ]

    def __str__(self) -> str:
        return str(self.case_id)
