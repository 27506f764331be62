"""The queue over the API (issue 13 item 2): taking a number (public, rate-limited), the counter's calls by
window code, the hall screen's feed (public, rate-limited past its limit), and what each refuses."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.conftest import WindowFactory
from bianmin.queue import public
from bianmin.queue.models import Priority, Ticket, TicketState
from bianmin.queue.tests.conftest import NOW, take
from bianmin.security.limits import FailureLimit

pytestmark = pytest.mark.django_db

TICKETS = "/api/v1/queue/tickets/"
CALL_NEXT = "/api/v1/queue/call_next/"


@pytest.fixture
def fixed(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def post(api: Any, path: str, body: dict[str, Any], user: Any = None) -> Any:
    if user is not None:
        api.force_authenticate(user)
    return api.post(path, body, format="json")


def refused(response: Any) -> tuple[int, str]:
    return response.status_code, response.json()["code"]


def test_a_kiosk_takes_a_number_without_an_account(hall: Any, api: Any, fixed: Any) -> None:
    take(hall)
    answer = post(api, TICKETS, {"center": hall.town.code, "business_type": hall.a.pk, "priority": "elderly"})
    assert answer.status_code == 201
    body = answer.json()
    assert (body["number"], body["center"], body["state"], body["priority"], body["first"]) == (
        "A002",
        hall.town.code,
        TicketState.WAITING,
        Priority.ELDERLY,
        True,
    )
    assert body["ahead"] == 0  # green channel (绿色通道) goes before the ordinary A001
    assert Ticket.objects.get(token=body["token"]).number == "A002"


def test_taking_a_number_refuses_what_it_cannot_issue(hall: Any, api: Any, fixed: Any) -> None:
    assert refused(post(api, TICKETS, {"center": "999", "business_type": hall.a.pk})) == (
        404,
        "center_not_found",
    )
    # 壬田镇's type is not 象湖镇's
    assert refused(post(api, TICKETS, {"center": hall.town.code, "business_type": hall.c2.pk})) == (
        404,
        "business_type_not_found",
    )
    # an appointment's priority is given only by checking the appointment in
    bad = post(
        api, TICKETS, {"center": hall.town.code, "business_type": hall.a.pk, "priority": "appointment"}
    )
    assert bad.status_code == 400
    assert not Ticket.objects.exists()


def test_a_kiosk_taking_too_many_numbers_is_refused(
    hall: Any, api: Any, fixed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(public, "TICKET_LIMIT", FailureLimit("queue_ticket_test", 2, 600))
    body = {"center": hall.town.code, "business_type": hall.a.pk}
    assert [post(api, TICKETS, body).status_code for _ in range(2)] == [201, 201]
    assert refused(post(api, TICKETS, body)) == (429, "too_many_tickets")
    assert Ticket.objects.count() == 2
    # a clerk taking numbers for visitors is not limited
    assert post(api, TICKETS, body, hall.clerk).status_code == 201


def test_the_tickets_list_is_for_staff_of_the_center(hall: Any, api: Any, fixed: Any) -> None:
    take(hall)
    take(hall, hall.c2)
    assert api.get(TICKETS).status_code in (401, 403)
    api.force_authenticate(hall.clerk)
    rows = api.get(TICKETS).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [(r["number"], r["center"]) for r in rows] == [("A001", hall.town.code)]


def test_the_counter_calls_recalls_skips_transfers_and_finishes(hall: Any, api: Any, fixed: Any) -> None:
    first, second = take(hall, hall.b), take(hall, hall.b, at_minute=1)
    api.force_authenticate(hall.handler)
    called = post(api, CALL_NEXT, {"window": "GT"})
    assert called.status_code == 200
    assert (called.json()["number"], called.json()["window"], called.json()["state"]) == (
        "B001",
        "GT",
        "called",
    )
    recalled = post(api, "/api/v1/queue/recall/", {"window": "GT"})
    assert (recalled.status_code, recalled.json()["calls"]) == (200, 2)
    moved = post(api, "/api/v1/queue/transfer/", {"window": "GT", "to": "LY"})
    assert moved.status_code == 200
    assert (moved.json()["state"], moved.json()["target_window"], moved.json()["window"]) == (
        "waiting",
        "LY",
        None,
    )
    # 林业 calls the transferred ticket before B002
    assert post(api, CALL_NEXT, {"window": "LY"}).json()["number"] == "B001"
    assert post(api, "/api/v1/queue/finish/", {"window": "LY"}).json()["state"] == "done"
    assert post(api, CALL_NEXT, {"window": "GT"}).json()["number"] == "B002"
    assert post(api, "/api/v1/queue/skip/", {"window": "GT"}).json()["state"] == "skipped"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.window_id, second.state) == (TicketState.DONE, hall.ly.pk, TicketState.SKIPPED)


@pytest.mark.parametrize("path", ["call_next", "recall", "skip", "finish", "transfer"])
def test_the_counter_refuses_anonymous_callers_and_those_without_the_right(
    hall: Any, api: Any, fixed: Any, path: str
) -> None:
    take(hall)
    extra = {"to": "GT"} if path == "transfer" else {}
    body = {"window": "MZ", **extra}
    assert post(api, f"/api/v1/queue/{path}/", body).status_code in (401, 403)
    # 蒋监察 reads the figures but calls nobody
    assert refused(post(api, f"/api/v1/queue/{path}/", body, hall.supervisor))[0] == 403
    # 壬田镇's clerk has no GT: another center's window is not found in theirs
    assert refused(post(api, f"/api/v1/queue/{path}/", {**body, "window": "GT"}, hall.clerk2)) == (
        404,
        "window_not_found",
    )
    assert Ticket.objects.get().state == TicketState.WAITING


def test_the_counter_refusals_and_their_codes(hall: Any, api: Any, fixed: Any) -> None:
    WindowFactory(org=hall.town2, code="SB", name="社保", number=2)
    api.force_authenticate(hall.clerk)
    # a window code the clerk's center does not have (壬田镇's 社保 is not 象湖镇's)
    assert refused(post(api, CALL_NEXT, {"window": "SB"})) == (404, "window_not_found")
    assert refused(post(api, CALL_NEXT, {"window": "NOPE"})) == (404, "window_not_found")
    # nothing waiting for 民政
    take(hall, hall.b)
    assert refused(post(api, CALL_NEXT, {"window": "MZ"})) == (409, "queue_empty")
    # nothing in service: recall, skip, finish and transfer have no ticket to act on
    for step in ("recall", "skip", "finish"):
        assert refused(post(api, f"/api/v1/queue/{step}/", {"window": "MZ"})) == (409, "no_current_ticket")
    assert refused(post(api, "/api/v1/queue/transfer/", {"window": "MZ", "to": "GT"})) == (
        409,
        "no_current_ticket",
    )
    # with a ticket in service: a transfer to another center's window or to the same window is refused
    take(hall)
    assert post(api, CALL_NEXT, {"window": "MZ"}).status_code == 200
    assert refused(post(api, "/api/v1/queue/transfer/", {"window": "MZ", "to": "SB"})) == (
        404,
        "target_window_not_found",
    )
    assert refused(post(api, "/api/v1/queue/transfer/", {"window": "MZ", "to": "MZ"}))[1] == "same_window"
    assert Ticket.objects.get(number="A001").state == TicketState.CALLED
    # a body without a window
    assert post(api, CALL_NEXT, {}).status_code == 400


def test_the_display_feed_is_public_and_answers_unchanged_cheaply(hall: Any, api: Any, fixed: Any) -> None:
    url = f"/api/v1/queue/display/{hall.town.code}/"
    take(hall)
    board = api.get(url)
    assert board.status_code == 200
    body = board.json()
    version = body["version"]
    unchanged = api.get(url, {"version": version}).json()
    assert (unchanged["changed"], unchanged["version"]) == (False, version)
    api.force_authenticate(hall.clerk)
    post(api, CALL_NEXT, {"window": "MZ"})
    api.force_authenticate(None)
    after = api.get(url, {"version": version}).json()
    assert after["version"] > version
    assert "A001" in str(after)
    assert refused(api.get("/api/v1/queue/display/999/")) == (404, "center_not_found")


def test_the_display_feed_is_rate_limited(
    hall: Any, api: Any, fixed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(public, "DISPLAY_LIMIT", FailureLimit("queue_display_test", 3, 300))
    url = f"/api/v1/queue/display/{hall.town.code}/"
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 200]
    assert refused(api.get(url)) == (429, "too_many_requests")
    # another client (another hall screen) is still answered
    assert api.get(url, REMOTE_ADDR="10.9.8.7").status_code == 200
