"""``appointments_remind``: the day before (the working day before), an SMS reminds each booked person once
(000 篇8 提前预约服务; the APPOINTMENT_REMINDER wording of the notify app)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

from django.core.management import call_command

from bianmin.appointments import actions
from bianmin.appointments.tests.conftest import IDS, NINE, book_online
from bianmin.conftest import at
from bianmin.notify.kinds import MessageKind
from bianmin.notify.models import Message

MON = dt.date(2026, 3, 9)
TUE = dt.date(2026, 3, 10)


def reminders() -> list[tuple[str, str]]:
    rows = Message.objects.filter(kind=MessageKind.APPOINTMENT_REMINDER).order_by("pk")
    return [(m.recipient, m.source) for m in rows]


def test_friday_reminds_mondays_bookings_once_each(appt: Any) -> None:
    # given two bookings on Monday 9 March, one cancelled, and one on Tuesday
    monday = book_online(appt, id_number=IDS[0], day=MON, phone="13800000001")
    gone = book_online(appt, id_number=IDS[1], day=MON, phone="13800000002")
    actions.cancel(gone, actor=None, now=at(2026, 3, 1))
    book_online(appt, id_number=IDS[2], day=TUE, phone="13800000003")
    # when the reminder runs on Friday 6 March, twice
    assert actions.remind_upcoming(at(2026, 3, 6, 16)) == 1
    assert actions.remind_upcoming(at(2026, 3, 6, 17)) == 0
    # then only Monday's booked person got one reminder, naming the time and the code
    assert reminders() == [("13800000001", f"appointment:{monday.pk}:reminder:2026-03-09")]
    body = Message.objects.get(kind=MessageKind.APPOINTMENT_REMINDER).body
    assert monday.code in body and "09:00" in body and "2026-03-09" in body


def test_a_booking_moved_to_another_day_is_reminded_of_the_new_day(appt: Any, time_machine: Any) -> None:
    booked = book_online(appt, id_number=IDS[3], day=MON)
    actions.remind_upcoming(at(2026, 3, 6, 16))
    # moved on Friday evening to Tuesday
    actions.move(booked, actor=None, date=TUE, start=NINE, now=at(2026, 3, 6, 18))
    # the command on Monday (the day before Tuesday) reminds it again, once
    time_machine.move_to(at(2026, 3, 9, 16))
    out = StringIO()
    call_command("appointments_remind", stdout=out)
    call_command("appointments_remind", stdout=StringIO())
    assert out.getvalue().startswith("1 reminder(s)")
    assert [s for _r, s in reminders()] == [
        f"appointment:{booked.pk}:reminder:2026-03-09",
        f"appointment:{booked.pk}:reminder:2026-03-10",
    ]
