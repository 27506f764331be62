"""The statistics page, its drill-down and exports, and the API: the same figures, within each role's scope."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from bianmin.conftest import at
from bianmin.lib.periods import parse_period
from bianmin.reports.exports import statistics_workbook
from bianmin.reports.selectors import statistics, statistics_orgs
from bianmin.reports.tests.conftest import TODAY

OCT = {"period": "2026-10"}


@pytest.fixture
def nov20(time_machine: Any) -> None:
    time_machine.move_to(at(2026, 11, 20, 10), tick=False)


def test_the_page_shows_the_table_with_each_number_a_link(
    client: Any, world: Any, october: Any, nov20: Any
) -> None:
    client.force_login(world.director)
    page = client.get("/counter/reports/", {**OCT, "by": "window"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "民政" in html and "合计" in html
    assert "figure=returned" in html and "key=total" in html  # the total row's 退回件 links to its case
    assert f'href="/counter/reports/dashboard/?org={world.town.code}"' in html  # the leader's dashboard
    drill = client.get(
        "/counter/reports/cases/", {**OCT, "by": "total", "figure": "returned", "key": "total"}
    )
    assert drill.status_code == 200
    body = drill.content.decode()
    assert october.d.number in body and october.a.number not in body
    assert "张*" in body and "张三" not in body  # masked names only


def test_a_figure_without_cases_behind_it_is_not_found(client: Any, world: Any, nov20: Any) -> None:
    client.force_login(world.director)
    assert client.get("/counter/reports/cases/", {**OCT, "figure": "on_time_rate"}).status_code == 404


def test_excel_totals_are_formulas_and_csv_has_the_same_numbers(
    client: Any, world: Any, october: Any, nov20: Any
) -> None:
    table = statistics(world.town, parse_period("2026-10"), "kind", today=TODAY)
    ws = statistics_workbook(table).active
    header = [c.value for c in ws[4]]
    received = header.index("收件数") + 1
    total_row = 5 + len(table.rows)
    cell = ws.cell(row=total_row, column=received).value
    letter = ws.cell(row=5, column=received).column_letter
    assert cell == f"=SUM({letter}5:{letter}{total_row - 1})"
    assert sum(ws.cell(row=r, column=received).value for r in range(5, total_row)) == 7
    assert str(ws.cell(row=total_row, column=header.index("按时办结率(%)") + 1).value).startswith("=IF(")
    client.force_login(world.director)
    xlsx = client.get("/counter/reports/", {**OCT, "by": "kind", "format": "xlsx"})
    assert load_workbook(io.BytesIO(xlsx.content)).active.cell(row=total_row, column=received).value == cell
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/counter/reports/", {**OCT, "by": "kind", "format": "csv"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[-1][0] == "合计" and rows[-1][rows[0].index("收件数")] == "7"


def test_scope_of_each_role(world: Any) -> None:
    """A county role sees the county and every town; a director the town and its stations; a duty leader or
    supervisor their own center; clerks none."""
    county = set(statistics_orgs(world.county_admin))
    assert {world.county, world.town, world.town2, world.village} <= county
    assert set(statistics_orgs(world.director)) == {world.town, world.village}
    assert set(statistics_orgs(world.leader)) == {world.town}
    assert set(statistics_orgs(world.supervisor)) == {world.town}
    assert not statistics_orgs(world.clerk).exists()


def test_the_page_refuses_out_of_scope(client: Any, world: Any, nov20: Any) -> None:
    client.force_login(world.leader)
    assert client.get("/counter/reports/", {"org": world.town2.code, **OCT}).status_code == 403
    assert client.get("/counter/reports/", {"org": world.village.code, **OCT}).status_code == 403
    assert client.get("/counter/reports/", {"org": "999999999", **OCT}).status_code == 404
    client.force_login(world.clerk)
    assert client.get("/counter/reports/", OCT).status_code == 403
    client.force_login(world.county_admin)
    page = client.get("/counter/reports/", {"org": world.county.code, "by": "town", **OCT})
    assert page.status_code == 200 and "壬田镇" in page.content.decode()


def test_api_gives_the_selectors_table(api: Any, world: Any, october: Any, nov20: Any) -> None:
    api.force_authenticate(world.director)
    answer = api.get("/api/v1/reports/statistics/", {"org": world.town.code, "by": "window", **OCT})
    assert answer.status_code == 200
    expected = statistics(world.town, parse_period("2026-10"), "window", today=TODAY).to_json()
    assert answer.json() == expected
    assert answer.json()["total"]["values"]["on_time_rate"] == "75.0"
    cases = api.get("/api/v1/reports/statistics/cases/", {"org": world.town.code, "figure": "overdue", **OCT})
    assert cases.status_code == 200
    assert [c["number"] for c in cases.json()["results"]] == [october.b.number]
    assert cases.json()["results"][0]["applicant"] == "张*"


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"period": "2026-13"}, 400, "bad_period"),
        ({"period": "2026-10", "by": "staff"}, 400, "bad_breakdown"),
        ({"period": "2026-10", "org": "999999"}, 404, "org_not_found"),
        ({"period": "2026-10", "org": "360781101"}, 403, "out_of_scope"),
        ({"period": "2026-10", "bogus": "1"}, 400, None),
    ],
)
def test_api_refusals_have_codes(
    api: Any, world: Any, params: dict[str, str], status: int, code: str | None
) -> None:
    api.force_authenticate(world.director)
    answer = api.get("/api/v1/reports/statistics/", params)
    assert answer.status_code == status
    if code:
        assert answer.json()["code"] == code


def test_api_drill_refuses_a_rate_and_a_clerk(api: Any, world: Any) -> None:
    api.force_authenticate(world.director)
    answer = api.get(
        "/api/v1/reports/statistics/cases/", {"period": "2026-10", "figure": "satisfaction_rate"}
    )
    assert answer.status_code == 400 and answer.json()["code"] == "bad_figure"
    api.force_authenticate(world.clerk)
    assert api.get("/api/v1/reports/statistics/", OCT).status_code == 403
