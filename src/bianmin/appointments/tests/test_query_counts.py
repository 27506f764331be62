"""Query counts pinned: the counter's day list and the staff API's list cost the same with 2 bookings as
with 12, and the public slot table the same for one window as for several bookings.

When one of these fails, look for a per-row query (a missing select_related, a per-row calendar or
settings lookup) before raising the number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bianmin.appointments import actions
from bianmin.appointments.models import BookingSettings
from bianmin.appointments.tests.conftest import MONDAY, NOW, book_online
from bianmin.conftest import at
from bianmin.workdays.services import get_calendar

# Day list: session, user, permissions (2), staff, its org, the day's bookings with windows and items, the
# closures, and the counter nav's own queries (groups for its scope, town stations, 网上预审 counts, the
# unread notifications).
DAY_PAGE = 12
# API list (the user's permissions and scope read once per process after the first request): count, one
# page with windows, centers and items joined.
LIST_API = 2
# Public slots: the center, the item with its version, the booking settings, the office hours, the item's
# windows, the bookings counted per slot, the closures, and the per-client limit (3 statements).
SLOTS_API = 11
# Public slots page (the hall's 网上预约 with a day chosen): the per-client limit (3 statements), the center,
# the item with its version, the booking settings, the calendar's freshness check, the item's windows, the
# office hours (once for the fortnight, not once a day), the bookings counted per slot, the closures.
SLOTS_PAGE = 11


def ids(n: int) -> list[str]:
    from stdnum.cn import ric

    bodies = [f"36078119800101{i:03d}" for i in range(n)]
    return [b + ric.calc_check_digit(b + "0") for b in bodies]


def bookings(world: Any, n: int) -> None:
    """Bookings at every slot of the morning, some arrived and some cancelled."""
    BookingSettings.objects.create(org=world.town, capacity=2)
    for i, number in enumerate(ids(n)):
        start = dt.time(8 + i // 4, 30 * (i // 2 % 2))
        booked = book_online(world, id_number=number, start=start)
        if i % 3 == 1:
            actions.check_in(booked.code, booked.starts_at - dt.timedelta(minutes=30))
        elif i % 3 == 2:
            actions.cancel(booked, actor=None, now=NOW)


def count(call: Any) -> int:
    get_calendar("360781")  # the calendar is cached per process; read it before counting
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("n", [2, 12])
def test_day_list_page(appt: Any, client: Any, time_machine: Any, n: int) -> None:
    bookings(appt, n)
    time_machine.move_to(at(2026, 3, 2, 8))
    client.force_login(appt.clerk)
    page = count(lambda: client.get("/counter/appointments/", {"date": MONDAY.isoformat()}))
    assert page == DAY_PAGE


@pytest.mark.parametrize("n", [2, 12])
def test_staff_list_api(appt: Any, api: Any, time_machine: Any, n: int) -> None:
    bookings(appt, n)
    time_machine.move_to(at(2026, 3, 2, 8))
    api.force_authenticate(appt.clerk)
    api.get("/api/v1/appointments/")
    assert count(lambda: api.get("/api/v1/appointments/", {"date": MONDAY.isoformat()})) == LIST_API


@pytest.mark.parametrize("n", [2, 12])
def test_public_slots_api(appt: Any, api: Any, time_machine: Any, n: int) -> None:
    bookings(appt, n)
    time_machine.move_to(NOW)
    query = {"org": "360781100", "item": "MZ001", "date": MONDAY.isoformat()}
    assert count(lambda: api.get("/api/v1/appointments/slots/", query)) == SLOTS_API


@pytest.mark.parametrize("n", [2, 12])
def test_public_slots_page(appt: Any, client: Any, time_machine: Any, n: int) -> None:
    bookings(appt, n)
    time_machine.move_to(NOW)
    query = {"org": "360781100", "item": "MZ001", "date": MONDAY.isoformat()}
    assert count(lambda: client.get("/appointments/", query)) == SLOTS_PAGE
