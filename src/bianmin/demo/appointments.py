"""The demo's bookings at 象湖镇 (预约): the last working day's, most of them arrived, one cancelled the day
before and one no-show, and the next working day's still waiting — booked online and by phone. All through
the actions, each on its own day's clock.

Built once: when the town already has bookings, nothing is added.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from stdnum.cn import ric

from bianmin.appointments import actions, selectors
from bianmin.appointments.models import Appointment, BookingChannel
from bianmin.orgs.models import Org
from bianmin.workdays.services import get_calendar

TOWN = "360781100"
# (slot, what happens): arrived, cancelled the day before, or not come (no-show); None stays booked.
PAST_DAY = [
    ("08:30", "arrived"),
    ("09:00", "arrived"),
    ("09:00", "cancelled"),
    ("09:30", "arrived"),
    ("10:00", "no_show"),
    ("10:30", "arrived"),
    ("14:30", "arrived"),
    ("15:00", "arrived"),
]
NEXT_DAY = ["08:30", "09:00", "09:30", "15:00"]
# (name, birth date and sequence of the ID number): the demo's townspeople who book.
PEOPLE = [
    ("罗志强", "19660412031"), ("曾小红", "19790821042"), ("温海波", "19830105013"), ("赖春花", "19571130064"),
    ("朱国庆", "19691001015"), ("邱美玲", "19880614026"), ("肖建军", "19750309037"), ("胡秀珍", "19610227048"),
    ("廖文斌", "19900718059"), ("严丽萍", "19861203060"), ("危德明", "19530916071"), ("钟春燕", "19940522082"),
]  # fmt: skip


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _working_day(start: dt.date, step: int, region: str) -> dt.date:
    calendar = get_calendar(region)
    day = start + dt.timedelta(days=step)
    while not calendar.is_workday(day):
        day += dt.timedelta(days=step)
    return day


def build_appointments(now: dt.datetime | None = None) -> int:
    """Returns how many bookings were created (0 on a second run)."""
    now = now or timezone.now()
    town = Org.objects.filter(code=TOWN).first()
    if town is None or Appointment.objects.filter(org=town).exists():
        return 0
    items = [i for i in selectors.bookable_items(town) if selectors.item_windows(town, i)][:3]
    clerk = get_user_model().objects.filter(staff__org=town, username="clerk").first()
    if not items or clerk is None:
        return 0
    today = timezone.localdate(now)
    past, upcoming = _working_day(today, -1, town.region_code), _working_day(today, 1, town.region_code)
    people = iter(PEOPLE)
    created = 0

    def book(day: dt.date, start: str, n: int) -> Appointment:
        name, born = next(people)
        body = f"360781{born}"
        booked_at = _at(day - dt.timedelta(days=1), 16, n)
        by_phone = n % 3 == 0
        return actions.book(
            actor=clerk if by_phone else None,
            org=town,
            item=items[n % len(items)],
            date=day,
            start=dt.time.fromisoformat(start),
            name=name,
            phone=f"1398000{n:04d}",
            id_number=body + ric.calc_check_digit(body + "0"),
            channel=BookingChannel.PHONE if by_phone else BookingChannel.ONLINE,
            now=booked_at,
        )

    for n, (start, fate) in enumerate(PAST_DAY):
        booked = book(past, start, n)
        created += 1
        if fate == "arrived":
            actions.check_in(booked.code, booked.starts_at - dt.timedelta(minutes=10), actor=clerk)
        elif fate == "cancelled":
            actions.cancel(booked, actor=None, now=_at(past - dt.timedelta(days=1), 18))
    actions.record_no_shows(now, org=town)
    for n, start in enumerate(NEXT_DAY, start=len(PAST_DAY)):
        book(upcoming, start, n)
        created += 1
    return created
