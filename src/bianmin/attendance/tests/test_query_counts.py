"""Query counts pinned: the leave page and the leave list endpoint cost the same with 2 rows as with 12.

When one of these fails, look for a per-row query before raising the number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from bianmin.attendance import actions
from bianmin.attendance.models import LeaveRequest
from bianmin.conftest import at
from bianmin.workdays.services import add_workdays


def leaves(world: Any, n: int) -> None:
    for i in range(n):
        day = add_workdays(dt.date(2026, 3, 1), LeaveRequest.objects.count() + 1).date
        actions.request_leave(
            world.clerk,
            kind="personal",
            start_day=day,
            start_session="am",
            end_day=day,
            end_session="pm",
            reason=f"事由{i}",
            now=at(2026, 2, 27, 9),
        )


def queries(run: Any) -> int:
    run()  # warm the process's caches (calendar, permissions)
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


@pytest.mark.parametrize("user", ["director", "clerk"])
def test_leave_page_costs_the_same_for_2_and_12(world: Any, client: Any, user: str) -> None:
    client.force_login(getattr(world, user))
    leaves(world, 2)
    few = queries(lambda: client.get("/counter/leave/"))
    leaves(world, 10)
    many = queries(lambda: client.get("/counter/leave/"))
    assert few == many


def test_leave_api_costs_the_same_for_2_and_12(world: Any, api: Any) -> None:
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.director).key}")
    leaves(world, 2)
    few = queries(lambda: api.get("/api/v1/leave/"))
    leaves(world, 10)
    many = queries(lambda: api.get("/api/v1/leave/"))
    assert few == many
    assert many <= 6
