"""Daily rollups of the statistics table (统计日汇总) and how far each center's rollups reach.

A ``DailyRollup`` row holds, for one day and one combination of center, window, item, village station, kind
and channel, every summable figure of the statistics table (counts and sums; rates and averages are derived
from them when read). Rows are rebuilt, never edited: ``actions.rebuild_rollups`` deletes a center's days and
writes them again from the ledger, then moves the center's ``RollupMark``. The table is a cache: the
statistics read rollups only for the days the mark covers and the ledger for every other day, so the
figures never depend on the command having run.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bianmin.catalog.models import ServiceItem
from bianmin.orgs.models import Org, Window

# The summable figures a rollup row stores, in the table's order (``figures.COLUMNS`` defines each one).
MEASURES: tuple[str, ...] = (
    "received",
    "instant",
    "promised",
    "joint",
    "proxy",
    "returned",
    "supplement",
    "channel_window",
    "channel_online",
    "channel_agent_station",
    "channel_appointment",
    "channel_home_visit",
    "channel_market_day",
    "channel_escalation",
    "proxied",
    "accepted",
    "concluded",
    "on_time",
    "overdue",
    "working_days_sum",
    "working_days_cases",
    "extended",
    "suspended",
    "escalated",
    "ratings_1",
    "ratings_2",
    "ratings_3",
    "ratings_4",
    "ratings_5",
    "complaints",
    "complaints_upheld",
    "proxy_legs",
    "proxy_legs_on_time",
)


class DailyRollup(models.Model):
    """One day's figures of one center for one window × item × station × kind × channel."""

    day = models.DateField(_("日期"))
    center = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+", verbose_name=_("中心"))
    window = models.ForeignKey(
        Window, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("窗口")
    )
    item = models.ForeignKey(
        ServiceItem, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("事项")
    )
    station = models.ForeignKey(
        Org, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("代办点")
    )
    kind = models.CharField(_("办件类型"), max_length=16, blank=True)
    channel = models.CharField(_("申请渠道"), max_length=16, blank=True)

    received = models.PositiveIntegerField(default=0)
    instant = models.PositiveIntegerField(default=0)
    promised = models.PositiveIntegerField(default=0)
    joint = models.PositiveIntegerField(default=0)
    proxy = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    supplement = models.PositiveIntegerField(default=0)
    channel_window = models.PositiveIntegerField(default=0)
    channel_online = models.PositiveIntegerField(default=0)
    channel_agent_station = models.PositiveIntegerField(default=0)
    channel_appointment = models.PositiveIntegerField(default=0)
    channel_home_visit = models.PositiveIntegerField(default=0)
    channel_market_day = models.PositiveIntegerField(default=0)
    channel_escalation = models.PositiveIntegerField(default=0)
    proxied = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    concluded = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    working_days_sum = models.PositiveIntegerField(default=0)
    working_days_cases = models.PositiveIntegerField(default=0)
    extended = models.PositiveIntegerField(default=0)
    suspended = models.PositiveIntegerField(default=0)
    escalated = models.PositiveIntegerField(default=0)
    ratings_1 = models.PositiveIntegerField(default=0)
    ratings_2 = models.PositiveIntegerField(default=0)
    ratings_3 = models.PositiveIntegerField(default=0)
    ratings_4 = models.PositiveIntegerField(default=0)
    ratings_5 = models.PositiveIntegerField(default=0)
    complaints = models.PositiveIntegerField(default=0)
    complaints_upheld = models.PositiveIntegerField(default=0)
    proxy_legs = models.PositiveIntegerField(default=0)
    proxy_legs_on_time = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("统计日汇总")
        verbose_name_plural = _("统计日汇总")
        indexes = [models.Index(fields=["center", "day"], name="rollup_center_day")]
        permissions = [("view_statistics", _("查看办件统计表"))]

    def __str__(self) -> str:
        return f"{self.center_id} {self.day}"


class RollupMark(models.Model):
    """How far a center's rollups reach: every day from ``rolled_from`` through ``rolled_through`` is in
    ``DailyRollup``; the statistics read the ledger for the days outside. Its row is the lock that
    serialises two rebuilds of the same center (created empty, both dates null, before the first one)."""

    center = models.OneToOneField(Org, on_delete=models.CASCADE, related_name="+", verbose_name=_("中心"))
    rolled_from = models.DateField(_("汇总起始日"), null=True, blank=True)
    rolled_through = models.DateField(_("汇总截至日"), null=True, blank=True)
    rebuilt_at = models.DateTimeField(_("汇总时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("统计汇总进度")
        verbose_name_plural = _("统计汇总进度")

    def __str__(self) -> str:
        return f"{self.center_id} {self.rolled_from}–{self.rolled_through}"
