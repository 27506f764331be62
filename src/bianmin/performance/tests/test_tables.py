"""The rule tables as the seeds state them, and their versions (a month is scored by the version in force)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bianmin.conftest import at
from bianmin.lib.errors import DomainError
from bianmin.performance import actions
from bianmin.performance.models import Rule, RuleTable, ScoreEntry
from bianmin.performance.rules_seed import TAIHU_NAME, ZENGJIA_NAME
from bianmin.performance.selectors import table_in_force
from bianmin.performance.tests.conftest import MARCH, stub_attendance

pytestmark = pytest.mark.django_db


def amounts(name: str) -> dict[str, Decimal]:
    return dict(Rule.objects.filter(table__name=name, table__version=1).values_list("code", "amount"))


def test_zengjia_points_table_is_the_seeds(tables: Any) -> None:
    """003 曾家镇 效能评估考核管理办法 第二–六条, every rule with its points."""
    assert amounts(ZENGJIA_NAME) == {
        "uncivil_language": -1,  # 第二条1 未按规定使用文明用语 扣1分
        "uncivil_language_bad": -5,  # 因此造成不良影响的扣5分
        "late": -2,  # 第二条2 无故迟到、早退、离岗的每次扣2分
        "left_early": -2,
        "left_post": -2,
        "absent_half_day": -5,  # 旷工每次(半天)扣5分
        "leave_without_note": -1,  # 第二条3 未提交请假条 扣1分
        "games_stocks": -6,  # 第二条4
        "overdue_unfamiliar": -5,  # 第三条1
        "complaint_attitude": -2,  # 第三条2 … 情节严重的,扣6分
        "complaint_attitude_serious": -6,
        "brush_off": -5,  # 第四条1
        "sent_to_department": -10,  # 第四条2
        "not_one_time_notice": -2,  # 第四条3
        "refused_missing_material": -2,  # 第四条4 扣该窗口工作人员和直接责任人2分
        "improper_handling": -10,  # 第四条5
        "corruption_or_criticism": -20,  # 第五条1
        "intermediary": -10,  # 第五条2 … 取消所有评奖资格
        "adopted_suggestion": 5,  # 第六条2
        "wronged_no_quarrel": 5,  # 第六条3
        "thanked_praised": 5,  # 第六条4
        "praised_by_inspection": 10,  # 受到省、市级考察、检查部门表扬的,加10分
    }
    assert Rule.objects.get(table__name=ZENGJIA_NAME, code="intermediary").bars_awards
    assert (
        Rule.objects.get(table__name=ZENGJIA_NAME, code="refused_missing_material").scope
        == "window_and_person"
    )


def test_taihu_fines_table_is_the_seeds(tables: Any) -> None:
    """003 太湖乡 第十八条: 迟到或早退的一次惩现金10元,旷工一天惩现金20元,清洁卫生受到通报10元; 第二十条: 红包
    50元, 情节严重100元."""
    fines = amounts(TAIHU_NAME)
    assert (fines["late"], fines["left_early"], fines["absent_day"], fines["cleaning_criticised"]) == (
        10,
        10,
        20,
        10,
    )
    assert (fines["bribe"], fines["bribe_punished"]) == (50, 100)
    assert (fines["games_chat"], fines["games_chat_circulated"]) == (20, 50)  # 第十九条


def test_seeding_is_idempotent(tables: Any) -> None:
    before = (RuleTable.objects.count(), Rule.objects.count())
    actions.ensure_seed_tables()
    assert (RuleTable.objects.count(), Rule.objects.count()) == before


def test_fines_apply_only_where_adopted(world: Any, tables: Any) -> None:
    points = table_in_force(world.town, "points", MARCH)
    assert points is not None and points.name == ZENGJIA_NAME
    assert table_in_force(world.town, "fines", MARCH) is None


def test_a_month_is_scored_by_the_version_in_force_then(world: Any, tables: Any) -> None:
    """The director makes lateness cost 3 points from May; March keeps 2, May takes 3."""
    v2 = actions.new_version(
        actor=world.director,
        org=world.town,
        kind="points",
        valid_from=dt.date(2026, 5, 1),
        changes={"late": "-3"},
        today=dt.date(2026, 4, 20),
    )
    assert v2.version == 2 and v2.org == world.town
    april = table_in_force(world.town, "points", dt.date(2026, 4, 1))
    assert april is not None and april.version == 1
    assert table_in_force(world.town, "points", dt.date(2026, 5, 1)) == v2
    elsewhere = table_in_force(world.town2, "points", dt.date(2026, 5, 1))
    assert elsewhere is not None and elsewhere.version == 1  # another town unchanged
    late = stub_attendance(
        [(world.clerk, dt.date(2026, 3, 10), "late"), (world.clerk, dt.date(2026, 5, 12), "late")]
    )
    actions.score_month(world.town, MARCH, now=at(2026, 6, 1), attendance=late, extra_sources=[])
    actions.score_month(
        world.town, dt.date(2026, 5, 1), now=at(2026, 6, 1), attendance=late, extra_sources=[]
    )
    got = dict(ScoreEntry.objects.values_list("month", "amount"))
    assert got == {MARCH: Decimal(-2), dt.date(2026, 5, 1): Decimal(-3)}


def test_only_the_director_edits_and_never_a_past_month(world: Any, tables: Any) -> None:
    with pytest.raises(DomainError) as e:
        actions.new_version(
            actor=world.clerk, org=world.town, kind="points", valid_from=MARCH, changes={}, today=MARCH
        )
    assert e.value.code == "permission_denied"
    with pytest.raises(DomainError) as e:
        actions.new_version(
            actor=world.director,
            org=world.town,
            kind="points",
            valid_from=MARCH,
            changes={"late": -3},
            today=dt.date(2026, 4, 2),
        )
    assert e.value.code == "past_month"
    with pytest.raises(DomainError) as e:
        actions.new_version(
            actor=world.director,
            org=world.town,
            kind="points",
            valid_from=dt.date(2026, 5, 1),
            changes={"nope": -3},
            today=dt.date(2026, 4, 2),
        )
    assert e.value.code == "unknown_rule"
    with pytest.raises(DomainError) as e:
        actions.new_version(
            actor=world.director,
            org=world.town2,
            kind="points",
            valid_from=dt.date(2026, 5, 1),
            changes={},
            today=dt.date(2026, 4, 2),
        )
    assert e.value.code == "not_found"
    assert RuleTable.objects.filter(org__isnull=False).count() == 0
