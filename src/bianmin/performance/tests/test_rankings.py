"""Rankings: base + approved entries per staff and per window (month, quarter, year); the year's best N
(003 曾家镇 第七条 每评出优秀窗口12个,优秀窗口服务人员12名); the quarter's service stars (002 评选季度服务
"明星"); the bottom ones flagged for rectification (003 曾家镇 效能评估制度 五: 考评结果为后位的…限期整改)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bianmin.conftest import at
from bianmin.lib.periods import parse_period
from bianmin.performance import actions
from bianmin.performance.selectors import ranking, ranking_org_ids, visible_entries
from bianmin.performance.tests.conftest import MARCH, NOW, stub_attendance

pytestmark = pytest.mark.django_db


def manual(world: Any, user: Any, code: str, day: dt.date) -> None:
    entry = actions.record_manual(
        actor=world.supervisor,
        org=user.staff.org,
        staff=user.staff,
        rule_code=code,
        day=day,
        evidence="经查证属实",
        now=at(day.year, day.month, day.day, 17),
    )
    actions.decide(
        actor=world.director, entry_id=entry.pk, approve=True, now=at(day.year, day.month, day.day, 18)
    )


@pytest.fixture
def march(world: Any, tables: Any) -> Any:
    """Li (民政 A) late twice and absent half a day: −9; Chen (国土 A) praised by a city inspection: +10;
    Lin (林业) nothing."""
    attendance = stub_attendance(
        [
            (world.clerk, dt.date(2026, 3, 3), "late"),
            (world.clerk, dt.date(2026, 3, 9), "late"),
            (world.clerk, dt.date(2026, 3, 17), "absent_half_day"),
        ]
    )
    actions.score_month(world.town, MARCH, now=NOW, attendance=attendance, extra_sources=[])
    manual(world, world.handler, "praised_by_inspection", dt.date(2026, 3, 20))
    return world


def test_monthly_staff_ranking_is_base_plus_entries_in_order(march: Any) -> None:
    r = ranking([march.town.pk], parse_period("2026-03"))
    assert [(row.name, row.score, row.rank) for row in r.staff] == [
        ("陈承办", Decimal(110), 1),
        ("林业员", Decimal(100), 2),
        ("李窗口", Decimal(91), 3),
    ]


def test_window_ranking_counts_each_staff_on_their_a_post(march: Any) -> None:
    r = ranking([march.town.pk], parse_period("2026-03"))
    assert [(row.name, row.score) for row in r.windows][0] == (str(march.gt), Decimal(110))
    assert [(row.name, row.score) for row in r.windows][-1] == (str(march.mz), Decimal(91))


def test_a_month_outside_the_period_does_not_count(march: Any) -> None:
    r = ranking([march.town.pk], parse_period("2026-04"))
    assert {row.score for row in r.staff} == {Decimal(100)}
    q1 = ranking([march.town.pk], parse_period("2026-Q1"))
    assert [row.score for row in q1.staff] == [Decimal(110), Decimal(100), Decimal(91)]


def test_the_bottom_is_flagged_with_its_accountability_level(march: Any) -> None:
    r = ranking([march.town.pk], parse_period("2026-03"))
    flagged = [row.name for row in r.staff if row.flagged]
    assert flagged == ["李窗口"]  # only a net deduction is 后位 to rectify; 100 is not


def test_the_years_best_n_and_intermediary_bars_awards(march: Any, settings: Any) -> None:
    """第七条: the best N (a setting); 第五条2 有偿中介活动的…取消所有评奖资格."""
    settings.PERFORMANCE_BEST_N = 2
    year = ranking([march.town.pk], parse_period("2026"))
    assert [row.name for row in year.best_staff] == ["陈承办", "林业员"]
    assert len(year.best_windows) == 2
    manual(march, march.handler, "wronged_no_quarrel", dt.date(2026, 6, 3))
    manual(march, march.handler, "intermediary", dt.date(2026, 6, 4))
    year = ranking([march.town.pk], parse_period("2026"))
    assert year.staff[0].name == "陈承办" and year.staff[0].barred
    assert [row.name for row in year.best_staff] == ["林业员", "李窗口"]
    assert ranking([march.town.pk], parse_period("2026-03")).best_staff == []  # only a year picks the best


def test_quarterly_service_stars(march: Any, settings: Any) -> None:
    """002 对窗口人员服务水平和服务效率每月进行一次评比,评选季度服务"明星": the quarter's top with a net gain."""
    settings.PERFORMANCE_STARS_PER_QUARTER = 3
    q1 = ranking([march.town.pk], parse_period("2026-Q1"))
    assert [row.name for row in q1.stars] == ["陈承办"]
    assert ranking([march.town.pk], parse_period("2026-Q2")).stars == []


def test_each_sees_own_entries_director_and_supervisor_all(march: Any) -> None:
    assert set(visible_entries(march.clerk).values_list("user_id", flat=True)) == {march.clerk.pk}
    assert set(visible_entries(march.handler).values_list("user_id", flat=True)) == {march.handler.pk}
    for boss in (march.director, march.supervisor):
        assert set(visible_entries(boss).values_list("user_id", flat=True)) == {
            march.clerk.pk,
            march.handler.pk,
        }
    assert not visible_entries(march.clerk2).exists()


def test_a_town_assesses_its_village_stations(march: Any) -> None:
    """000 篇1 村便民服务室 每月结报、考评: the town's director scores and ranks the station's agent."""
    manual(march, march.agent, "thanked_praised", dt.date(2026, 3, 25))
    ids = ranking_org_ids(march.director)
    assert march.village.pk in ids
    names = [row.name for row in ranking(ids, parse_period("2026-03")).staff]
    assert "王代办" in names
    assert march.village.pk not in ranking_org_ids(march.clerk2)


def test_bad_periods_are_refused() -> None:
    from bianmin.lib.errors import DomainError

    for text in ("2026-13", "2026-Q5", "26", "march"):
        with pytest.raises(DomainError) as e:
            parse_period(text)
        assert e.value.code == "bad_period"


def test_the_flagged_carry_their_accountability_level(march: Any) -> None:
    """003 曾家镇 责任追究制 三(一): an upheld complaint is 批评教育 — shown beside the clerk's 限期整改."""
    from bianmin.performance.tests.test_scoring import _upheld_complaint

    _upheld_complaint(march)
    actions.score_month(march.town, MARCH, now=NOW, attendance=stub_attendance([]))
    row = ranking([march.town.pk], parse_period("2026-03")).staff[-1]
    assert (row.name, row.score, row.flagged, row.level, row.level_label) == (
        "李窗口",
        Decimal(89),
        True,
        "criticism",
        "批评教育",
    )
