"""How a report reads on the pages and the printed form: its title, its period in words, and the columns
of the statistics table a sheet of paper holds (the workbook carries every column)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from bianmin.lib.periods import Period
from bianmin.submissions.models import ReportKind

# A center's report by window, and a station's 《村(社区)便民服务办理情况统计表》 by kind (000 篇1): the seeds'
# six kinds, intake and conclusion, on time, and what a station owes its villagers (全程代办 and its legs).
CENTER_COLUMNS = (
    "received",
    "instant",
    "promised",
    "joint",
    "proxy",
    "returned",
    "supplement",
    "accepted",
    "concluded",
    "on_time",
    "overdue",
    "on_time_rate",
    "avg_working_days",
    "extended",
    "suspended",
    "escalated",
    "satisfaction_rate",
    "complaints",
)
STATION_COLUMNS = (
    "received",
    "instant",
    "promised",
    "joint",
    "proxy",
    "returned",
    "supplement",
    "proxied",
    "accepted",
    "concluded",
    "on_time",
    "overdue",
    "proxy_legs",
    "proxy_legs_on_time",
)


def period_words(kind: str, period: Period) -> str:
    first = period.first
    if period.kind == "half":
        half = _("上半月") if first.day == 1 else _("下半月")
        return _("%(year)d年%(month)d月%(half)s") % {"year": first.year, "month": first.month, "half": half}
    if period.kind == "quarter":
        return _("%(year)d年第%(q)d季度") % {"year": first.year, "q": (first.month - 1) // 3 + 1}
    return _("%(year)d年%(month)d月") % {"year": first.year, "month": first.month}


def title_of(org_name: str, kind: str, period: Period) -> str:
    """《…便民服务中心…月工作报表》 as the centers title their reports."""
    words = period_words(kind, period)
    if kind == ReportKind.QUARTERLY:
        name = _("办件统计表")
    elif kind == ReportKind.STATION_MONTHLY:
        name = _("便民服务办理情况统计表")
    else:
        name = _("工作报表")
    return f"{org_name}{words}{name}"


@dataclass
class Sheet:
    """The table as printed: headers, rows of values, the totals row."""

    headers: list[str]
    rows: list[tuple[str, list[str]]]
    total: tuple[str, list[str]]
    by_label: str


def _cell(value: Any) -> str:
    return "—" if value is None else str(value)


def sheet(table: Any, breakdown: str) -> Sheet:
    codes: tuple[str, ...] = STATION_COLUMNS if breakdown == "kind" else CENTER_COLUMNS
    labels = {c.code: str(c.label) for c in table.columns}
    codes = tuple(c for c in codes if c in labels)
    return Sheet(
        headers=[labels[c] for c in codes],
        rows=[(r.label, [_cell(r.values.get(c)) for c in codes]) for r in table.rows],
        total=(str(table.total.label), [_cell(table.total.values.get(c)) for c in codes]),
        by_label=_("办件类型") if breakdown == "kind" else _("窗口"),
    )
