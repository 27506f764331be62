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
from bianmin.conftest import WindowFactory, at, make_staff
from bianmin.orgs.roles import Role
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


def windows(world: Any, n: int) -> None:
    """``n`` more windows at 象湖镇, each held as A and B by two who signed in on Monday morning."""
    start = world.town.windows.count()
    for i in range(start, start + n):
        window: Any = WindowFactory(org=world.town, code=f"X{i}", name=f"窗口{i}", number=10 + i)
        for post in ("A", "B"):
            user = make_staff(f"{post}{i}", world.town, Role.CLERK, f"{post}岗{i}", {window: post})
            actions.sign_in(user, at(2026, 3, 2, 7, 50))
        actions.start_trip(user, "外出", at(2026, 3, 2, 9, 0))


def test_windows_page_and_empty_windows_api_cost_the_same_for_2_and_9_windows(
    world: Any, client: Any, api: Any, time_machine: Any
) -> None:
    """窗口在岗 and ``/api/v1/attendance/empty-windows/``: live cover, the month's alerts and staffing."""
    time_machine.move_to(at(2026, 3, 2, 10, 0))
    client.force_login(world.director)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.director).key}")
    windows(world, 2)
    actions.record_empty_window_alerts(world.town, at(2026, 3, 2, 10, 0))
    few = (
        queries(lambda: client.get("/counter/attendance/windows/")),
        queries(lambda: api.get("/api/v1/attendance/empty-windows/")),
    )
    windows(world, 7)
    actions.record_empty_window_alerts(world.town, at(2026, 3, 2, 10, 0))
    many = (
        queries(lambda: client.get("/counter/attendance/windows/")),
        queries(lambda: api.get("/api/v1/attendance/empty-windows/")),
    )
    assert few == many
    assert many[1] <= 17  # token, user, rights, staff, windows, the moment, the month, alerts
