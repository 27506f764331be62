"""A booked person checks in at the kiosk and gets a priority ticket; the case started from a called ticket
carries the person over and is recorded on the ticket (issue 13 item 2)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from bianmin.appointments.models import AppointmentState
from bianmin.appointments.tests.conftest import NINE, book_online
from bianmin.appointments.tests.conftest import NOW as BOOKED_AT
from bianmin.catalog.models import ServiceItem
from bianmin.conftest import VALID_ID, at
from bianmin.lib.errors import DomainError
from bianmin.queue import actions
from bianmin.queue.models import Priority, Ticket, TicketCase
from bianmin.queue.tests.conftest import take

ARRIVAL = at(2026, 3, 2, 8, 50)  # ten minutes before the 9:00 slot


def test_check_in_gives_a_priority_ticket_linked_to_the_booking(hall: Any) -> None:
    """000 篇8 预约登记服务制度: the booked person is served at their time — their ticket goes first."""
    # given a walk-in ticket taken at 8:40 and a booking for 9:00 at window 民政
    walk_in = actions.issue(org=hall.town, business_type=hall.a, now=at(2026, 3, 2, 8, 40))
    booking = book_online(hall, start=NINE, now=BOOKED_AT)
    # when the person checks in at the kiosk at 8:50
    ticket = actions.check_in(org=hall.town, code=booking.code, now=ARRIVAL)
    # then the booking is arrived and the ticket, of 民政's business type, is linked and called first
    booking.refresh_from_db()
    assert booking.state == AppointmentState.ARRIVED
    assert (ticket.appointment_id, ticket.priority, ticket.first, ticket.number) == (
        booking.pk,
        Priority.APPOINTMENT,
        True,
        "A002",
    )
    assert actions.call_next(actor=hall.clerk, window=hall.mz, now=at(2026, 3, 2, 9, 0)).pk == ticket.pk
    assert Ticket.objects.get(pk=walk_in.pk).state == "waiting"


def test_a_second_check_in_or_another_centers_code_is_refused_and_issues_nothing(hall: Any) -> None:
    booking = book_online(hall, start=NINE, now=BOOKED_AT)
    actions.check_in(org=hall.town, code=booking.code, now=ARRIVAL)
    with pytest.raises(DomainError) as err:
        actions.check_in(org=hall.town, code=booking.code, now=ARRIVAL)
    assert err.value.code == "already_arrived"
    with pytest.raises(DomainError) as err:
        actions.check_in(org=hall.town2, code=booking.code, now=ARRIVAL)
    assert err.value.code == "appointment_not_found"
    assert Ticket.objects.count() == 1


def test_a_refused_ticket_leaves_the_booking_unchecked(hall: Any) -> None:
    """No half-written change: when no business type can take the ticket, the check-in is undone too."""
    booking = book_online(hall, start=NINE, now=BOOKED_AT)
    hall.a.active = hall.b.active = False
    hall.a.save()
    hall.b.save()
    with pytest.raises(DomainError) as err:
        actions.check_in(org=hall.town, code=booking.code, now=ARRIVAL)
    assert err.value.code == "no_business_type"
    booking.refresh_from_db()
    assert booking.state == AppointmentState.BOOKED


def _register(client: Client, item_code: str, **fields: Any) -> Any:
    page = client.get(f"/counter/intake/?item={item_code}")
    found = re.search(r'name="token" value="([^"]+)"', page.content.decode())
    assert found is not None
    token = found.group(1)
    item = ServiceItem.objects.get(code=item_code)
    assert item.current is not None
    data = {
        "item": item_code,
        "applicant_kind": "person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13800000000",
        "channel": "window",
        "decision": "accept",
        "token": token,
        # every mandatory material at hand, so the case is accepted on the spot
        "received": [str(m.pk) for m in item.current.materials.all() if m.mandatory],
        **fields,
    }
    return client.post(f"/counter/intake/?item={item_code}", data)


def test_the_intake_of_a_called_ticket_fills_in_the_booked_person_and_links_the_case(hall: Any) -> None:
    # given the booked person checked in and was called by clerk Li (the clock: real time, like the pages)
    from django.utils import timezone

    booking = book_online(hall, start=NINE, now=BOOKED_AT)
    booking.__class__.objects.filter(pk=booking.pk).update(state=AppointmentState.ARRIVED)
    ticket = actions.issue(
        org=hall.town,
        business_type=hall.a,
        priority=Priority.APPOINTMENT,
        appointment=booking,
        now=timezone.now(),
    )
    actions.call_next(actor=hall.clerk, window=hall.mz, now=timezone.now())
    client = Client()
    client.force_login(hall.clerk)
    # when the clerk opens the intake from the ticket
    page = client.get(f"/counter/intake/?item=MZ001&ticket={ticket.pk}").content.decode()
    # then the person's name and phone are filled in
    assert 'value="张三"' in page and 'value="13800000000"' in page
    # and a case registered now is recorded on the ticket
    response = _register(client, "MZ001")
    assert response.status_code == 302, response.content.decode()[:500]
    link = TicketCase.objects.get(ticket=ticket)
    assert link.case.applicant_name == "张三"


def test_a_ticket_of_another_center_fills_in_nothing_and_a_case_without_a_ticket_links_nothing(
    hall: Any,
) -> None:
    from django.utils import timezone

    booking = book_online(hall, start=NINE, now=BOOKED_AT, name="李四")
    other = actions.issue(
        org=hall.town,
        business_type=hall.a,
        priority=Priority.APPOINTMENT,
        appointment=booking,
        now=timezone.now(),
    )
    client = Client()
    client.force_login(hall.clerk2)
    page = client.get(f"/counter/intake/?item=MZ001&ticket={other.pk}").content.decode()
    assert "李四" not in page
    client.force_login(hall.clerk)
    assert _register(client, "MZ001").status_code == 302
    assert TicketCase.objects.count() == 0
    take(hall)  # the queue itself is untouched by intake
    assert Ticket.objects.filter(state="waiting").count() == 2
