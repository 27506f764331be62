"""Automatic entries from every source, each once; manual entries count only once approved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum

from bianmin.complaints import actions as complaint_actions
from bianmin.conftest import at
from bianmin.lib.errors import DomainError
from bianmin.performance import actions
from bianmin.performance.models import EntryStatus, ScoreEntry
from bianmin.performance.tests.conftest import MARCH, NOW, adopt_taihu_fines, stub_attendance
from bianmin.supervision.models import CardLevel, CardRecord, CardRule, CardStatus
from bianmin.supervision.tests.helpers import accepted_case

pytestmark = pytest.mark.django_db


def total(user: Any, month: dt.date = MARCH) -> Decimal:
    return ScoreEntry.objects.filter(user=user, month=month, status=EntryStatus.APPROVED).aggregate(
        s=Sum("amount")
    )["s"] or Decimal(0)


def test_late_twice_and_absent_half_a_day_in_march_scores_minus_9(world: Any, tables: Any) -> None:
    """003 曾家镇 第二条2: 无故迟到…每次扣2分;旷工每次(半天)扣5分 — −2 −2 −5 = −9."""
    attendance = stub_attendance(
        [
            (world.clerk, dt.date(2026, 3, 3), "late"),
            (world.clerk, dt.date(2026, 3, 9), "late"),
            (world.clerk, dt.date(2026, 3, 17), "absent_half_day"),
            (world.clerk, dt.date(2026, 4, 1), "late"),  # April: not March's
        ]
    )
    assert actions.score_month(world.town, MARCH, now=NOW, attendance=attendance, extra_sources=[]) == 3
    assert total(world.clerk) == Decimal(-9)
    entry = ScoreEntry.objects.get(rule__code="absent_half_day")
    assert entry.source_key == f"attendance:{world.clerk.pk}:2026-03-17:absent_half_day"
    assert entry.window == world.mz  # the clerk's A post, for the window ranking


def test_absent_a_whole_day_is_two_half_days_and_20_yuan_in_taihu(world: Any, tables: Any) -> None:
    """003 曾家镇 旷工每次(半天)扣5分: a day is −10; 003 太湖乡 第十八条 旷工一天惩现金20元, where adopted."""
    fines = actions.table_in_force(world.town, "fines", MARCH)
    assert fines is None
    adopt_taihu_fines(world, MARCH, MARCH)
    rows = [(world.clerk, dt.date(2026, 3, 18), "absent_day"), (world.clerk, dt.date(2026, 3, 19), "late")]
    points = stub_attendance(rows)
    actions.score_month(world.town, MARCH, now=NOW, attendance=points, extra_sources=[])
    got = dict(ScoreEntry.objects.values_list("table__kind", "amount").filter(rule__code="absent_half_day"))
    assert got == {"points": Decimal(-10)}
    ScoreEntry.objects.all().delete()
    # the fines table through its own mapping
    from bianmin.performance import sources

    def fine_facts(org_ids: list[int], period: Any) -> list[sources.Fact]:
        return stub_attendance(rows, "fines")(org_ids, period)

    def only_fines(org_ids: list[int], period: Any) -> list[sources.Fact]:
        return fine_facts(org_ids, period)

    actions.score_month(world.town, MARCH, now=NOW, attendance=only_fines, extra_sources=[])
    fines_paid = ScoreEntry.objects.filter(table__kind="fines").aggregate(s=Sum("amount"))["s"]
    assert fines_paid == Decimal(30)  # 20 + 10


def test_rerunning_the_scoring_writes_nothing_new(world: Any, tables: Any) -> None:
    attendance = stub_attendance([(world.clerk, dt.date(2026, 3, 3), "late")])
    assert actions.score_month(world.town, MARCH, now=NOW, attendance=attendance) == 1
    assert actions.score_month(world.town, MARCH, now=NOW, attendance=attendance) == 0
    assert ScoreEntry.objects.count() == 1


def _confirmed(world: Any, level: str, rule: str = CardRule.OVERDUE) -> CardRecord:
    case = CardRecord.objects.filter(rule=rule).values_list("case_id", flat=True).first()
    if case is None:
        case = accepted_case(world).pk
    return CardRecord.objects.create(
        org=world.town,
        case_id=case,
        subject="case",
        subject_key="case",
        rule=rule,
        level=level,
        staff=world.clerk,
        window=world.mz,
        reached_on=dt.date(2026, 3, 20),
        status=CardStatus.CONFIRMED,
        created_at=at(2026, 3, 20, 18),
    )


def test_a_confirmed_red_card_is_one_overdue_entry(world: Any, tables: Any) -> None:
    """003 曾家镇 第三条1 因业务不熟悉造成不能按期办结的,每次扣5分: the supervisor's confirmed card is the finding;
    the yellow and red card of one case are one overdue, not two."""
    _confirmed(world, CardLevel.YELLOW)
    _confirmed(world, CardLevel.RED)
    assert actions.score_month(world.town, MARCH, now=NOW, attendance=stub_attendance([])) == 1
    assert actions.score_month(world.town, MARCH, now=NOW, attendance=stub_attendance([])) == 0
    entry = ScoreEntry.objects.get()
    assert (entry.rule.code, entry.amount, entry.user, entry.source) == (
        "overdue_unfamiliar",
        Decimal(-5),
        world.clerk,
        "supervision",
    )


def test_a_dismissed_card_costs_nothing(world: Any, tables: Any) -> None:
    card = _confirmed(world, CardLevel.RED)
    CardRecord.objects.filter(pk=card.pk).update(status=CardStatus.DISMISSED)
    assert actions.score_month(world.town, MARCH, now=NOW, attendance=stub_attendance([])) == 0


def _upheld_complaint(world: Any, *, major: bool = False) -> Any:
    c = complaint_actions.receive_complaint(
        actor=world.leader,
        org=world.town,
        now=at(2026, 3, 5, 10),
        channel="phone",
        content="民政窗口工作人员态度生硬",
        complainant_name="张三",
        complainant_phone="13800001234",
        against_staff=world.clerk.staff,
        against_window=world.mz,
    )
    complaint_actions.reply_complaint(
        c, actor=world.leader, text="已批评教育", mode="phone", now=at(2026, 3, 6, 9)
    )
    c = complaint_actions.decide_complaint(
        c, actor=world.supervisor, upheld=True, findings="属实", reason="态度问题", now=at(2026, 3, 9, 9)
    )
    if (
        major
    ):  # a written, referred major complaint's path is the complaints app's; only the flag matters here
        type(c).objects.filter(pk=c.pk).update(major=True)
    return c


def test_an_upheld_complaint_is_one_entry(world: Any, tables: Any) -> None:
    """003 曾家镇 第三条2 因工作态度问题引起投诉…每次扣2分."""
    c = _upheld_complaint(world)
    assert actions.score_month(world.town, MARCH, now=NOW, attendance=stub_attendance([])) == 1
    assert actions.score_month(world.town, MARCH, now=NOW, attendance=stub_attendance([])) == 0
    entry = ScoreEntry.objects.get()
    assert (entry.source_key, entry.amount, entry.window) == (f"complaint:{c.pk}", Decimal(-2), world.mz)


def test_a_major_upheld_complaint_is_the_serious_case(world: Any, tables: Any) -> None:
    """003 曾家镇 第三条2 … 情节严重的,扣6分."""
    _upheld_complaint(world, major=True)
    actions.score_month(world.town, MARCH, now=NOW, attendance=stub_attendance([]))
    assert total(world.clerk) == Decimal(-6)


def test_an_adopted_suggestion_is_plus_5_once(world: Any, tables: Any) -> None:
    """003 曾家镇 第六条2 为促进镇便民服务中心的工作提合理化建议被采纳的加5分."""
    entry = complaint_actions.record_opinion(
        actor=world.clerk,
        org=world.town,
        source="book",
        content="叫号机加语音",
        author_kind="staff",
        author_staff=world.handler.staff,
        now=at(2026, 3, 5, 10),
    )
    complaint_actions.answer_opinion(entry, actor=world.leader, answer="采纳", now=at(2026, 3, 6, 10))
    complaint_actions.adopt_opinion(entry, actor=world.leader, note="已装", now=at(2026, 3, 10, 10))
    assert actions.score_month(world.town, MARCH, now=NOW, attendance=stub_attendance([])) == 1
    assert actions.score_month(world.town, MARCH, now=NOW, attendance=stub_attendance([])) == 0
    assert total(world.handler) == Decimal(5)


def test_a_manual_entry_counts_only_once_approved(world: Any, tables: Any) -> None:
    """003 曾家镇 第二条4 上班时间玩电脑游戏或炒股的每次扣6分 — recorded with evidence, approved by the director."""
    entry = actions.record_manual(
        actor=world.supervisor,
        org=world.town,
        staff=world.clerk.staff,
        rule_code="games_stocks",
        day=dt.date(2026, 3, 12),
        evidence="3月12日下午巡查发现上班时间炒股",
        now=at(2026, 3, 12, 16),
    )
    assert entry.status == EntryStatus.PENDING and total(world.clerk) == 0
    with pytest.raises(DomainError) as e:
        actions.decide(actor=world.supervisor, entry_id=entry.pk, approve=True, now=at(2026, 3, 13))
    assert e.value.code == "permission_denied"
    actions.decide(actor=world.director, entry_id=entry.pk, approve=True, now=at(2026, 3, 13))
    assert total(world.clerk) == Decimal(-6)
    with pytest.raises(DomainError) as e:
        actions.decide(actor=world.director, entry_id=entry.pk, approve=False, now=at(2026, 3, 13))
    assert e.value.code == "already_decided"


def test_a_refused_manual_entry_never_counts(world: Any, tables: Any) -> None:
    entry = actions.record_manual(
        actor=world.director,
        org=world.town,
        staff=world.clerk.staff,
        rule_code="praised_by_inspection",
        day=dt.date(2026, 3, 12),
        evidence="市检查组表扬",
        now=at(2026, 3, 12, 16),
    )
    actions.decide(
        actor=world.director, entry_id=entry.pk, approve=False, note="无书面材料", now=at(2026, 3, 13)
    )
    assert total(world.clerk) == 0


def test_manual_entry_refusals(world: Any, tables: Any) -> None:
    base = {"org": world.town, "day": dt.date(2026, 3, 12), "now": at(2026, 3, 12, 16)}
    cases = [
        (
            {"actor": world.clerk, "staff": world.handler.staff, "rule_code": "late", "evidence": "x"},
            "permission_denied",
        ),
        (
            {"actor": world.director, "staff": world.handler.staff, "rule_code": "late", "evidence": " "},
            "evidence_required",
        ),
        (
            {"actor": world.director, "staff": world.handler.staff, "rule_code": "nope", "evidence": "x"},
            "unknown_rule",
        ),
        (
            {"actor": world.director, "staff": world.clerk2.staff, "rule_code": "late", "evidence": "x"},
            "staff_not_here",
        ),
    ]
    for extra, code in cases:
        with pytest.raises(DomainError) as e:
            actions.record_manual(**base, **extra)
        assert e.value.code == code
    with pytest.raises(DomainError) as e:
        actions.record_manual(
            actor=world.director,
            org=world.town,
            staff=world.handler.staff,
            rule_code="late",
            evidence="x",
            day=dt.date(2026, 3, 13),
            now=at(2026, 3, 12, 16),
        )
    assert e.value.code == "future_day"
    assert ScoreEntry.objects.count() == 0


def test_the_director_does_not_approve_their_own_entry(world: Any, tables: Any) -> None:
    entry = actions.record_manual(
        actor=world.supervisor,
        org=world.town,
        staff=world.director.staff,
        rule_code="wronged_no_quarrel",
        day=dt.date(2026, 3, 12),
        evidence="受群众辱骂未争吵",
        now=at(2026, 3, 12, 16),
    )
    with pytest.raises(DomainError) as e:
        actions.decide(actor=world.director, entry_id=entry.pk, approve=True, now=at(2026, 3, 13))
    assert e.value.code == "own_entry"
