"""The statistics table on a hand-built month (issue 12 item 1: 六件管理, on time, by window/item/kind)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from bianmin.lib.periods import parse_period
from bianmin.reports.selectors import StatisticsTable, drill, statistics
from bianmin.reports.tests.conftest import TODAY

OCT = parse_period("2026-10")


def test_six_kinds_and_the_month_figures_of_a_town(world: Any, october: Any) -> None:
    """000 篇8 / DESIGN.md 六件管理: 即办件, 承诺件, 联办件, 上报/代办件, 退回件 (rejected), 补办件 (a one-time
    notice) counted for the month the center reports (001 8)."""
    t = statistics(world.town, OCT, today=TODAY).total.values
    assert t["received"] == 7  # 2 instant + A B C D + joint; F was received in September
    assert (t["instant"], t["promised"], t["joint"], t["proxy"]) == (2, 4, 1, 0)
    assert (t["returned"], t["supplement"]) == (1, 1)
    assert t["channel_window"] == 6 and t["channel_appointment"] == 1
    assert t["accepted"] == 6  # 2 instant, A, B, joint, F
    assert (t["concluded"], t["on_time"], t["overdue"]) == (4, 3, 1)
    assert t["on_time_rate"] == Decimal("75.0")
    assert t["suspended"] == 1 and t["extended"] == 0
    assert t["consultations"] == 0  # none logged in the fixture (counted in consultations/tests)


def test_on_time_rate_excludes_suspended_days(world: Any, october: Any) -> None:
    """Issue 12: the on-time rate excludes suspended days (行政许可法 Art. 45: 特别程序 time is not counted).
    A was concluded on 10-27, after its first due date 10-22, but its three suspended working days moved
    the due date to 10-27: on time. B, with no special procedure, concluded 10-26 after 10-22: overdue."""
    assert october.a.due_date == dt.date(2026, 10, 27) and october.a.suspended_days == 3
    assert october.b.due_date == dt.date(2026, 10, 22)
    on_time = set(drill(world.town, OCT, "on_time", None, "total", today=TODAY))
    overdue = set(drill(world.town, OCT, "overdue", None, "total", today=TODAY))
    assert october.a in on_time and october.a not in overdue
    assert october.b in overdue


def test_average_working_days_acceptance_to_conclusion(world: Any, october: Any) -> None:
    """Working days d with accepted < d <= concluded, on the calendar (10-10 a make-up Saturday)."""
    # instant: 0 and 0; A: 10-09 → 10-27 = 13 working days; B: 10-09 → 10-26 = 12 → (0+0+13+12)/4 = 6.25
    assert statistics(world.town, OCT, today=TODAY).total.values["avg_working_days"] == Decimal("6.3")


def test_breakdowns_add_up_to_the_total(world: Any, october: Any) -> None:
    for by in ("window", "item", "station", "kind", "channel"):
        table = statistics(world.town, OCT, by, today=TODAY)
        assert sum(int(r.values["received"] or 0) for r in table.rows) == table.total.values["received"], by
    kinds = {r.key: r.values["received"] for r in statistics(world.town, OCT, "kind", today=TODAY).rows}
    assert kinds == {"instant": 2, "promised": 4, "joint": 1}


def test_a_county_covers_every_town_and_breaks_down_by_town(world: Any, october: Any) -> None:
    table = statistics(world.county, OCT, "town", today=TODAY)
    assert table.total.values["received"] == 8  # 7 at 象湖镇, E at 壬田镇
    assert {r.label: r.values["received"] for r in table.rows} == {"象湖镇": 7, "壬田镇": 1}


def test_every_number_drills_down_to_the_cases_behind_it(world: Any, october: Any) -> None:
    table = statistics(world.town, OCT, "kind", today=TODAY)
    for row in table.rows:
        for column in table.columns:
            if column.drillable and column.code not in ("supplement", "extended", "suspended"):
                cases = drill(world.town, OCT, column.code, row.key, "kind", today=TODAY)
                assert cases.count() == row.values[column.code], (row.key, column.code)
    returned = drill(world.town, OCT, "returned", None, "total", today=TODAY)
    assert list(returned) == [october.d]
    assert list(drill(world.town, OCT, "supplement", None, "total", today=TODAY)) == [october.c]


def test_the_table_survives_a_json_round_trip(world: Any, october: Any) -> None:
    table = statistics(world.town, OCT, "window", today=TODAY)
    data = table.to_json()
    again = StatisticsTable.from_json(data)
    assert again.to_json() == data
    assert again.total.values["on_time_rate"] == Decimal("75.0")
    assert data["total"]["values"]["on_time_rate"] == "75.0"
