"""象湖镇 takes bookings for 最低生活保障申请 (window 民政) and 开具居住证明; 结婚登记 is not bookable.

Monday 2 March 2026 is an ordinary working day; office hours are the model's defaults unless a test posts
others (上午 8:00—12:00, 下午 14:30—17:30), cut into 30-minute slots of 3 places each."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.appointments import actions
from bianmin.appointments.models import Appointment
from bianmin.catalog.actions import publish_item
from bianmin.conftest import VALID_ID, at

MONDAY = dt.date(2026, 3, 2)
NOW = at(2026, 2, 27, 9, 0)  # the Friday before
NINE = dt.time(9, 0)
# GB 11643 numbers with valid check digits, one per citizen in these tests.
IDS = [
    "110105194912310011",
    "360781199001011238",
    "360781198502020015",
    "360781197003030011",
    "110105194912310038",
    "360781198808081232",
    "360781199505051233",
    "360781196006061230",
    "360781197507071239",
]


@pytest.fixture
def appt(world: Any) -> Any:
    version = world.marriage.current
    data = {"name": version.name, "window_codes": ["MZ"], "appointment_allowed": False, "kind": version.kind}
    publish_item(owner=world.county, code="MZ009", data=data, materials=[], participants=())
    world.marriage.refresh_from_db()
    return world


def book_online(
    w: Any,
    *,
    id_number: str = VALID_ID,
    day: dt.date = MONDAY,
    start: dt.time = NINE,
    now: dt.datetime = NOW,
    **extra: Any,
) -> Appointment:
    return actions.book(
        actor=None,
        org=w.town,
        item=extra.pop("item", w.dibao),
        date=day,
        start=start,
        name=extra.pop("name", "张三"),
        phone=extra.pop("phone", "13800000000"),
        id_number=id_number,
        now=now,
        **extra,
    )
