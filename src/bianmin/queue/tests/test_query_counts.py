"""Query counts of the queue's lists and the hall screen's feed, the same for 2 tickets as for 12."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bianmin.queue import actions
from bianmin.queue.models import Priority
from bianmin.queue.tests.conftest import NOW, minutes, take

pytestmark = pytest.mark.django_db

# The screen's poll when nothing changed: the center by its code, the board's version. Free of the rate limit.
DISPLAY_UNCHANGED = 2
# A full answer: the center, the board's version, the rate limit's slot (expired rows deleted, the client's row
# inserted if missing, its count raised), then ``selectors.display``: the version again, the windows, the
# tickets in service, the last six calls (with their ticket and window), the waiting count per business type
# (one aggregate) and the notices' ticker.
DISPLAY_CHANGED = 11
# The counter page: the session, the user, their permissions (own and groups'), the staff row, their posts,
# the center's windows, the ticket in service (with its type and appointment), the first 20 waiting (with
# their type), the cases of the ticket in service; then the layout's: the center, the user's groups, the
# center's stations, the online cases to take in, the unread notifications.
COUNTER_PAGE = 15
# The list API (force-authenticated, the clerk's rights already read): the count and the page of tickets with
# center, type, appointment and both windows joined.
TICKETS_API = 2


def day_of_tickets(hall: Any, n: int) -> None:
    """Two A and one B ticket, then ``n`` more of A and B (some green channel); one skipped at 民政, one in
    service there and one at 国土和规划."""
    take(hall)
    take(hall)
    take(hall, hall.b)
    for i in range(n):
        kind = hall.a if i % 2 == 0 else hall.b
        take(hall, kind, at_minute=i, priority=Priority.ELDERLY if i % 5 == 3 else Priority.NORMAL)
    actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(n + 1))
    actions.skip(actor=hall.clerk, window=hall.mz, now=minutes(n + 2))
    actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(n + 3))
    actions.call_next(actor=hall.handler, window=hall.gt, now=minutes(n + 3))


def count(call: Any) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200, response.content
    return len(queries), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("n", [2, 12])
def test_display_feed(hall: Any, api: Any, time_machine: Any, n: int) -> None:
    time_machine.move_to(NOW, tick=False)
    day_of_tickets(hall, n)
    url = f"/api/v1/queue/display/{hall.town.code}/"
    version = api.get(url).json()["version"]
    unchanged = count(lambda: api.get(url, {"version": version}))
    changed = count(lambda: api.get(url, {"version": version - 1}))
    assert unchanged[0] == DISPLAY_UNCHANGED
    assert changed[0] == DISPLAY_CHANGED


@pytest.mark.parametrize("n", [2, 12])
def test_counter_page(hall: Any, client: Any, time_machine: Any, n: int) -> None:
    time_machine.move_to(NOW, tick=False)
    day_of_tickets(hall, n)
    client.force_login(hall.clerk)
    page = count(lambda: client.get("/counter/queue/", {"window": "MZ"}))
    assert page[0] == COUNTER_PAGE


@pytest.mark.parametrize("n", [2, 12])
def test_tickets_list_api(hall: Any, api: Any, time_machine: Any, n: int) -> None:
    time_machine.move_to(NOW, tick=False)
    day_of_tickets(hall, n)
    api.force_authenticate(hall.clerk)
    listed = count(lambda: api.get("/api/v1/queue/tickets/"))
    assert listed[0] == TICKETS_API
