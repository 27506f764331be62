"""Waiting and service times per window and day (issue 13 item 2: "figures per window/day feed the reports"),
on the counter's figures page and ``GET /api/v1/queue/figures/``, read by one selector and worked out by hand.

Wait is taken → first called; service is (last) called → finished; a skipped ticket (过号) counts as a ticket
of the window but not in the averages; a ticket still waiting counts nowhere."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bianmin.queue import actions
from bianmin.queue.tests.conftest import NOW, TODAY, minutes, take

pytestmark = pytest.mark.django_db

URL = "/api/v1/queue/figures/"
TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
def day(hall: Any, time_machine: Any) -> Any:
    time_machine.move_to(NOW + dt.timedelta(days=1, hours=8), tick=False)  # the next evening
    h = hall
    # 民政 (window 1): A001 waits 10 and is served 15 minutes; A002 is called and skipped; A003 waits 24 and is
    # served 6; A004 is still waiting
    take(h, at_minute=0), take(h, at_minute=5), take(h, at_minute=6)
    actions.call_next(actor=h.clerk, window=h.mz, now=minutes(10))
    actions.call_next(actor=h.clerk, window=h.mz, now=minutes(25))
    actions.skip(actor=h.clerk, window=h.mz, now=minutes(28))
    actions.call_next(actor=h.clerk, window=h.mz, now=minutes(30))
    actions.finish(actor=h.clerk, window=h.mz, now=minutes(36))
    take(h, at_minute=50)
    # 国土和规划 (5): B001 waits 20, served 20; B002 called there at 9:40 (waited 39), transferred to 林业 (6)
    # at 9:45, called there at 9:50 and finished at 10:00 (served 10 at 林业)
    take(h, h.b, at_minute=0), take(h, h.b, at_minute=1)
    actions.call_next(actor=h.handler, window=h.gt, now=minutes(20))
    actions.call_next(actor=h.handler, window=h.gt, now=minutes(40))
    actions.transfer(actor=h.handler, window=h.gt, to_window=h.ly, now=minutes(45))
    actions.call_next(actor=h.forester, window=h.ly, now=minutes(50))
    actions.finish(actor=h.forester, window=h.ly, now=minutes(60))
    # the next day at 国土和规划: B001 waits 3, served 7
    next_day = NOW + dt.timedelta(days=1)
    actions.issue(org=h.town, business_type=h.b, now=next_day)
    actions.call_next(actor=h.handler, window=h.gt, now=next_day + dt.timedelta(minutes=3))
    actions.finish(actor=h.handler, window=h.gt, now=next_day + dt.timedelta(minutes=10))
    # 壬田镇's own ticket, served at its 民政: never in 象湖镇's figures
    take(h, h.c2)
    actions.call_next(actor=h.clerk2, window=h.mz2, now=minutes(2))
    actions.finish(actor=h.clerk2, window=h.mz2, now=minutes(9))
    return h


EXPECTED = [
    {"day": "2026-03-02", "window": "MZ", "tickets": 3, "served": 2, "skipped": 1, "wait": 17.0, "service": 10.5},
    {"day": "2026-03-02", "window": "GT", "tickets": 1, "served": 1, "skipped": 0, "wait": 20.0, "service": 20.0},
    {"day": "2026-03-02", "window": "LY", "tickets": 1, "served": 1, "skipped": 0, "wait": 39.0, "service": 10.0},
    {"day": "2026-03-03", "window": "GT", "tickets": 1, "served": 1, "skipped": 0, "wait": 3.0, "service": 7.0},
]  # fmt: skip


def short(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = ("day", "window", "tickets", "served", "skipped")
    return [
        {
            **{k: r[k] for k in keys},
            "wait": r["average_wait_minutes"],
            "service": r["average_service_minutes"],
        }
        for r in rows
    ]


def test_the_api_gives_each_window_and_day_worked_out_by_hand(day: Any, api: Any) -> None:
    api.force_authenticate(day.clerk)
    answer = api.get(URL, {"start": "2026-03-02", "end": "2026-03-03"})
    assert answer.status_code == 200
    assert short(answer.json()) == EXPECTED
    assert answer.json()[0]["window_name"] == "民政"
    # by default the week up to today (the 3rd): the same rows
    assert short(api.get(URL).json()) == EXPECTED
    # one day only
    assert short(api.get(URL, {"start": "2026-03-03", "end": "2026-03-03"}).json()) == EXPECTED[3:]


def test_the_county_reads_a_town_and_nobody_reads_a_center_outside_their_scope(day: Any, api: Any) -> None:
    api.force_authenticate(day.county_admin)
    assert short(api.get(URL, {"org": day.town.code, "start": "2026-03-02"}).json()) == EXPECTED
    assert api.get(URL, {"start": "2026-03-02"}).json() == []  # the county center's own hall has no queue
    # 壬田镇's clerk does not see 象湖镇
    api.force_authenticate(day.clerk2)
    refused = api.get(URL, {"org": day.town.code})
    assert (refused.status_code, refused.json()["code"]) == (404, "center_not_found")
    mine = api.get(URL, {"start": "2026-03-02"}).json()
    assert [(r["window"], r["served"], r["average_service_minutes"]) for r in mine] == [("MZ", 1, 7.0)]


def test_the_figures_api_refuses_a_bad_range_and_anonymous_callers(day: Any, api: Any) -> None:
    assert api.get(URL).status_code in (401, 403)
    api.force_authenticate(day.clerk)
    for query in ({"start": "2026-03-03", "end": "2026-03-02"}, {"start": "2025-01-01"}, {"end": "3 March"}):
        refused = api.get(URL, query)
        assert (refused.status_code, refused.json()["code"]) == (400, "invalid_range"), query
    assert api.get(URL, {"window": "MZ"}).status_code == 400  # an unknown parameter


def test_the_figures_page_shows_the_same_numbers(day: Any, client: Any) -> None:
    client.force_login(day.clerk)
    page = client.get("/counter/queue/figures/", {"start": "2026-03-02", "end": "2026-03-03"})
    assert page.status_code == 200
    html = page.content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 4
    cells = [[c.split(">", 1)[1] for c in r.split("</td>")[:-1]] for r in rows]
    assert cells[0][2:] == ["3", "2", "1", "17.0", "10.5"]
    assert cells[2][2:] == ["1", "1", "0", "39.0", "10.0"]
    assert cells[3][0] == "2026-03-03"


def test_the_statistics_table_counts_the_served_tickets_and_their_wait(day: Any, api: Any) -> None:
    """Issue 13 "the queue feeds the statistics": the monthly table's 叫号办理 and 平均等候(分钟) per window
    and in total, from the same tickets — 民政 served A001 (waited 10) and A003 (24): 17.0; 国土和规划 served B001
    on both days (20 and 3): 11.5; 林业 served the transferred B002 (39); the skipped and the waiting ones
    count nowhere, 壬田镇's ticket only in 壬田镇's table."""
    from bianmin.lib.periods import parse_period
    from bianmin.reports.selectors import statistics

    table = statistics(day.town, parse_period("2026-03"), "window", today=TOMORROW)
    by_window = {r.label: (r.values["tickets_served"], r.values["avg_wait_minutes"]) for r in table.rows}
    assert by_window == {
        "象湖镇 1号 民政": (2, Decimal("17.0")),
        "象湖镇 5号 国土和规划": (2, Decimal("11.5")),
        "象湖镇 6号 林业": (1, Decimal("39.0")),
    }
    assert (table.total.values["tickets_served"], table.total.values["avg_wait_minutes"]) == (
        5,
        Decimal("19.2"),
    )
    other = statistics(day.town2, parse_period("2026-03"), "total", today=TOMORROW).total.values
    assert (other["tickets_served"], other["avg_wait_minutes"]) == (1, Decimal("2.0"))
    # the API answers the same figures
    api.force_authenticate(day.director)
    answer = api.get("/api/v1/reports/statistics/", {"org": day.town.code, "period": "2026-03"})
    assert answer.status_code == 200, answer.content[:300]
    total = answer.json()["total"]["values"]
    assert (total["tickets_served"], total["avg_wait_minutes"]) == (5, "19.2")
