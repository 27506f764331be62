"""Two submits of one draft give one submission; reports submitted at once get gap-free numbers and one
unbroken chain. PostgreSQL only (SQLite serialises writers)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections

from bianmin.conftest import at, make_staff
from bianmin.lib.errors import DomainError
from bianmin.orgs.roles import Role
from bianmin.submissions import actions
from bianmin.submissions.models import Submission

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


def _draft(world: Any, kind: str, period: str) -> Submission:
    return actions.save_draft(
        actor=world.director, org=world.town, kind=kind, period_key=period, now=at(2026, 11, 1), work="情况"
    )


def test_double_submit_gives_one_submission(world: Any) -> None:
    d = _draft(world, "monthly", "2026-10")
    other = make_staff("qian", world.town, Role.DIRECTOR, "钱主任")
    results = race(
        lambda actor: actions.submit(actor=actor, submission_id=d.pk, now=at(2026, 11, 3)),
        [world.director, other],
    )
    assert results == ["409:already_submitted", "ok"]
    assert Submission.objects.filter(state="submitted").count() == 1


def test_reports_submitted_at_once_are_numbered_without_gaps(world: Any) -> None:
    drafts = [
        _draft(world, k, p)
        for k, p in (
            ("monthly", "2026-10"),
            ("semi_monthly", "2026-10-H1"),
            ("semi_monthly", "2026-10-H2"),
            ("quarterly", "2026-Q3"),
        )
    ]
    results = race(
        lambda d: actions.submit(actor=world.director, submission_id=d.pk, now=at(2026, 11, 3)), drafts
    )
    assert results == ["ok"] * 4
    rows = list(Submission.objects.filter(state="submitted").order_by("chain_seq"))
    assert [r.seq for r in sorted(rows, key=lambda r: r.seq or 0)] == [1, 2, 3, 4]
    assert [r.chain_seq for r in rows] == [1, 2, 3, 4]
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    call_command("audit_verify")
