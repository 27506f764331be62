"""The scoring run twice at the same moment (cron and the director's button) writes each entry once; two
directors deciding one manual entry at once give one decision. PostgreSQL only (SQLite serialises writers)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections

from bianmin.conftest import at, make_staff
from bianmin.lib.errors import DomainError
from bianmin.orgs.roles import Role
from bianmin.performance import actions
from bianmin.performance.models import ScoreEntry
from bianmin.performance.tests.conftest import MARCH, NOW, stub_attendance

pytestmark = pytest.mark.django_db(transaction=True)


def race(act: Callable[[Any], Any], args: list[Any]) -> list[str]:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    barrier = threading.Barrier(len(args))

    def attempt(arg: Any) -> str:
        try:
            barrier.wait()
            act(arg)
            return "ok"
        except DomainError as err:
            return f"{err.status}:{err.code}"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(args)) as pool:
        return sorted(pool.map(attempt, args))


def test_two_scoring_runs_at_once_write_each_entry_once(world: Any, tables: Any) -> None:
    """003 曾家镇 第二条2: Li's two late mornings are −4 however many runs overlap."""
    rows = [(world.clerk, dt.date(2026, 3, 3), "late"), (world.clerk, dt.date(2026, 3, 9), "late")]
    attendance = stub_attendance(rows)
    assert race(
        lambda _: actions.score_month(world.town, MARCH, now=NOW, attendance=attendance, extra_sources=[]),
        [1, 2, 3],
    ) == ["ok", "ok", "ok"]
    assert ScoreEntry.objects.filter(user=world.clerk).count() == 2


def test_two_directors_deciding_one_entry_at_once_give_one_decision(world: Any, tables: Any) -> None:
    other = make_staff("qian", world.town, Role.DIRECTOR, "钱主任")
    entry = actions.record_manual(
        actor=world.supervisor,
        org=world.town,
        staff=world.clerk.staff,
        rule_code="games_stocks",
        day=dt.date(2026, 3, 12),
        evidence="巡查发现炒股",
        now=at(2026, 3, 12, 16),
    )
    results = race(
        lambda actor: actions.decide(actor=actor, entry_id=entry.pk, approve=True, now=at(2026, 3, 13)),
        [world.director, other],
    )
    assert results == ["409:already_decided", "ok"]
