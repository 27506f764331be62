"""The ranking and entries over the API and on the pages; the Excel export; query counts pinned."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from bianmin.conftest import at
from bianmin.performance import actions
from bianmin.performance.models import EntryStatus, ScoreEntry
from bianmin.performance.tests.conftest import MARCH, NOW, stub_attendance

pytestmark = pytest.mark.django_db

RANKING = "/api/v1/performance/ranking/"
ENTRIES = "/api/v1/performance/entries/"
# API: token with its user and staff, permission stamp, groups (scoping), the town's stations (a town
# assesses them), count, one page = 6.
ENTRIES_API = 6
# Page: session, user, permissions (2), staff, groups, the town's stations, count, one page, the nav (3, with
# the unread notifications) = 12.
ENTRIES_PAGE = 12


def late_days(world: Any, n: int, start: int = 2) -> None:
    rows = [(world.clerk, dt.date(2026, 3, start + i), "late") for i in range(n)]
    rows += [(world.handler, dt.date(2026, 3, start + i), "left_early") for i in range(n)]
    actions.score_month(world.town, MARCH, now=NOW, attendance=stub_attendance(rows), extra_sources=[])


@pytest.fixture
def scored(world: Any, tables: Any) -> Any:
    late_days(world, 2)
    return world


def as_user(api: Any, user: Any) -> Any:
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


def test_ranking_api_month_quarter_year(scored: Any, api: Any) -> None:
    as_user(api, scored.clerk)
    month = api.get(RANKING, {"period": "2026-03"}).json()
    assert [(r["name"], r["score"]) for r in month["staff"]] == [
        ("林业员", "100.00"),
        ("李窗口", "96.00"),
        ("陈承办", "96.00"),
    ]
    assert month["first_day"] == "2026-03-01" and month["last_day"] == "2026-03-31"
    assert api.get(RANKING, {"period": "2026-Q1"}).json()["staff"][-1]["score"] == "96.00"
    year = api.get(RANKING, {"period": "2026"}).json()
    assert [r["name"] for r in year["best_staff"]] == ["林业员", "李窗口", "陈承办"]


def test_ranking_api_refusals(scored: Any, api: Any) -> None:
    as_user(api, scored.clerk)
    r = api.get(RANKING, {"period": "2026-13"})
    assert (r.status_code, r.json()["code"]) == (400, "bad_period")
    r = api.get(RANKING, {"period": "2026-03", "center": scored.town2.code})
    assert (r.status_code, r.json()["code"]) == (404, "center_not_found")
    assert api.get(RANKING, {"period": "2026-03", "sort": "x"}).status_code == 400
    api.credentials()
    assert api.get(RANKING, {"period": "2026-03"}).status_code in (401, 403)


def test_entries_api_own_and_all(scored: Any, api: Any) -> None:
    as_user(api, scored.clerk)
    mine = api.get(ENTRIES).json()["results"]
    assert {e["staff"]["username"] for e in mine} == {"li"} and len(mine) == 2
    assert mine[0]["rule"] == "late" and mine[0]["amount"] == "-2.00"
    as_user(api, scored.director)
    assert api.get(ENTRIES).json()["count"] == 4
    assert api.get(ENTRIES, {"staff": "chen"}).json()["count"] == 2
    assert api.get(ENTRIES, {"period": "2026-04"}).json()["count"] == 0
    as_user(api, scored.clerk2)
    assert api.get(ENTRIES).json()["count"] == 0


def test_entries_api_query_count_is_pinned(
    world: Any, tables: Any, api: Any, django_assert_num_queries: Any
) -> None:
    as_user(api, world.director)
    late_days(world, 2)
    api.get(ENTRIES)
    with django_assert_num_queries(ENTRIES_API):
        assert api.get(ENTRIES).status_code == 200
    late_days(world, 10, start=10)
    with django_assert_num_queries(ENTRIES_API):
        assert api.get(ENTRIES).status_code == 200


def test_entries_page_query_count_is_pinned(
    world: Any, tables: Any, client: Any, django_assert_num_queries: Any
) -> None:
    client.force_login(world.director)
    late_days(world, 2)
    client.get("/counter/performance/entries/")
    with django_assert_num_queries(ENTRIES_PAGE):
        assert client.get("/counter/performance/entries/").status_code == 200
    late_days(world, 10, start=10)
    with django_assert_num_queries(ENTRIES_PAGE):
        assert client.get("/counter/performance/entries/").status_code == 200


def test_ranking_page_shows_the_chart_and_the_flagged(scored: Any, client: Any) -> None:
    client.force_login(scored.director)
    html = client.get("/counter/performance/", {"period": "2026-03"}).content.decode()
    assert "<svg" in html and "限期整改" in html and "李窗口" in html
    assert "<script" not in html.split("<main", 1)[-1]


def test_manual_entry_and_approval_pages(world: Any, tables: Any, client: Any, time_machine: Any) -> None:
    time_machine.move_to(at(2026, 3, 20, 10))
    client.force_login(world.supervisor)
    r = client.post(
        "/counter/performance/entries/new/",
        {
            "staff": world.clerk.staff.pk,
            "rule": "games_stocks",
            "day": "2026-03-19",
            "evidence": "巡查发现炒股",
        },
    )
    assert r.status_code == 302
    entry = ScoreEntry.objects.get()
    assert entry.status == EntryStatus.PENDING
    r = client.post(f"/counter/performance/entries/{entry.pk}/approve/")
    assert r.status_code == 403  # the supervisor records, the director approves
    client.force_login(world.director)
    client.post(f"/counter/performance/entries/{entry.pk}/approve/", {"note": "属实"})
    entry.refresh_from_db()
    assert (entry.status, entry.decision_note) == (EntryStatus.APPROVED, "属实")
    client.force_login(world.clerk)
    assert client.get("/counter/performance/entries/new/").status_code == 403


def test_excel_export_of_a_month(scored: Any, client: Any) -> None:
    client.force_login(scored.director)
    r = client.get("/counter/performance/", {"period": "2026-03", "format": "xlsx"})
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    staff = list(book.worksheets[0].iter_rows(values_only=True))
    assert staff[1][:4] == (1, "林业员", "象湖镇", 100)
    entries = list(book.worksheets[2].iter_rows(values_only=True))
    assert len(entries) == 5 and {row[5] for row in entries[1:]} == {-2}
    client.force_login(scored.clerk)
    assert client.get("/counter/performance/", {"period": "2026-03", "format": "xlsx"}).status_code == 403


def test_the_scoring_command_is_idempotent(world: Any, tables: Any) -> None:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("performance_score", "--month", "2026-03", stdout=out)
    call_command("performance_score", "--month", "2026-03", stdout=out)
    assert out.getvalue().splitlines()[-1] == "2026-03: 0 entries written"


def test_the_director_edits_the_table_as_a_new_version(
    world: Any, tables: Any, client: Any, time_machine: Any
) -> None:
    """003 曾家镇's table edited by 象湖镇's director from May: a new version; March keeps 无故迟到 −2."""
    from bianmin.performance.selectors import table_in_force

    time_machine.move_to(at(2026, 4, 20, 10))
    client.force_login(world.clerk)
    assert (
        client.post(
            "/counter/performance/table/points/", {"valid_from": "2026-05", "rule-late": "-3"}
        ).status_code
        == 403
    )
    assert "无故迟到" in client.get("/counter/performance/table/points/").content.decode()
    client.force_login(world.director)
    r = client.post("/counter/performance/table/points/", {"valid_from": "2026-05", "rule-late": "-3"})
    assert r.status_code == 302
    may = table_in_force(world.town, "points", dt.date(2026, 5, 1))
    march = table_in_force(world.town, "points", MARCH)
    assert may is not None and march is not None
    assert (may.version, may.rules.get(code="late").amount) == (2, -3)
    assert (march.version, march.rules.get(code="late").amount) == (1, -2)
    r = client.post(
        "/counter/performance/table/points/", {"valid_from": "2026-03", "rule-late": "-4"}, follow=True
    )
    assert "考核细则只能从本月或以后的月份起修改" in r.content.decode()
    # 太湖乡's fines adopted by the director from May
    client.post("/counter/performance/table/fines/", {"valid_from": "2026-05"})
    fines = table_in_force(world.town, "fines", dt.date(2026, 5, 1))
    assert fines is not None and fines.rules.get(code="absent_day").amount == 20


def test_the_command_without_a_month_scores_last_month_and_this_one(
    world: Any, tables: Any, time_machine: Any
) -> None:
    from django.core.management import call_command

    time_machine.move_to(at(2026, 4, 2, 2))
    out = io.StringIO()
    call_command("performance_score", stdout=out)
    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == ["2026-03", "2026-04"]
