"""The leaders' dashboard and the hall's big screen (大屏): figures of the statistics table and the
e-supervision board, no personal data on the public screen, query counts pinned."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bianmin.cases import actions
from bianmin.conftest import at, person
from bianmin.feedback.actions import rate
from bianmin.reports.actions import rebuild_rollups
from bianmin.reports.dashboard import NOT_IN_TREND, monthly, months_back
from bianmin.reports.selectors import scope_of, statistics
from bianmin.reports.tests.test_rollups import random_ledger
from bianmin.workdays.services import get_calendar

ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]


@pytest.fixture(autouse=True)
def clean_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def day(world: Any, time_machine: Any) -> Any:
    """Tuesday 2026-11-24 at 象湖镇: two instant cases registered at 9 and 10 and concluded; a 低保 accepted
    in October and overdue (黄牌 or 红牌)."""
    time_machine.move_to(at(2026, 11, 24, 15))
    old = actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(name="欧阳小明", phone="13912345678"),
        received_materials=ALL_MANDATORY,
        now=at(2026, 10, 12, 9),
    ).case
    actions.accept(old, actor=world.clerk, now=at(2026, 10, 12, 9, 5))
    for hour in (9, 10):
        case = actions.register(
            actor=world.clerk,
            item_code="ZH001",
            applicant=person(name="钟桂兰"),
            received_materials=ALL_MANDATORY,
            now=at(2026, 11, 24, hour),
        ).case
        actions.accept(case, actor=world.clerk, now=at(2026, 11, 24, hour, 5))
        actions.conclude(case, actor=world.clerk, result="granted", now=at(2026, 11, 24, hour, 10))
    return world


def test_the_director_sees_the_dashboard_and_a_clerk_does_not(client, day):
    client.force_login(day.director)
    page = client.get("/counter/reports/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "今日分时段收件" in html and "近12个月按时办结率(%)" in html and "<svg" in html
    ctx = page.context
    assert ctx["intake_today"] == 2 and dict(ctx["intake"])["9"] == 1 and dict(ctx["intake"])["10"] == 1
    assert ctx["levels"]["yellow"] + ctx["levels"]["red"] == 1
    assert ctx["month"]["concluded"] == 2 and str(ctx["month"]["on_time_rate"]) == "100.0"
    assert len(ctx["trend"]) == 12 and ctx["trend"][-1]["month"] == "2026-11"
    client.force_login(day.clerk)
    assert client.get("/counter/reports/dashboard/").status_code == 403


def test_the_county_compares_its_towns(client, day):
    client.force_login(day.county_admin)
    page = client.get(f"/counter/reports/dashboard/?org={day.county.code}")
    labels = [t["label"] for t in page.context["towns"]]
    assert "象湖镇便民服务中心" in labels or "象湖镇" in labels
    client.force_login(day.director)
    assert client.get("/counter/reports/dashboard/").context["towns"] == []


def test_the_big_screen_is_public_and_shows_no_personal_data(client, day):
    page = client.get(f"/screen/{day.town.code}/dashboard/")
    html = page.content.decode()
    assert page.status_code == 200 and '<meta http-equiv="refresh" content="60">' in html
    assert "<nav" not in html and "<script" not in html
    for secret in ("欧阳小明", "钟桂兰", "13912345678", "李窗口"):
        assert secret not in html
    assert client.get(f"/screen/{day.village.code}/dashboard/").status_code == 404


TODAY = dt.date(2026, 11, 24)

# The big screen of a town, cold cache: the org (1); its scope (1); the 12-month trend in one pass — the
# rollup marks (1), the calendar's stamp and the ten ledger sources by day (11); today's intake by hour (1);
# the levels: the centers with their office hours (2), the board (two calendar stamps, three grouped
# counts, the windows, the open cards: 7) and the running cases (1) = 25, whatever the months hold.
SCREEN = 25
# With every center rolled up through yesterday: the same, plus the rollups summed by month (the ledger is
# asked for today only).
SCREEN_ROLLED = SCREEN + 1
# A county's dashboard page: session, user, permissions (2), staff, groups; the org asked for, the user's
# orgs and its scope check (3); the screen's figures (24 without the org) with the county's four calendar
# stamps; this month by town (scope, marks, stamp, ten sources, the consultations, the queue's tickets, the
# fee ledger, the mediations (2), the seal uses, labels: 20); the org choices and the layout's own (the
# station links, the online-review counts, the unread notifications: 4) = 59.
COUNTY_PAGE = 59


def _months_of_cases(w: Any, months: int) -> None:
    """One case a month for ``months`` months before November, concluded and rated: rows in every month the
    trend reads, so a per-month query would show in the count."""
    calendar = get_calendar("360781")
    for back in range(1, months + 1):
        day = months_back(TODAY)[-1 - back].first + dt.timedelta(days=13 + back)
        while not calendar.is_workday(day):
            day += dt.timedelta(days=1)
        case = actions.register(
            actor=w.clerk,
            item_code="ZH001",
            applicant=person(name="钟桂兰"),
            received_materials=ALL_MANDATORY,
            now=at(day.year, day.month, day.day, 9),
        ).case
        actions.accept(case, actor=w.clerk, now=at(day.year, day.month, day.day, 9, 5))
        done = at(day.year, day.month, day.day, 9, 9)
        case = actions.conclude(case, actor=w.clerk, result="granted", now=done).case
        rate(case, level=back % 3 + 1, now=at(day.year, day.month, day.day, 10))


def _count(call: Any) -> int:
    get_calendar("360781")  # built once per process: counted warm, as every request after the first
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = call()
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("months", [0, 5])
def test_the_big_screen_asks_a_fixed_number_of_queries_and_keeps_them_a_minute(
    client, day, months, django_assert_num_queries
):
    _months_of_cases(day, months)
    screen = f"/screen/{day.town.code}/dashboard/"
    assert _count(lambda: client.get(screen)) == SCREEN
    with django_assert_num_queries(1):  # the org; the figures come from the cache
        client.get(screen)
    rebuild_rollups(dt.date(2025, 12, 1), today=TODAY)
    assert _count(lambda: client.get(screen)) == SCREEN_ROLLED


@pytest.mark.parametrize("months", [0, 5])
def test_the_county_dashboard_asks_a_fixed_number_of_queries(client, day, months):
    _months_of_cases(day, months)
    client.force_login(day.county_admin)
    client.get("/counter/reports/dashboard/")  # the session's first request
    assert _count(lambda: client.get(f"/counter/reports/dashboard/?org={day.county.code}")) == COUNTY_PAGE


@pytest.mark.parametrize("rolled", ["none", "one town from October", "every center"])
def test_the_trend_is_the_statistics_table_month_by_month(day, rolled):
    """The one-pass trend gives each month's figures exactly as ``statistics(org, month)`` does, whether
    the rollups cover nothing, part of the year at one town, or the whole year through yesterday."""
    random_ledger(day, seed=5, n=30)
    _months_of_cases(day, 11)
    if rolled == "one town from October":
        rebuild_rollups(dt.date(2026, 10, 1), org=day.town, today=TODAY)
    elif rolled == "every center":
        rebuild_rollups(dt.date(2025, 12, 1), today=TODAY)
    months = months_back(TODAY)
    for org in (day.county, day.town, day.town2, day.village):
        trend = monthly(scope_of(org), months[0].first, TODAY)
        assert list(trend) == [m.key for m in months]
        for period in months:
            values = statistics(org, period, "total", today=TODAY).total.values
            assert trend[period.key] == {k: v for k, v in values.items() if k not in NOT_IN_TREND}, (
                org.name,
                period.key,
            )
    # the data is not empty: the town's trend has cases and ratings in every month
    trend = monthly(scope_of(day.town), months[0].first, TODAY)
    assert all(values["received"] for values in trend.values())
    assert all(values["satisfaction_rate"] is not None for key, values in trend.items() if key != "2026-11")
