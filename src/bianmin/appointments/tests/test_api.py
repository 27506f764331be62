"""The appointments API: free slots and online booking without an account (rate-limited), cancel and move
by code and phone, and the staff's list, booking by phone and check-in, scoped to their center."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from bianmin.appointments import public
from bianmin.appointments.models import Appointment, AppointmentState
from bianmin.appointments.tests.conftest import IDS, MONDAY, NOW, book_online
from bianmin.conftest import VALID_ID, at
from bianmin.security.limits import FailureLimit

SLOTS = "/api/v1/appointments/slots/"
PUBLIC = "/api/v1/public/appointments/"


@pytest.fixture
def friday(time_machine: Any) -> None:
    time_machine.move_to(NOW)


def body(**extra: Any) -> dict[str, Any]:
    return {
        "center": "360781100", "item": "MZ001", "date": "2026-03-02", "start": "09:00",
        "name": "张三", "phone": "13800000000", "id_number": VALID_ID, **extra,
    }  # fmt: skip


def test_anyone_reads_the_free_slots_of_a_day(appt: Any, api: Any, friday: None) -> None:
    book_online(appt)
    answer = api.get(SLOTS, {"org": "360781100", "item": "MZ001", "date": "2026-03-02"})
    assert answer.status_code == 200, answer.json()
    data = answer.json()
    assert data["bookable"] is True and len(data["slots"]) == 14
    nine = next(s for s in data["slots"] if s["start"] == "09:00")
    assert nine["remaining"] == 2 and nine["windows"] == [
        {"code": "MZ", "number": 1, "name": "民政", "remaining": 2}
    ]
    # a holiday-free Sunday answers no slots; an unknown parameter is refused
    assert api.get(SLOTS, {"org": "360781100", "item": "MZ001", "date": "2026-03-01"}).json()["slots"] == []
    assert api.get(SLOTS, {"org": "360781100", "item": "MZ001", "date": "x"}).json()["code"] == "invalid_date"
    assert api.get(SLOTS, {"org": "360781100", "item": "MZ009", "date": "2026-03-02"}).json()["code"] == (
        "item_not_bookable"
    )


def test_a_citizen_books_online_and_gets_the_code_with_the_person_masked(
    appt: Any, api: Any, friday: None
) -> None:
    answer = api.post(PUBLIC, body(), format="json")
    assert answer.status_code == 201, answer.json()
    data = answer.json()
    booked = Appointment.objects.get()
    assert data["code"] == booked.code and data["window"] == "MZ" and data["start"] == "09:00"
    assert (
        data["name"] == "张*" and data["id_number"] == "110105********002X" and data["phone"] == "138****0000"
    )
    assert VALID_ID not in answer.content.decode()


def test_online_bookings_are_limited_per_client(appt: Any, api: Any, friday: None, monkeypatch: Any) -> None:
    """Every post counts, accepted or refused: a public form must not be a way to fill a center's day."""
    monkeypatch.setattr(public, "BOOKING_LIMIT", FailureLimit("public_appointment_test", 2, 3600))
    assert api.post(PUBLIC, body(id_number="1"), format="json").json()["code"] == "invalid_id_number"
    assert api.post(PUBLIC, body(), format="json").status_code == 201
    refused = api.post(PUBLIC, body(id_number=IDS[0]), format="json")
    assert (refused.status_code, refused.json()["code"]) == (429, "too_many_bookings")


def test_a_citizen_cancels_with_the_code_and_the_phone_only(appt: Any, api: Any, friday: None) -> None:
    booked = book_online(appt)
    url = f"/api/v1/appointments/{booked.code}/cancel/"
    wrong = api.post(url, {"phone": "13900000000"}, format="json")
    assert (wrong.status_code, wrong.json()["code"]) == (404, "appointment_not_found")
    assert api.post(url, {}, format="json").status_code == 404
    right = api.post(url, {"phone": "138 0000 0000"}, format="json")
    assert right.status_code == 200 and right.json()["state"] == AppointmentState.CANCELLED


def test_wrong_code_and_phone_pairs_are_limited(appt: Any, api: Any, friday: None) -> None:
    booked = book_online(appt)
    with override_settings():
        limit = FailureLimit("appointment_lookup_test", 2, 600)
        public.LOOKUP_LIMIT, saved = limit, public.LOOKUP_LIMIT
        try:
            for _i in range(2):
                api.post(f"/api/v1/appointments/{booked.code}/cancel/", {"phone": "1"}, format="json")
            # even the right pair is refused now
            answer = api.post(
                f"/api/v1/appointments/{booked.code}/cancel/", {"phone": "13800000000"}, format="json"
            )
        finally:
            public.LOOKUP_LIMIT = saved
    assert (answer.status_code, answer.json()["code"]) == (429, "too_many_attempts")


def test_a_citizen_moves_the_booking(appt: Any, api: Any, friday: None) -> None:
    booked = book_online(appt)
    answer = api.post(
        f"/api/v1/appointments/{booked.code}/move/",
        {"phone": "13800000000", "date": "2026-03-03", "start": "15:00"},
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    assert (answer.json()["date"], answer.json()["start"], answer.json()["code"]) == (
        "2026-03-03",
        "15:00",
        booked.code,
    )


def test_staff_list_their_centers_bookings_filtered_and_masked(appt: Any, api: Any, friday: None) -> None:
    mine = book_online(appt)
    book_online(appt, id_number=IDS[1], start=at(2026, 3, 2, 10).timetz().replace(tzinfo=None))
    api.force_authenticate(appt.clerk2)
    assert api.get("/api/v1/appointments/").json()["count"] == 0
    assert api.get(f"/api/v1/appointments/{mine.code}/").status_code == 404
    api.force_authenticate(appt.clerk)
    listed = api.get("/api/v1/appointments/", {"date": "2026-03-02", "window": "MZ"}).json()
    assert listed["count"] == 2
    row = next(r for r in listed["results"] if r["code"] == mine.code)
    assert row["name"] == "张三" and row["id_number"] == "110105********002X" and row["state"] == "booked"
    assert api.get("/api/v1/appointments/", {"state": "cancelled"}).json()["count"] == 0
    assert api.get("/api/v1/appointments/", {"nothing": "1"}).status_code == 400


def test_a_clerk_books_by_phone_and_checks_the_person_in(appt: Any, api: Any, time_machine: Any) -> None:
    time_machine.move_to(NOW)
    api.force_authenticate(appt.clerk)
    created = api.post(
        "/api/v1/appointments/",
        {"item": "MZ001", "date": "2026-03-02", "start": "09:00", "name": "李四", "phone": "13900000000",
         "id_number": IDS[2]},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    assert created.json()["channel"] == "phone"
    code = created.json()["code"]
    time_machine.move_to(at(2026, 3, 2, 8, 45))
    arrived = api.post(f"/api/v1/appointments/{code}/check_in/")
    assert arrived.status_code == 200 and arrived.json()["state"] == "arrived"
    again = api.post(f"/api/v1/appointments/{code}/check_in/")
    assert (again.status_code, again.json()["code"]) == (409, "already_arrived")


def test_check_in_is_for_staff_only(appt: Any, api: Any, friday: None) -> None:
    booked = book_online(appt)
    assert api.post(f"/api/v1/appointments/{booked.code}/check_in/").status_code in {401, 403}
    assert Appointment.objects.get().state == AppointmentState.BOOKED
    assert MONDAY == booked.date
