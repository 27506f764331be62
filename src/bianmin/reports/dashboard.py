"""The leaders' dashboard and the hall's big screen (大屏): today's intake by hour, the running cases by
warning level, this month's on-time rate and satisfaction, a 12-month trend and, for a county, its towns side
by side. Every figure is the statistics table's (``selectors.statistics``, its figures ``figures.derive``)
or the e-supervision board's (``supervision.selectors.board``); nothing personal is read, so the same data
may go on a public screen.

The 12-month trend is one pass over the year (``monthly``), not twelve tables: the statistics' own sources
grouped by month — the rollups where a center's mark covers the days, the ledger by day elsewhere — so a cold
dashboard asks a fixed number of queries whatever the months hold.

Charts are inline SVG drawn here (``bars``), so the page needs no script and no charting library.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractHour, TruncMonth
from django.utils import timezone

from bianmin.cases.models import Case, CaseState
from bianmin.lib.periods import Period, month_start, parse_period
from bianmin.orgs.models import Org, OrgKind
from bianmin.reports.figures import Scope, derive, ledger_counts
from bianmin.reports.models import MEASURES, DailyRollup, RollupMark
from bianmin.reports.selectors import scope_of, statistics
from bianmin.supervision.selectors import board

DASHBOARD_PERMISSION = "reports.view_statistics"
# Office hours and a little around them: the hours the intake chart shows.
FIRST_HOUR, LAST_HOUR = 7, 19
TREND_MONTHS = 12
# The columns of the statistics table the trend does not carry (see ``monthly``): counted from the
# consultation log and the queue's tickets, not from the ledger.
NOT_IN_TREND = (
    "consultations",
    "tickets_served",
    "avg_wait_minutes",
    "payments",
    "fees_collected",
    "fees_refunded",
    "mediations",
    "mediation_agreements",
    "seal_uses",
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | Decimal | None
    x: float
    y: float
    width: float
    height: float

    @property
    def cx(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Chart:
    """A bar chart laid out in a ``width`` × ``height`` SVG viewBox (labels below the bars)."""

    bars: list[Bar]
    width: int
    height: int
    top: int | Decimal

    @property
    def baseline(self) -> int:
        return self.height - 22


def bars(
    points: Sequence[tuple[str, Any]],
    width: int = 600,
    height: int = 220,
    top: int | None = None,
) -> Chart:
    """Bars scaled to ``top`` (rates: 100) or the largest value; a missing value draws no bar."""
    values = [v for _l, v in points if v is not None]
    scale: int | Decimal = top or max(values, default=0) or 1
    baseline, room = height - 22, height - 22 - 18
    step = width / max(len(points), 1)
    out = []
    for i, (label, value) in enumerate(points):
        h = 0.0 if value is None else float(value) / float(scale) * room
        out.append(
            Bar(
                label,
                value,
                round(i * step + step * 0.15, 1),
                round(baseline - h, 1),
                round(step * 0.7, 1),
                round(h, 1),
            )
        )
    return Chart(out, width, height, scale)


def _month_key(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def months_back(today: dt.date, n: int = TREND_MONTHS) -> list[Period]:
    first = month_start(today)
    out = []
    for _ in range(n):
        out.append(parse_period(_month_key(first)))
        first = month_start(first - dt.timedelta(days=1))
    return out[::-1]


def monthly(scope: Scope, first: dt.date, last: dt.date) -> dict[str, dict[str, int | Decimal | None]]:
    """The statistics table's total row of every month from ``first`` to ``last`` (``YYYY-MM`` → values), as
    ``selectors.statistics`` counts it — rollups for the days each center's ``RollupMark`` covers, the
    ledger for the others — but in one pass: the marks (one query), the rollups summed by month (one query
    per distinct covered span, one when the command rolls every center alike) and the ledger by day (one
    query per source for each uncovered range). A month with nothing in it has every count 0.

    Consultations are left out: the statistics count them from the consultation log, neither the ledger
    nor the rollups, and the dashboard does not show them."""
    sums: dict[str, Counter[str]] = defaultdict(Counter)
    groups: dict[tuple[dt.date, dt.date] | None, list[int]] = defaultdict(list)
    spans: dict[int, tuple[dt.date, dt.date]] = {}
    for mark in RollupMark.objects.filter(
        center_id__in=list(scope.centers), rolled_from__isnull=False, rolled_through__isnull=False
    ):
        assert mark.rolled_from is not None and mark.rolled_through is not None
        begin, end = max(mark.rolled_from, first), min(mark.rolled_through, last)
        if begin <= end:
            spans[mark.center_id] = (begin, end)
    for center in scope.centers:
        groups[spans.get(center)].append(center)
    for span, centers in groups.items():
        part = Scope(tuple(centers), scope.station, scope.region, scope.fold)
        gaps = [(first, last)]
        if span is not None:
            gaps = [(first, span[0] - dt.timedelta(days=1)), (span[1] + dt.timedelta(days=1), last)]
            rolled = DailyRollup.objects.filter(center_id__in=centers, day__gte=span[0], day__lte=span[1])
            if scope.station is not None:
                rolled = rolled.filter(Q(station_id=scope.station) | Q(center_id=scope.station))
            for row in (
                rolled.annotate(m=TruncMonth("day"))
                .values("m")
                .annotate(**{f"s_{m}": Sum(m) for m in MEASURES})
                .order_by()
            ):
                sums[_month_key(row["m"])].update({m: row[f"s_{m}"] or 0 for m in MEASURES})
        for a, b in gaps:
            for key, counts in ledger_counts(part, a, b, (), by_day=True).items():
                sums[_month_key(key[0])].update(counts)
    out = {}
    day = month_start(first)
    while day <= last:
        values = derive(sums[_month_key(day)])
        for code in NOT_IN_TREND:
            values.pop(code, None)
        out[_month_key(day)] = values
        day = month_start(day + dt.timedelta(days=32))
    return out


def intake_by_hour(scope: Scope, today: dt.date) -> list[tuple[str, int]]:
    """Cases registered today per local hour (one grouped query); hours outside 7–19 join the edges."""
    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(today, dt.time.min, tzinfo=tz)
    cases = Case.objects.filter(
        org_id__in=scope.centers, registered_at__gte=begin, registered_at__lt=begin + dt.timedelta(days=1)
    )
    if scope.station is not None:
        cases = cases.filter(station_id=scope.station)
    counts = dict.fromkeys(range(FIRST_HOUR, LAST_HOUR + 1), 0)
    for row in (
        cases.annotate(h=ExtractHour("registered_at", tzinfo=tz))
        .values("h")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        hour = min(max(row["h"], FIRST_HOUR), LAST_HOUR)
        counts[hour] += row["n"]
    return [(f"{h}", n) for h, n in counts.items()]


def levels(scope: Scope, today: dt.date, now: dt.datetime) -> dict[str, int]:
    """The running cases (受理/办理中) by level: normal, 预警, 黄牌, 红牌 (the e-supervision board's counts)."""
    centers = list(Org.objects.filter(pk__in=scope.centers).prefetch_related("office_hours"))
    totals = board(AnonymousUser(), today, now, centers).totals
    running = Case.objects.filter(org_id__in=scope.centers, state__in=sorted(CaseState.running_states()))
    if scope.station is not None:
        running = running.filter(station_id=scope.station)
    flagged = totals.warning + totals.yellow + totals.red
    return {
        "normal": max(running.count() - flagged, 0),
        "warning": totals.warning,
        "yellow": totals.yellow,
        "red": totals.red,
    }


def dashboard(org: Org, now: dt.datetime) -> dict[str, Any]:
    """Everything the dashboard and the big screen show for ``org`` at ``now``."""
    today = timezone.localdate(now)
    scope = scope_of(org)
    months = months_back(today)
    trend: list[dict[str, Any]] = [
        {"month": key, **values} for key, values in monthly(scope, months[0].first, today).items()
    ]
    month = trend[-1]
    towns = []
    if org.kind == OrgKind.COUNTY:
        table = statistics(org, parse_period(_month_key(today)), "town", today=today)
        towns = [{"label": r.label, **r.values} for r in table.rows]
    hours = intake_by_hour(scope, today)
    return {
        "org": org,
        "now": now,
        "today": today,
        "intake": hours,
        "intake_today": sum(n for _h, n in hours),
        "intake_chart": bars(hours),
        "levels": levels(scope, today, now),
        "month": month,
        "trend": trend,
        "trend_received": bars([(m["month"][5:], m["received"]) for m in trend]),
        "trend_on_time": bars([(m["month"][5:], m["on_time_rate"]) for m in trend], top=100),
        "trend_satisfaction": bars([(m["month"][5:], m["satisfaction_rate"]) for m in trend], top=100),
        "towns": towns,
    }
