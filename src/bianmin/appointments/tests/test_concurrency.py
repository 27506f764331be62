"""Twenty people at once for the last five places of a slot: exactly five are booked, fifteen are told
``slot_full``. The windows' row locks (PostgreSQL) and the write lock taken at BEGIN (SQLite) make them
count one after the other."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections
from stdnum.cn import ric

from bianmin.appointments import actions
from bianmin.appointments.models import Appointment, BookingSettings
from bianmin.appointments.tests.conftest import MONDAY, NINE, NOW, book_online
from bianmin.conftest import VALID_ID_2
from bianmin.lib.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)


def citizen_id(n: int) -> str:
    body = f"36078119900101{n:03d}"
    return body + ric.calc_check_digit(body + "0")


def test_twenty_people_booking_the_last_five_places_give_five_bookings(appt: Any) -> None:
    # given a slot of 7 places of which 2 are taken
    BookingSettings.objects.create(org=appt.town, capacity=7)
    book_online(appt, id_number=VALID_ID_2)
    book_online(appt, id_number=citizen_id(999))
    barrier = threading.Barrier(20)

    def attempt(n: int) -> str:
        try:
            barrier.wait()
            actions.book(
                actor=None, org=appt.town, item=appt.dibao, date=MONDAY, start=NINE, name=f"群众{n}",
                phone=f"138000000{n:02d}", id_number=citizen_id(n), now=NOW,
            )  # fmt: skip
            return "ok"
        except DomainError as err:
            return f"{err.status}:{err.code}"
        finally:
            connections.close_all()

    # when twenty people book it at the same moment
    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = sorted(pool.map(attempt, range(20)))

    # then five are booked and fifteen clearly refused, and the slot holds exactly its seven
    assert outcomes == ["409:slot_full"] * 15 + ["ok"] * 5
    assert Appointment.objects.filter(date=MONDAY, start=NINE).count() == 7
