"""Bookable times of a center's day, derived from its office hours: no table of empty slots.

A day's slots are the office hours' two sessions cut into ``slot_minutes`` pieces (a piece that would run
past the end of a session is not offered). Whether the day is bookable at all is the calendar's answer
(working days, 调休 included) and is asked by the callers, who hold the calendar.
"""

from __future__ import annotations

import datetime as dt

from bianmin.orgs.models import OfficeHours, Org

# A center that posted no hours keeps the model's defaults (上午 8:00—12:00, 下午 14:30—17:30).
DEFAULT_HOURS = OfficeHours()


def hours_on(org: Org, day: dt.date) -> OfficeHours:
    return org.office_hours_on(day) or DEFAULT_HOURS


def day_slots(hours: OfficeHours, slot_minutes: int) -> list[tuple[dt.time, dt.time]]:
    """(start, end) of every slot of a day with ``hours``."""
    step = dt.timedelta(minutes=max(1, slot_minutes))
    slots = []
    for first, last in (
        (hours.morning_start, hours.morning_end),
        (hours.afternoon_start, hours.afternoon_end),
    ):
        moment = dt.datetime.combine(dt.date.min, first)
        end = dt.datetime.combine(dt.date.min, last)
        while moment + step <= end:
            slots.append((moment.time(), (moment + step).time()))
            moment += step
    return slots


def booking_reopens(
    no_show_days: list[dt.date], *, limit: int, within_days: int, block_days: int
) -> dt.date | None:
    """The day online booking opens again after ``limit`` no-shows within ``within_days`` days (the block
    runs ``block_days`` days from the day of the run's last no-show), or None when there is no such run."""
    days = sorted(no_show_days)
    reopens = None
    for i in range(limit - 1, len(days)):
        if (days[i] - days[i - limit + 1]).days < within_days:
            end = days[i] + dt.timedelta(days=block_days)
            reopens = end if reopens is None or end > reopens else reopens
    return reopens
