"""Half days of a center's working days: the sessions' bounds and the half days a leave period spans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from bianmin.attendance.models import SESSION_ORDER, Session
from bianmin.orgs.models import OfficeHours, Org
from bianmin.workdays.calendar import WorkCalendar
from bianmin.workdays.services import get_calendar

# A center that posted no hours keeps the model's defaults (上午 8:00—12:00, 下午 14:30—17:30).
DEFAULT_HOURS = OfficeHours()

Slot = tuple[dt.date, str]


def hours_on(org: Org, day: dt.date) -> OfficeHours:
    return org.office_hours_on(day) or DEFAULT_HOURS


def session_bounds(hours: OfficeHours, day: dt.date, session: str) -> tuple[dt.datetime, dt.datetime]:
    """The session's start and end as aware moments in the centers' time zone."""
    tz = timezone.get_current_timezone()
    if session == Session.MORNING:
        start, end = hours.morning_start, hours.morning_end
    else:
        start, end = hours.afternoon_start, hours.afternoon_end
    return (
        dt.datetime.combine(day, start).replace(tzinfo=tz),
        dt.datetime.combine(day, end).replace(tzinfo=tz),
    )


def session_at(hours: OfficeHours, moment: dt.time) -> str | None:
    """The session a sign-in at ``moment`` belongs to: the morning until it ends, then the afternoon until
    it ends (a sign-in over lunch is the afternoon's, early); None after the afternoon's end."""
    if moment < hours.morning_end:
        return Session.MORNING
    if moment < hours.afternoon_end:
        return Session.AFTERNOON
    return None


def slot_key(slot: Slot) -> tuple[dt.date, int]:
    return slot[0], SESSION_ORDER[Session(slot[1])]


def working_slots(calendar: WorkCalendar, first: Slot, last: Slot) -> Iterator[Slot]:
    """The working half days from ``first`` to ``last`` inclusive (days off are skipped, 调休 counted)."""
    day = first[0]
    while day <= last[0]:
        if calendar.is_workday(day):
            for session in (Session.MORNING, Session.AFTERNOON):
                slot = (day, session.value)
                if slot_key(first) <= slot_key(slot) <= slot_key(last):
                    yield slot
        day += dt.timedelta(days=1)


def count_half_days(org: Org, first: Slot, last: Slot) -> int:
    """A leave's length in half days, working days only (a leave across 国庆 counts only the working days)."""
    return sum(1 for _slot in working_slots(get_calendar(org.region_code), first, last))
