"""The reporting calendar's arithmetic: which periods a report kind covers, and when each is due.

Pure (no queries): the rules and the working-day calendar are passed in. A report's nominal day comes from
its rule (the 15th and the month's last day; the 5th of the next month; the 10th of the quarter's first
month); when that day is not a working day the report is due on the next one (民法典 Art. 203: a deadline
on a holiday moves to the next working day). The answer is provisional when it rests on a year whose holiday
arrangement is not published yet (``WorkCalendar`` marks such years).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError
from bianmin.lib.periods import Period, month_end, parse_period
from bianmin.orgs.models import OrgKind
from bianmin.submissions.models import ReportKind
from bianmin.workdays.calendar import DueDate, WorkCalendar

_HALF = re.compile(r"^(\d{4})-(\d{2})-H([12])$")


@dataclass(frozen=True)
class RuleSpec:
    """A rule as the calendar reads it (a saved ``ReportRule`` or one of the defaults)."""

    kind: str
    submitter_level: str
    recipient_level: str
    due_day: int | None
    source_text: str


# The seeds' reports, seeded for every county (``report_rules <county> --defaults``) and used as they are
# by a county that has no rule of its own yet, so the calendar never waits for a command.
DEFAULT_RULES: tuple[RuleSpec, ...] = (
    RuleSpec(ReportKind.SEMI_MONTHLY, OrgKind.TOWN, OrgKind.COUNTY, None, "000 篇8 ③ 每月15号和月底前"),
    RuleSpec(ReportKind.MONTHLY, OrgKind.TOWN, OrgKind.COUNTY, 5, "003 太湖乡 每月5日上报；001 8"),
    RuleSpec(ReportKind.QUARTERLY, OrgKind.TOWN, OrgKind.COUNTY, 10, "000 篇8 ③ 每季度首月10日前"),
    # 000 篇1 names no day; by the 1st, as 003 太湖乡's windows hand in their records, so the town's own
    # report on the 5th can count them.
    RuleSpec(ReportKind.STATION_MONTHLY, OrgKind.VILLAGE, OrgKind.TOWN, 1, "000 篇1 按月填寫…上報"),
)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _on_day(month: dt.date, day: int) -> dt.date:
    """``day`` of ``month``, or the month's last day when the month is shorter (a rule's 31st in April)."""
    return min(month.replace(day=1) + dt.timedelta(days=day - 1), month_end(month))


def half_month(year: int, month: int, half: int) -> Period:
    first = dt.date(year, month, 1 if half == 1 else 16)
    last = dt.date(year, month, 15) if half == 1 else month_end(first)
    return Period(f"{year:04d}-{month:02d}-H{half}", "half", first, last)


def nominal_due(kind: str, due_day: int | None, period: Period) -> dt.date:
    """The day the rule names for ``period``, before moving it off a day off."""
    if kind == ReportKind.SEMI_MONTHLY:
        return period.last  # the 15th, or the month's last day
    if kind == ReportKind.QUARTERLY:
        return _on_day(_next_month(period.last), due_day or 10)
    return _on_day(_next_month(period.last), due_day or 5)


def period_for(kind: str, key: str) -> Period:
    """The period a report of ``kind`` covers, from its key (YYYY-MM-H1/H2, YYYY-MM or YYYY-Qn)."""
    key = (key or "").strip().upper()
    if kind == ReportKind.SEMI_MONTHLY:
        m = _HALF.match(key)
        if m and 1 <= int(m[2]) <= 12:
            return half_month(int(m[1]), int(m[2]), int(m[3]))
        raise DomainError("bad_period", _("半月报的期间格式应为 YYYY-MM-H1 或 YYYY-MM-H2"))
    period = parse_period(key)
    wanted = "quarter" if kind == ReportKind.QUARTERLY else "month"
    if period.kind != wanted:
        raise DomainError(
            "bad_period",
            _("季度统计的期间格式应为 YYYY-Qn") if wanted == "quarter" else _("月报的期间格式应为 YYYY-MM"),
        )
    return period


def _periods_from(kind: str, month: dt.date) -> Iterator[Period]:
    """The periods of ``kind`` that end in ``month``."""
    if kind == ReportKind.SEMI_MONTHLY:
        yield half_month(month.year, month.month, 1)
        yield half_month(month.year, month.month, 2)
    elif kind == ReportKind.QUARTERLY:
        if month.month % 3 == 0:
            yield parse_period(f"{month.year}-Q{month.month // 3}")
    else:
        yield parse_period(f"{month:%Y-%m}")


@dataclass(frozen=True)
class Due:
    period: Period
    nominal: dt.date
    due: DueDate


def due_of(kind: str, due_day: int | None, period: Period, calendar: WorkCalendar) -> Due:
    nominal = nominal_due(kind, due_day, period)
    return Due(period, nominal, calendar.add_workdays(nominal, 0))


def dues_between(
    kind: str, due_day: int | None, first: dt.date, last: dt.date, calendar: WorkCalendar
) -> list[Due]:
    """Every period of ``kind`` whose (moved) due date falls in ``first`` .. ``last``, oldest first."""
    # A period is due at most ~45 days after it ends, and a moved day at most a fortnight later (春节).
    month = (first - dt.timedelta(days=80)).replace(day=1)
    out = []
    while month <= last:
        for period in _periods_from(kind, month):
            due = due_of(kind, due_day, period, calendar)
            if first <= due.due.date <= last:
                out.append(due)
        month = _next_month(month)
    return out
