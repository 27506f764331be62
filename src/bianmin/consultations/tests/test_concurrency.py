"""Two clerks take over the same follow-up at once (003 曾家镇 首问负责制 四, the owner away): one wins, the
other is told who has it; the row lock serves them one after the other."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections

from bianmin.consultations import actions
from bianmin.consultations.models import EventType
from bianmin.consultations.tests.conftest import FRIDAY, ask
from bianmin.lib.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls: list[Any]) -> list[str]:
    barrier = threading.Barrier(len(calls))

    def run(call: Any) -> str:
        try:
            barrier.wait()
            call()
        except DomainError as err:
            return f"{err.status}:{err.code}"
        finally:
            connections.close_all()
        return "ok"

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return sorted(pool.map(run, calls))


def test_two_clerks_taking_over_at_once_one_wins(world: Any) -> None:
    c = ask(world.clerk, how="follow_up")
    takers = (world.handler, world.forester)
    outcomes = _race(
        [
            lambda user=user: actions.take_over(c, actor=user, owner_seen=world.clerk.staff, now=FRIDAY)
            for user in takers
        ]
    )
    assert outcomes == ["409:already_taken_over", "ok"]
    c.refresh_from_db()
    assert c.owner in (world.handler.staff, world.forester.staff)
    event = c.events.get(type=EventType.TAKE_OVER)
    assert event.from_staff == world.clerk.staff and event.to_staff == c.owner
