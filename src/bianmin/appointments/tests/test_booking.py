"""Booking, cancelling, moving, arriving and not arriving (000 篇8 提前预约服务, 预约登记服务制度)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command

from bianmin.appointments import actions, selectors
from bianmin.appointments.models import Appointment, AppointmentState, BookingChannel, EventKind
from bianmin.appointments.tests.conftest import IDS, MONDAY, NINE, NOW, book_online
from bianmin.conftest import at
from bianmin.lib.errors import DomainError
from bianmin.notify.models import Message


def test_a_citizen_books_online_and_gets_a_code_and_an_sms(appt: Any) -> None:
    # when 张三 books 最低生活保障申请 on Monday at 9:00
    booked = book_online(appt)
    # then the booking holds a place at window 民政 with a six-character code, and its history says so
    assert booked.window == appt.mz and booked.state == AppointmentState.BOOKED
    assert len(booked.code) == 6 and booked.code.isalnum() and booked.code.isupper()
    assert booked.ends_at == at(2026, 3, 2, 9, 30)
    assert [e.kind for e in booked.events.all()] == [EventKind.BOOKED]
    # and an SMS with the code was requested in the same transaction
    sms = Message.objects.get(source=f"appointment:{booked.pk}:booked")
    assert sms.recipient == "13800000000" and booked.code in sms.body


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("id_number", "110105194912310010", "invalid_id_number"),  # wrong GB 11643 check digit
        ("phone", "12", "invalid_phone"),
        ("phone", "", "phone_required"),
        ("name", "  ", "name_required"),
    ],
)
def test_the_person_is_checked_like_at_intake(appt: Any, field: str, value: str, code: str) -> None:
    values: dict[str, Any] = {"id_number": IDS[0], "phone": "13800000000", "name": "张三", field: value}
    with pytest.raises(DomainError) as refused:
        book_online(appt, **values)
    assert refused.value.code == code
    assert not Appointment.objects.exists()


def test_the_last_place_taken_the_next_person_is_told_the_slot_is_full(appt: Any) -> None:
    for number in IDS[:3]:
        book_online(appt, id_number=number)
    with pytest.raises(DomainError) as refused:
        book_online(appt, id_number=IDS[3])
    assert (refused.value.code, refused.value.status) == ("slot_full", 409)
    assert Appointment.objects.count() == 3


def test_one_person_books_one_item_once_a_day(appt: Any) -> None:
    book_online(appt)
    with pytest.raises(DomainError) as refused:
        book_online(appt, start=dt.time(14, 30))
    assert refused.value.code == "already_booked"


def test_a_clerk_books_by_phone_for_a_citizen(appt: Any) -> None:
    """000 篇8 四登记: 预约电话登记 — the clerk writes down the caller's booking."""
    booked = actions.book(
        actor=appt.clerk, org=appt.town, item=appt.dibao, date=MONDAY, start=NINE, name="李四",
        phone="13900000000", id_number=IDS[1], channel=BookingChannel.PHONE, now=NOW,
    )  # fmt: skip
    assert booked.channel == BookingChannel.PHONE and booked.booked_by == appt.clerk
    # a handler has no right to book; a clerk of another town cannot book here
    for actor, code in ((appt.handler, "permission_denied"), (appt.clerk2, "center_not_found")):
        with pytest.raises(DomainError) as refused:
            actions.book(
                actor=actor, org=appt.town, item=appt.dibao, date=MONDAY, start=NINE, name="王五",
                phone="13900000001", id_number=IDS[2], channel=BookingChannel.PHONE, now=NOW,
            )  # fmt: skip
        assert refused.value.code == code


def test_a_cancelled_booking_frees_its_place_and_cannot_be_cancelled_twice(appt: Any) -> None:
    booked = book_online(appt)
    actions.cancel(booked, actor=None, now=NOW)
    booked.refresh_from_db()
    assert booked.state == AppointmentState.CANCELLED and booked.cancelled_at == NOW
    assert Message.objects.filter(source=f"appointment:{booked.pk}:cancelled").exists()
    with pytest.raises(DomainError) as refused:
        actions.cancel(booked, actor=None, now=NOW)
    assert refused.value.code == "already_cancelled"


def test_no_cancelling_once_the_slot_has_begun(appt: Any) -> None:
    booked = book_online(appt)
    with pytest.raises(DomainError) as refused:
        actions.cancel(booked, actor=appt.clerk, now=at(2026, 3, 2, 9, 5))
    assert refused.value.code == "slot_started"


def test_moving_keeps_the_code_and_takes_a_place_in_the_new_slot(appt: Any) -> None:
    booked = book_online(appt)
    moved = actions.move(booked, actor=None, date=dt.date(2026, 3, 3), start=dt.time(15, 0), now=NOW)
    assert (moved.code, moved.date, moved.start, moved.moves) == (
        booked.code,
        dt.date(2026, 3, 3),
        dt.time(15),
        1,
    )
    assert moved.ends_at == at(2026, 3, 3, 15, 30)
    tuesday = selectors.day_table(appt.town, appt.dibao, dt.date(2026, 3, 3), NOW)
    assert next(s for s in tuesday if s.start == dt.time(15)).remaining == 2
    monday = selectors.day_table(appt.town, appt.dibao, MONDAY, NOW)
    assert next(s for s in monday if s.start == NINE).remaining == 3
    assert [e.kind for e in moved.events.all()] == [EventKind.BOOKED, EventKind.MOVED]


def test_moving_into_a_full_slot_is_refused_and_the_old_place_kept(appt: Any) -> None:
    booked = book_online(appt, id_number=IDS[0])
    for number in IDS[1:4]:
        book_online(appt, id_number=number, start=dt.time(10, 0))
    with pytest.raises(DomainError) as refused:
        actions.move(booked, actor=None, date=MONDAY, start=dt.time(10, 0), now=NOW)
    assert refused.value.code == "slot_full"
    booked.refresh_from_db()
    assert (booked.state, booked.start) == (AppointmentState.BOOKED, NINE)


def test_check_in_marks_arrival_from_an_hour_before_until_the_slot_ends(appt: Any) -> None:
    """The kiosk calls ``check_in(code, now)`` and then issues the priority ticket itself."""
    booked = book_online(appt)
    with pytest.raises(DomainError) as refused:
        actions.check_in(booked.code, at(2026, 3, 2, 7, 50))
    assert refused.value.code == "too_early"
    arrived = actions.check_in(booked.code.lower(), at(2026, 3, 2, 8, 40))
    assert arrived.state == AppointmentState.ARRIVED and arrived.arrived_at == at(2026, 3, 2, 8, 40)
    with pytest.raises(DomainError) as refused:
        actions.check_in(booked.code, at(2026, 3, 2, 8, 41))
    assert refused.value.code == "already_arrived"
    with pytest.raises(DomainError) as refused:
        actions.check_in("ZZZZZZ", at(2026, 3, 2, 8, 41))
    assert refused.value.code == "appointment_not_found"


def test_a_booking_past_its_slot_is_a_no_show_before_and_after_the_command(
    appt: Any, time_machine: Any
) -> None:
    booked = book_online(appt)
    after = at(2026, 3, 2, 9, 31)
    # derived on read: the page is right before the command has run
    assert Appointment.objects.get(pk=booked.pk).state_at(after) == AppointmentState.NO_SHOW
    with pytest.raises(DomainError) as refused:
        actions.check_in(booked.code, after)
    assert refused.value.code == "slot_ended"
    # the command records it once, however often it runs
    time_machine.move_to(after)
    call_command("appointments_noshow", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("appointments_noshow", stdout=open("/dev/null", "w"))  # noqa: SIM115
    booked.refresh_from_db()
    assert booked.state == AppointmentState.NO_SHOW
    assert booked.events.filter(kind=EventKind.NO_SHOW).count() == 1


def _miss(appt: Any, day: dt.date, id_number: str, booked_at: dt.datetime) -> None:
    book_online(appt, id_number=id_number, day=day, now=booked_at)
    actions.record_no_shows(at(day.year, day.month, day.day, 18))


def test_three_no_shows_in_30_days_block_online_booking_for_30_days(appt: Any) -> None:
    """APPOINTMENT_NOSHOW_LIMIT=3 within APPOINTMENT_NOSHOW_DAYS=30 block online booking for
    APPOINTMENT_BLOCK_DAYS=30, by ID number; a clerk may still book for them."""
    who = IDS[4]
    _miss(appt, dt.date(2026, 3, 2), who, at(2026, 2, 27))
    _miss(appt, dt.date(2026, 3, 9), who, at(2026, 3, 6))
    # two no-shows: still allowed
    book_online(appt, id_number=who, day=dt.date(2026, 3, 16), now=at(2026, 3, 13))
    actions.record_no_shows(at(2026, 3, 16, 18))
    # the third no-show (16 March) blocks until 15 April
    with pytest.raises(DomainError) as refused:
        book_online(appt, id_number=who, day=dt.date(2026, 3, 23), now=at(2026, 3, 17))
    assert (refused.value.code, refused.value.status) == ("booking_blocked", 403)
    assert refused.value.data["reopens"] == "2026-04-15"
    # another person is not affected, and a clerk on the phone may still book for them
    book_online(appt, id_number=IDS[0], day=dt.date(2026, 3, 23), now=at(2026, 3, 17))
    by_phone = actions.book(
        actor=appt.clerk, org=appt.town, item=appt.dibao, date=dt.date(2026, 3, 23), start=NINE, name="张三",
        phone="13800000000", id_number=who, channel=BookingChannel.PHONE, now=at(2026, 3, 17),
    )  # fmt: skip
    actions.check_in(by_phone.code, at(2026, 3, 23, 8, 55))
    # on 15 April online booking is open again
    book_online(appt, id_number=who, day=dt.date(2026, 4, 16), start=dt.time(10), now=at(2026, 4, 15))


def test_no_shows_are_counted_before_the_command_has_recorded_them(appt: Any) -> None:
    who = IDS[5]
    for day, booked_at in ((dt.date(2026, 3, 2), at(2026, 2, 27)), (dt.date(2026, 3, 3), at(2026, 2, 27)),
                           (dt.date(2026, 3, 4), at(2026, 2, 27))):  # fmt: skip
        book_online(appt, id_number=who, day=day, now=booked_at)
    assert selectors.online_booking_reopens(who, at(2026, 3, 4, 18)) == dt.date(2026, 4, 3)
    assert selectors.online_booking_reopens(who, at(2026, 3, 4, 9)) is None  # the third slot not yet over


def test_the_no_show_block_follows_the_settings(appt: Any, settings: Any) -> None:
    """The block of 三次爽约 reads APPOINTMENT_NOSHOW_LIMIT, APPOINTMENT_NOSHOW_DAYS and APPOINTMENT_BLOCK_DAYS
    when it is checked: here two misses within 5 days, then within 30, blocking for 10 days."""
    settings.APPOINTMENT_NOSHOW_LIMIT = 2
    settings.APPOINTMENT_BLOCK_DAYS = 10
    settings.APPOINTMENT_NOSHOW_DAYS = 5
    who = IDS[6]
    _miss(appt, dt.date(2026, 3, 2), who, at(2026, 2, 27))
    _miss(appt, dt.date(2026, 3, 9), who, at(2026, 3, 6))
    # two misses seven days apart are not two within 5 days: still allowed
    assert selectors.online_booking_reopens(who, at(2026, 3, 10)) is None
    # within 30 days they are: blocked for 10 days from the second miss
    settings.APPOINTMENT_NOSHOW_DAYS = 30
    with pytest.raises(DomainError) as refused:
        book_online(appt, id_number=who, day=dt.date(2026, 3, 17), now=at(2026, 3, 10))
    assert (refused.value.code, refused.value.data["reopens"]) == ("booking_blocked", "2026-03-19")
    # on the 19th online booking is open again
    book_online(appt, id_number=who, day=dt.date(2026, 3, 20), now=at(2026, 3, 19))
