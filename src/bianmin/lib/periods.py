"""Reporting and assessment periods: a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY), as first and last day."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    key: str
    kind: str  # month | quarter | year
    first: dt.date
    last: dt.date

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        return self.first, self.last

    def months(self) -> list[dt.date]:
        out, m = [], self.first
        while m <= self.last:
            out.append(m)
            m = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return out


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def parse_period(text: str) -> Period:
    text = (text or "").strip().upper()
    try:
        if m := _MONTH.match(text):
            first = dt.date(int(m[1]), int(m[2]), 1)
            return Period(text, "month", first, month_end(first))
        if m := _QUARTER.match(text):
            q = int(m[2])
            first = dt.date(int(m[1]), 3 * q - 2, 1)
            return Period(text, "quarter", first, month_end(dt.date(int(m[1]), 3 * q, 1)))
        if m := _YEAR.match(text):
            year = int(m[1])
            return Period(text, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    except ValueError:
        pass
    raise DomainError("bad_period", _("期间格式应为 YYYY-MM、YYYY-Qn 或 YYYY"))


def quarter_of(day: dt.date) -> Period:
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
