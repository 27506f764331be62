"""Query counts of the public disclosure pinned: the page and the API cost the same with two concluded cases
as with sixty (a page of rows is one query, never one per row), live or from the snapshot.

When one of these fails, look for a per-row query before raising the number.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bianmin.cases import actions
from bianmin.conftest import at, person
from bianmin.disclosure.actions import publish_quarter
from bianmin.disclosure.tests.conftest import ALL_MANDATORY, NOW
from bianmin.lib.errors import DomainError
from bianmin.lib.periods import parse_period
from bianmin.workdays.services import get_calendar

# Every view: the per-client limit (expired slots cleared, the slot taken: 3); the center (1).
LIMIT_AND_CENTER = 4
# A quarter computed live: the snapshot looked for (1), the disclosed centers (the statistics' scope, 1),
# the statistics table's total (its scope, the rollup marks, the calendar's stamp, ten ledger sources, the
# consultation log, the queue's tickets, the fee ledger, the seal uses and the mediations (registered,
# agreements): 19), the count and the page of rows (2); the archive (1) = 24 after the limit and the center.
LIVE = LIMIT_AND_CENTER + 24
# A frozen quarter: the snapshot and the archive, nothing from the ledger.
SNAPSHOT = LIMIT_AND_CENTER + 2


@pytest.fixture(autouse=True)
def frozen_now(time_machine: Any) -> None:
    time_machine.move_to(NOW)


def _count(call: Any) -> int:
    get_calendar("360781")  # built once per process: counted warm, as every request after the first
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def _more_concluded(w: Any, n: int) -> None:
    """``n`` more instant cases concluded in the third quarter at 象湖镇, rated, so every row has a name to
    mask and an item to read."""
    for i in range(n):
        when = at(2026, 8, 3 + i % 25, 9 + i % 8)
        case = actions.register(
            actor=w.clerk,
            item_code="ZH001",
            applicant=person(name=f"欧阳{i}"),
            received_materials=ALL_MANDATORY,
            now=when,
        ).case
        try:
            actions.accept(case, actor=w.clerk, now=when.replace(minute=5))
            actions.conclude(case, actor=w.clerk, result="granted", now=when.replace(minute=20))
        except DomainError:  # a holiday or a weekend the rules refuse: the case stays registered
            continue


@pytest.mark.parametrize("more", [0, 58])
def test_a_quarter_computed_live_costs_the_same_whatever_its_rows(client, world, quarter, more):
    _more_concluded(world, more)
    page = f"/disclosure/{world.town.code}/?quarter=2026-Q3"
    api = f"/api/v1/public/disclosure/{world.town.code}/?quarter=2026-Q3"
    assert _count(lambda: client.get(page)) == LIVE
    assert _count(lambda: client.get(api)) == LIVE
    # the running quarter has no snapshot to look for
    assert _count(lambda: client.get(f"/disclosure/{world.town.code}/")) == LIVE - 1


@pytest.mark.parametrize("more", [0, 58])
def test_a_published_quarter_reads_its_snapshot_only(client, world, quarter, more):
    _more_concluded(world, more)
    snapshot, created = publish_quarter(world.town, parse_period("2026-Q3"), now=NOW)
    assert created and snapshot.row_count >= 2 + more * 2 // 3  # most of August's days are working days
    page = f"/disclosure/{world.town.code}/?quarter=2026-Q3"
    api = f"/api/v1/public/disclosure/{world.town.code}/?quarter=2026-Q3"
    assert _count(lambda: client.get(page)) == SNAPSHOT
    assert _count(lambda: client.get(api)) == SNAPSHOT
