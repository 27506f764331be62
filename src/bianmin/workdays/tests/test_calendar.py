"""The working-day rules, on the pure calendar (no database)."""

from __future__ import annotations

import datetime as dt
import random

import chinese_calendar
import pytest

from bianmin.workdays.calendar import (
    FIRST_DAY,
    LAST_DAY,
    CalendarRangeError,
    DueDate,
    Override,
    WorkCalendar,
)

D = dt.date


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return WorkCalendar()


# --- published 2026 arrangements ---


def test_ten_working_days_after_2026_09_28_end_on_2026_10_16(calendar: WorkCalendar) -> None:
    # given an application accepted on Monday 2026-09-28, before Mid-Autumn (9-25 is past) and National Day
    start = D(2026, 9, 28)
    # when the 10-working-day limit is computed
    due = calendar.add_workdays(start, 10)
    # then 9-29, 9-30 count, 10-01..10-07 are off, 10-08, 10-09, 10-10 (make-up Saturday), 10-12..10-16 count
    assert due == DueDate(D(2026, 10, 16), provisional=False)


@pytest.mark.parametrize("day", [D(2026, 2, 14), D(2026, 9, 20)])
def test_make_up_weekend_days_are_workdays(calendar: WorkCalendar, day: dt.date) -> None:
    # given a Saturday/Sunday the State Council moved work to (调休上班)
    assert day.weekday() >= 5
    # then it is a working day
    assert calendar.is_workday(day)


def test_national_day_is_not_a_workday(calendar: WorkCalendar) -> None:
    assert not calendar.is_workday(D(2026, 10, 1))


def test_matches_chinese_calendar_on_every_published_day(calendar: WorkCalendar) -> None:
    day = FIRST_DAY
    while day <= D(2026, 12, 31):
        assert calendar.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


# --- the start day is not counted (民法典 Art. 201) ---


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2026, 3, 2), D(2026, 3, 3)),  # Monday workday -> Tuesday
        (D(2026, 3, 6), D(2026, 3, 9)),  # Friday -> next Monday
        (D(2026, 3, 7), D(2026, 3, 9)),  # Saturday -> Monday
        (D(2026, 3, 8), D(2026, 3, 9)),  # Sunday -> Monday
        (D(2026, 9, 30), D(2026, 10, 8)),  # eve of National Day -> first day back
    ],
)
def test_one_working_day_after_start_skips_the_start_day(
    calendar: WorkCalendar, start: dt.date, expected: dt.date
) -> None:
    # when one working day is added
    due = calendar.add_workdays(start, 1)
    # then the start day itself was not counted
    assert due.date == expected


def test_zero_days_is_the_start_day_when_it_is_a_workday(calendar: WorkCalendar) -> None:
    assert calendar.add_workdays(D(2026, 3, 2), 0).date == D(2026, 3, 2)


def test_zero_days_from_a_day_off_is_the_next_workday(calendar: WorkCalendar) -> None:
    assert calendar.add_workdays(D(2026, 10, 1), 0).date == D(2026, 10, 8)


def test_negative_days_are_refused(calendar: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        calendar.add_workdays(D(2026, 3, 2), -1)


# --- overrides ---


def test_an_override_wins_over_the_published_calendar() -> None:
    # given a county holiday on a Tuesday and an extra make-up Sunday
    calendar = WorkCalendar(
        [Override(D(2026, 3, 3), False, "民族节日"), Override(D(2026, 3, 8), True, "补班")]
    )
    # then both days change, and the limit flows around them
    assert not calendar.is_workday(D(2026, 3, 3))
    assert calendar.is_workday(D(2026, 3, 8))
    assert calendar.add_workdays(D(2026, 3, 2), 1).date == D(2026, 3, 4)
    assert calendar.add_workdays(D(2026, 3, 7), 1).date == D(2026, 3, 8)
    assert calendar.override_for(D(2026, 3, 3)) == Override(D(2026, 3, 3), False, "民族节日")


def test_the_later_of_two_overrides_for_one_date_wins() -> None:
    calendar = WorkCalendar([Override(D(2026, 3, 3), False, "全国"), Override(D(2026, 3, 3), True, "本县")])
    assert calendar.is_workday(D(2026, 3, 3))


def test_overrides_apply_to_provisional_years_too() -> None:
    # given the State Council's 2027 arrangement is not bundled yet, but a make-up Saturday was entered
    calendar = WorkCalendar([Override(D(2027, 2, 20), True, "春节调休上班")])
    # then that Saturday counts, and the year stays provisional
    assert calendar.is_workday(D(2027, 2, 20))
    assert calendar.is_provisional_year(2027)


def test_an_override_outside_the_range_is_refused() -> None:
    with pytest.raises(CalendarRangeError):
        WorkCalendar([Override(D(2061, 1, 3), True, "")])


# --- provisional years ---


def test_2027_is_provisional_and_new_years_day_is_skipped(calendar: WorkCalendar) -> None:
    # given the last day of 2026 (a Thursday); 2027-01-01 is a Friday and New Year's Day
    # when one working day is added
    due = calendar.add_workdays(D(2026, 12, 31), 1)
    # then the weekend and the holiday are skipped, and the answer is flagged as an estimate
    assert due == DueDate(D(2027, 1, 4), provisional=True)


def test_a_limit_inside_2026_is_not_provisional(calendar: WorkCalendar) -> None:
    assert calendar.add_workdays(D(2026, 1, 5), 200).provisional is False


def test_provisional_years(calendar: WorkCalendar) -> None:
    assert not calendar.is_provisional_year(2004)
    assert not calendar.is_provisional_year(2026)
    assert calendar.is_provisional_year(2027)
    assert calendar.is_provisional_year(2060)
    assert calendar.is_provisional_span(D(2026, 12, 1), D(2027, 1, 5))
    assert calendar.is_provisional_span(D(2027, 1, 5), D(2026, 12, 1))
    assert not calendar.is_provisional_span(D(2025, 1, 1), D(2026, 12, 31))


@pytest.mark.parametrize("day", [D(2027, 10, 1), D(2045, 10, 2), D(2060, 1, 1), D(2060, 6, 3)])
def test_statutory_holidays_in_unpublished_years_are_days_off(calendar: WorkCalendar, day: dt.date) -> None:
    assert day.weekday() < 5
    assert not calendar.is_workday(day)


def test_unpublished_years_never_raise(calendar: WorkCalendar) -> None:
    assert calendar.add_workdays(D(2040, 6, 1), 250).provisional is True


# --- range ---


@pytest.mark.parametrize("day", [D(2003, 12, 31), D(2061, 1, 1)])
def test_dates_outside_the_range_raise(calendar: WorkCalendar, day: dt.date) -> None:
    with pytest.raises(CalendarRangeError, match="2004-01-01 .. 2060-12-31"):
        calendar.is_workday(day)
    with pytest.raises(CalendarRangeError):
        calendar.add_workdays(day, 1)
    with pytest.raises(CalendarRangeError):
        calendar.workdays_between(D(2026, 1, 1), day)


def test_a_result_beyond_the_range_raises(calendar: WorkCalendar) -> None:
    with pytest.raises(CalendarRangeError):
        calendar.add_workdays(LAST_DAY - dt.timedelta(days=3), 10)


def test_range_error_is_a_value_error() -> None:
    assert issubclass(CalendarRangeError, ValueError)


# --- add_workdays and workdays_between agree with counting day by day ---


def _reference_add(calendar: WorkCalendar, start: dt.date, n: int) -> dt.date:
    day = start
    while n:
        day += dt.timedelta(days=1)
        n -= calendar.is_workday(day)
    return day


def _reference_between(calendar: WorkCalendar, start: dt.date, end: dt.date) -> int:
    if end < start:
        return -_reference_between(calendar, end, start)
    days = (end - start).days
    return sum(calendar.is_workday(start + dt.timedelta(days=k)) for k in range(1, days + 1))


def test_add_and_between_agree_with_a_day_by_day_count() -> None:
    # given overrides, so that the check does not only cover the bundled data
    calendar = WorkCalendar([Override(D(2026, 3, 3), False, "x"), Override(D(2027, 2, 20), True, "y")])
    rng = random.Random(20260928)
    span = (D(2027, 12, 31) - D(2024, 1, 1)).days
    for _ in range(400):
        # given a random start and limit
        start = D(2024, 1, 1) + dt.timedelta(days=rng.randrange(span))
        n = rng.randrange(1, 80)
        # when computed both ways
        due = calendar.add_workdays(start, n)
        # then they agree, and between() inverts add()
        assert due.date == _reference_add(calendar, start, n), (start, n)
        assert calendar.workdays_between(start, due.date) == n
        assert calendar.workdays_between(due.date, start) == -n
        assert due.provisional == any(
            calendar.is_provisional_year(y) for y in range(start.year, due.date.year + 1)
        )
        other = D(2024, 1, 1) + dt.timedelta(days=rng.randrange(span))
        assert calendar.workdays_between(start, other) == _reference_between(calendar, start, other)


def test_between_a_day_and_itself_is_zero(calendar: WorkCalendar) -> None:
    assert calendar.workdays_between(D(2026, 10, 1), D(2026, 10, 1)) == 0
