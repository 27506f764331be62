"""Bookable times come from the season's office hours and the working-day calendar, with a capacity per slot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.appointments import actions, selectors
from bianmin.appointments.models import BookingSettings
from bianmin.appointments.slots import booking_reopens
from bianmin.appointments.tests.conftest import IDS, MONDAY, NINE, NOW, book_online
from bianmin.conftest import at
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import OfficeHours


def starts(table: list[Any]) -> list[str]:
    return [f"{s.start:%H:%M}" for s in table]


def test_a_working_day_is_cut_into_slots_of_the_centers_length(appt: Any) -> None:
    """000 篇8 提前预约服务: default hours 8:00—12:00 and 14:30—17:30 in 30-minute slots, 3 places each."""
    table = selectors.day_table(appt.town, appt.dibao, MONDAY, NOW)
    assert starts(table) == [
        "08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30",
        "14:30", "15:00", "15:30", "16:00", "16:30", "17:00",
    ]  # fmt: skip
    assert all(s.remaining == 3 for s in table)
    assert [w.code for w, _left in table[0].windows] == ["MZ"]


def test_the_seasons_office_hours_and_the_centers_slot_length_decide_the_slots(appt: Any) -> None:
    """Summer hours (5月1日—9月30日) run the afternoon to 18:00; a center may book in 45-minute slots."""
    OfficeHours.objects.create(org=appt.town, name="全年")
    OfficeHours.objects.create(
        org=appt.town, name="夏季", season_start="05-01", season_end="09-30",
        afternoon_start=dt.time(15, 0), afternoon_end=dt.time(18, 0),
    )  # fmt: skip
    BookingSettings.objects.create(org=appt.town, slot_minutes=45, capacity=2, days_ahead=90)
    now = at(2026, 6, 1, 7)
    summer = selectors.day_table(appt.town, appt.dibao, dt.date(2026, 6, 2), now)
    assert starts(summer) == ["08:00", "08:45", "09:30", "10:15", "11:00", "15:00", "15:45", "16:30", "17:15"]
    assert {s.remaining for s in summer} == {2}


def test_no_slots_on_a_holiday_and_slots_on_a_make_up_saturday(appt: Any) -> None:
    """The calendar decides: 国庆 1 October 2026 takes no bookings, the 调休 Saturday 10 October does."""
    BookingSettings.objects.create(org=appt.town, days_ahead=30)
    now = at(2026, 9, 28, 9)
    assert selectors.day_table(appt.town, appt.dibao, dt.date(2026, 10, 1), now) == []
    assert len(selectors.day_table(appt.town, appt.dibao, dt.date(2026, 10, 10), now)) == 14
    assert selectors.day_table(appt.town, appt.dibao, dt.date(2026, 10, 11), now) == []  # a Sunday
    with pytest.raises(DomainError) as refused:
        book_online(appt, day=dt.date(2026, 10, 1), now=now)
    assert refused.value.code == "day_not_bookable"


def test_days_beyond_the_booking_horizon_are_not_offered(appt: Any) -> None:
    days = [d for d, _n in selectors.days_overview(appt.town, appt.dibao, NOW)]
    assert days[0] == NOW.date() and MONDAY in days and days[-1] <= NOW.date() + dt.timedelta(days=14)
    with pytest.raises(DomainError) as refused:
        book_online(appt, day=NOW.date() + dt.timedelta(days=20))
    assert refused.value.code == "day_not_bookable"


def test_bookings_count_against_the_slot_and_a_cancellation_gives_the_place_back(appt: Any) -> None:
    first = book_online(appt, id_number=IDS[0])
    book_online(appt, id_number=IDS[1])
    slot = next(s for s in selectors.day_table(appt.town, appt.dibao, MONDAY, NOW) if s.start == NINE)
    assert slot.remaining == 1
    actions.cancel(first, actor=None, now=NOW)
    slot = next(s for s in selectors.day_table(appt.town, appt.dibao, MONDAY, NOW) if s.start == NINE)
    assert slot.remaining == 2


def test_a_closed_slot_and_a_closed_day_take_no_bookings(appt: Any) -> None:
    """A center stops bookings by hand (a meeting in the hall); the other slots stay open."""
    actions.close_slots(
        actor=appt.director, org=appt.town, date=MONDAY, start=NINE, reason="大厅消防演练", now=NOW
    )
    table = selectors.day_table(appt.town, appt.dibao, MONDAY, NOW)
    assert [s.closed for s in table if s.start == NINE] == [True]
    assert sum(s.bookable for s in table) == 13
    with pytest.raises(DomainError) as refused:
        book_online(appt)
    assert refused.value.code == "slot_closed"
    actions.close_slots(actor=appt.director, org=appt.town, date=MONDAY, reason="停电", now=NOW)
    assert not any(s.bookable for s in selectors.day_table(appt.town, appt.dibao, MONDAY, NOW))


def test_a_clerk_cannot_close_slots(appt: Any) -> None:
    with pytest.raises(DomainError) as refused:
        actions.close_slots(actor=appt.clerk, org=appt.town, date=MONDAY, reason="x", now=NOW)
    assert refused.value.code == "permission_denied"


def test_items_not_flagged_for_appointment_are_not_bookable(appt: Any) -> None:
    """Only items with ``appointment_allowed`` (结婚登记 here is not) take bookings."""
    assert appt.marriage not in selectors.bookable_items(appt.town)
    with pytest.raises(DomainError) as refused:
        book_online(appt, item=appt.marriage)
    assert refused.value.code == "item_not_bookable"


def test_a_past_slot_is_not_offered(appt: Any) -> None:
    now = at(2026, 3, 2, 9, 10)
    table = selectors.day_table(appt.town, appt.dibao, MONDAY, now)
    assert [s.past for s in table[:4]] == [True, True, True, False]
    with pytest.raises(DomainError) as refused:
        book_online(appt, now=now)
    assert refused.value.code == "slot_past"


def test_three_no_shows_within_30_days_block_for_30_days_from_the_third() -> None:
    rule = {"limit": 3, "within_days": 30, "block_days": 30}
    d = dt.date
    assert booking_reopens([d(2026, 3, 2), d(2026, 3, 10), d(2026, 3, 20)], **rule) == d(2026, 4, 19)
    # three, but spread over more than 30 days: no block
    assert booking_reopens([d(2026, 3, 2), d(2026, 3, 20), d(2026, 4, 1)], **rule) is None
    assert booking_reopens([d(2026, 3, 2), d(2026, 3, 10)], **rule) is None
