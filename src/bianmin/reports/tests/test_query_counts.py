"""Query counts pinned: the statistics page, the table endpoint and the drill-down endpoint cost the same
with one case as with many, and a rolled-up month costs no more than one read from the ledger.

When one of these fails, look for a per-row query (a window's or item's name per row) before raising the
number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bianmin.conftest import at
from bianmin.reports.actions import rebuild_rollups
from bianmin.reports.tests.conftest import register
from bianmin.workdays.services import get_calendar

# The ledger's share of a table: the calendar's stamp (the average working days), then one query per source
# (registered, accepted, concluded, refused, escalated, proxy legs, events, ratings, complaints received,
# complaints upheld) = 11.
LEDGER = 11
# API: permissions (2), groups, staff with its org (login and role); the org asked for and its scope check
# (2); the scope's orgs; the rollup marks; the ledger (11); the consultation log, the queue's tickets, the
# fee ledger and the seal uses (one grouped count each), the mediations (registered, agreements: 2); the
# rows' labels = 25.
STATISTICS_API = 25
# Page: session and user, the API's 24 for the same table, minus nothing, plus the org choices and the
# layout's own (the station links, the online-review counts, the unread notifications) = 32.
PAGE = 32
# Drill-down API: permissions (2), groups, staff, its org, the org asked for and its scope check (2), the
# scope's orgs, the count and the page of cases = 10.
CASES_API = 10
# A month the rollups cover through yesterday: the rollups (one query) and the ledger for today.
ROLLED_API = STATISTICS_API + 1


@pytest.fixture
def nov20(time_machine: Any) -> None:
    time_machine.move_to(at(2026, 11, 20, 10), tick=False)


def _count(call: Any) -> int:
    get_calendar("360781")  # built once per process: counted warm, as every request after the first
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


def _cases(w: Any, n: int) -> None:
    for i in range(n):
        register(w, "MZ001" if i % 2 else "ZH001", now=at(2026, 11, 2 + i % 10, 9))


@pytest.mark.parametrize("n", [1, 6])
def test_page_queries(client: Any, world: Any, nov20: Any, n: int) -> None:
    _cases(world, n)
    client.force_login(world.director)
    assert _count(lambda: client.get("/counter/reports/", {"period": "2026-11", "by": "item"})) == PAGE


@pytest.mark.parametrize("n", [1, 6])
def test_api_queries(api: Any, world: Any, nov20: Any, n: int) -> None:
    _cases(world, n)
    api.force_authenticate(world.county_admin)
    params = {"org": world.county.code, "period": "2026-11", "by": "window"}
    assert _count(lambda: api.get("/api/v1/reports/statistics/", params)) == STATISTICS_API
    params = {"org": world.town.code, "period": "2026-11", "figure": "received"}
    api.force_authenticate(type(world.county_admin).objects.get(pk=world.county_admin.pk))  # rights unread
    assert _count(lambda: api.get("/api/v1/reports/statistics/cases/", params)) == CASES_API


def test_a_rolled_up_month_asks_the_ledger_for_today_only(api: Any, world: Any, nov20: Any) -> None:
    _cases(world, 6)
    rebuild_rollups(dt.date(2026, 11, 1), today=dt.date(2026, 11, 20))
    api.force_authenticate(world.county_admin)
    params = {"org": world.county.code, "period": "2026-11", "by": "window"}
    assert _count(lambda: api.get("/api/v1/reports/statistics/", params)) == ROLLED_API
