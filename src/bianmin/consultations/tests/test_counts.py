"""Counts by item, window and month for the reports: 002 天彭镇 counts its consultations next to its cases
(“答复咨询1200余人次”) — the statistics table's 咨询 column reads them from the log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.conftest import at
from bianmin.consultations import selectors
from bianmin.consultations.models import Consultation
from bianmin.lib.periods import parse_period
from bianmin.reports.selectors import statistics


def _year_of_consultations(w: Any, per_month: int = 100) -> None:
    """1,200 consultations in 2026 at 象湖镇: per month 100, three in five at window 1 民政 about 低保, the
    rest at window 5 国土 without an item; plus 10 at 燕子村's station in March and 7 at 壬田镇."""
    rows = []
    for month in range(1, 13):
        for i in range(per_month):
            when = at(2026, month, 1 + i % 28, 9)
            mz = i % 5 < 3
            rows.append(
                Consultation(
                    org=w.town,
                    window=w.mz if mz else w.gt,
                    item=w.dibao if mz else None,
                    topic="低保需要哪些材料" if mz else "宅基地怎么申请",
                    how="on_the_spot",
                    asked_at=when,
                    asked_on=when.date(),
                    answered_by=w.clerk,
                    first_contact=w.clerk.staff,
                    owner=w.clerk.staff,
                    updated_at=when,
                )
            )
    for org, user, n in ((w.village, w.agent, 10), (w.town2, w.clerk2, 7)):
        for _i in range(n):
            when = at(2026, 3, 10, 9)
            rows.append(
                Consultation(
                    org=org,
                    topic="问路",
                    how="on_the_spot",
                    asked_at=when,
                    asked_on=when.date(),
                    answered_by=user,
                    first_contact=user.staff,
                    owner=user.staff,
                    updated_at=when,
                )
            )
    Consultation.objects.bulk_create(rows)


def test_a_year_of_1200_consultations_by_month_window_and_item(world: Any) -> None:
    """002: 答复咨询1200余人次 — a year at 象湖镇, counted by month, window and item."""
    _year_of_consultations(world)
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    town = [world.town.pk]
    assert selectors.counts(town, *year) == {(): 1200}
    by_month = selectors.counts(town, *year, "month")
    assert len(by_month) == 12 and set(by_month.values()) == {100}
    assert by_month[(dt.date(2026, 3, 1),)] == 100
    assert selectors.counts(town, *year, "window") == {(world.mz.pk,): 720, (world.gt.pk,): 480}
    assert selectors.counts(town, *year, ("item", "month"))[(world.dibao.pk, dt.date(2026, 7, 1))] == 60
    assert selectors.counts(town, dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == {(): 100}
    assert selectors.counts(town, dt.date(2026, 4, 1), dt.date(2026, 3, 1)) == {}


def test_the_statistics_table_counts_them_per_center_window_and_station(world: Any) -> None:
    _year_of_consultations(world)
    today = dt.date(2027, 1, 10)
    town = statistics(world.town, parse_period("2026"), "window", today=today)
    assert town.total.values["consultations"] == 1210  # its own 1,200 and the station's 10
    by_window = {r.label: r.values["consultations"] for r in town.rows}
    assert by_window["象湖镇 1号 民政"] == 720 and by_window["象湖镇 5号 国土和规划"] == 480
    assert by_window["未分窗口"] == 10
    march = statistics(world.town, parse_period("2026-03"), "station", today=today)
    assert {r.label: r.values["consultations"] for r in march.rows} == {
        "中心本级": 100,
        "燕子村便民服务站": 10,
    }
    station = statistics(world.village, parse_period("2026-03"), today=today)
    assert station.total.values["consultations"] == 10
    county = statistics(world.county, parse_period("2026"), "town", today=today)
    assert {r.label: r.values["consultations"] for r in county.rows} == {"象湖镇": 1210, "壬田镇": 7}
    items = statistics(world.town, parse_period("2026"), "item", today=today)
    assert {r.label: r.values["consultations"] for r in items.rows}["最低生活保障申请"] == 720


def test_days_after_today_are_not_counted(world: Any) -> None:
    _year_of_consultations(world)
    table = statistics(world.town, parse_period("2026"), today=dt.date(2026, 6, 30))
    assert table.total.values["consultations"] == 600 + 10
