"""Working-day arithmetic for administrative time limits (工作日计算).

行政许可法 Art. 82 counts time limits in working days, and 民法典 Art. 201 says the day an event happens is
not counted: a limit of N working days ends on the N-th working day *after* the start day.

This module is pure (no Django) so it can be used and benchmarked without a database. A ``WorkCalendar`` is
built once from a list of overrides and then answers every question in O(log n) by bisecting a sorted
list of working-day ordinals; nothing loops day by day per call.

Sources, in order of precedence:

1. overrides passed to the constructor (a county's ethnic holiday, a late State Council notice);
2. ``chinese_calendar``, which holds the published State Council arrangements (调休) for 2004–2026;
3. for later years, a *provisional* estimate: Monday–Friday minus the statutory holidays ``holidays.China``
   computes (including its "observed" substitute days, the closest available guess of the arrangement the
   State Council will publish). Make-up weekend workdays cannot be guessed, so answers for those years are
   flagged ``provisional`` until an override or a newer ``chinese_calendar`` release covers them.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import chinese_calendar
import holidays

FIRST_DAY = dt.date(2004, 1, 1)
LAST_DAY = dt.date(2060, 12, 31)

_FIRST_ORD = FIRST_DAY.toordinal()
_LAST_ORD = LAST_DAY.toordinal()
_FIRST_YEAR = FIRST_DAY.year
_LAST_YEAR = LAST_DAY.year


class CalendarRangeError(ValueError):
    """A date (or a result) outside the range the calendar knows, 2004-01-01 .. 2060-12-31."""


class Override(NamedTuple):
    """One day whose status is decided by hand, winning over every other source."""

    date: dt.date
    is_workday: bool
    name: str = ""


class DueDate(NamedTuple):
    """The day a time limit ends, and whether it rests on a provisional (not yet published) calendar."""

    date: dt.date
    provisional: bool


def _out_of_range(what: object) -> CalendarRangeError:
    return CalendarRangeError(f"{what} is outside the working-day calendar range {FIRST_DAY} .. {LAST_DAY}")


def _years_covered_by_chinese_calendar() -> range:
    # The same bounds chinese_calendar checks before raising NotImplementedError.
    published = chinese_calendar.holidays.keys()
    return range(min(published).year, max(published).year + 1)


@lru_cache(maxsize=1)
def _base_days() -> tuple[bytes, bytes]:
    """Working-day flags for every day of the range, and provisional flags for every year.

    Computed once per process: ``holidays.China`` works out lunar dates and is the slow part, while each
    ``WorkCalendar`` only copies these flags and applies its few overrides.
    """
    covered = _years_covered_by_chinese_calendar()
    provisional_years = [year for year in range(_FIRST_YEAR, _LAST_YEAR + 1) if year not in covered]
    estimated = holidays.China(years=provisional_years) if provisional_years else {}
    provisional_set = set(provisional_years)
    # chinese_calendar.is_workday re-validates its whole table on every call; for 20,000 days read the
    # published tables it exports instead (the same rule its is_workday applies).
    published_workdays = chinese_calendar.workdays
    published_holidays = chinese_calendar.holidays
    flags = bytearray(_LAST_ORD - _FIRST_ORD + 1)
    for index in range(len(flags)):
        day = dt.date.fromordinal(_FIRST_ORD + index)
        if day.year in provisional_set:
            flags[index] = day.weekday() < 5 and day not in estimated
        else:
            flags[index] = day in published_workdays or (day.weekday() < 5 and day not in published_holidays)
    year_flags = bytes(year in provisional_set for year in range(_FIRST_YEAR, _LAST_YEAR + 1))
    return bytes(flags), year_flags


class WorkCalendar:
    """An immutable working-day calendar over 2004-01-01 .. 2060-12-31.

    ``overrides`` are applied in order, so when two name the same date the later one wins (callers put
    national rows first and a county's rows after them). Overrides also apply to provisional years, but do
    not make a year non-provisional: one adjusted day says nothing about the rest of that year.
    """

    __slots__ = ("_flags", "_overrides", "_provisional_prefix", "_workdays")

    def __init__(self, overrides: Iterable[Override] = ()) -> None:
        base_flags, year_flags = _base_days()
        flags = bytearray(base_flags)
        self._overrides: dict[dt.date, Override] = {}
        for override in overrides:
            flags[self._ordinal(override.date) - _FIRST_ORD] = bool(override.is_workday)
            self._overrides[override.date] = override
        self._flags = bytes(flags)
        # A plain list, not array("l"): bisect on a list compares the stored ints without boxing them.
        self._workdays: list[int] = [_FIRST_ORD + i for i, flag in enumerate(flags) if flag]
        prefix = [0]
        for flag in year_flags:
            prefix.append(prefix[-1] + flag)
        # prefix[k] = provisional years among the first k years, so any span of years is checked in O(1).
        self._provisional_prefix: tuple[int, ...] = tuple(prefix)

    @staticmethod
    def _ordinal(day: dt.date) -> int:
        ordinal = day.toordinal()
        if ordinal < _FIRST_ORD or ordinal > _LAST_ORD:
            raise _out_of_range(day)
        return ordinal

    def is_workday(self, day: dt.date) -> bool:
        return bool(self._flags[self._ordinal(day) - _FIRST_ORD])

    def override_for(self, day: dt.date) -> Override | None:
        return self._overrides.get(day)

    def is_provisional_year(self, year: int) -> bool:
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            raise _out_of_range(f"year {year}")
        index = year - _FIRST_YEAR
        return self._provisional_prefix[index + 1] > self._provisional_prefix[index]

    def is_provisional_span(self, first: dt.date, second: dt.date) -> bool:
        """Whether any year from one date to the other (either order, inclusive) is provisional."""
        self._ordinal(first)
        self._ordinal(second)
        low, high = sorted((first.year, second.year))
        return self._provisional_prefix[high - _FIRST_YEAR + 1] > self._provisional_prefix[low - _FIRST_YEAR]

    def add_workdays(self, start: dt.date, n: int) -> DueDate:
        """The n-th working day after ``start``; ``start`` itself is never counted (民法典 Art. 201).

        ``n == 0`` answers the first working day on or after ``start`` (``start`` itself when it is a
        working day): "by 0 working days" can only mean "today, or the next day the office is open".
        Raises ``ValueError`` for a negative ``n`` and ``CalendarRangeError`` when ``start`` or the result
        falls outside the calendar range.
        """
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        ordinal = self._ordinal(start)
        workdays = self._workdays
        # Workdays strictly after start begin at bisect_right; n == 0 also admits start itself.
        position = bisect_right(workdays, ordinal) + n - 1 if n else bisect_left(workdays, ordinal)
        if position >= len(workdays):
            raise _out_of_range(f"{n} working days after {start}")
        due = dt.date.fromordinal(workdays[position])
        prefix = self._provisional_prefix
        return DueDate(due, prefix[due.year - _FIRST_YEAR + 1] > prefix[start.year - _FIRST_YEAR])

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d <= end; negative (the same count, negated) when end < start.

        The inverse of ``add_workdays``: ``add_workdays(a, n).date == b`` implies
        ``workdays_between(a, b) == n`` for n >= 1.
        """
        workdays = self._workdays
        return bisect_right(workdays, self._ordinal(end)) - bisect_right(workdays, self._ordinal(start))
