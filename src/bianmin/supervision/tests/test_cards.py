"""Cards (电子监察): levels per county, written once, derived before the sweep as the sweep writes them.

RULES.md E-supervision: 预警/黄牌/红牌, thresholds set locally; triggers: exceeding the promised limit, a
step over its own limit while the case is inside the overall limit, refusing a qualifying application.
DESIGN.md: warning at ≤ 1 working day left, yellow when overdue, red at ≥ 3 working days overdue.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from bianmin.cases import actions as case_actions
from bianmin.cases.deadlines import Deadlines, WarningLevel
from bianmin.cases.models import Case
from bianmin.conftest import at
from bianmin.orgs.models import Org
from bianmin.supervision import actions, selectors
from bianmin.supervision.cards import due_cards
from bianmin.supervision.models import CardLevel, CardRecord, CardRule, CardSubject
from bianmin.supervision.tests.helpers import DUE, accepted_case


def level(case: Case, today: dt.date) -> str:
    return Deadlines(today).level(Case.objects.select_related("org").get(pk=case.pk))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 9, 28), WarningLevel.NORMAL),  # two working days left
        (dt.date(2026, 9, 29), WarningLevel.WARNING),  # ≤ 1 working day left
        (dt.date(2026, 9, 30), WarningLevel.WARNING),  # due today
        (dt.date(2026, 10, 1), WarningLevel.YELLOW),  # overdue (国庆: 0 working days late yet)
        (dt.date(2026, 10, 9), WarningLevel.YELLOW),  # 2 working days late
        (dt.date(2026, 10, 10), WarningLevel.RED),  # the 调休 Saturday is the 3rd working day late
    ],
)
def test_level_boundaries_with_the_make_up_workday(world, today, expected):
    """DESIGN.md 电子监察: ≤ 1 working day left 预警, overdue 黄牌, ≥ 3 working days overdue 红牌; working
    days from the calendar (2026-10-10 is a 调休 workday)."""
    assert level(accepted_case(world), today) == expected


def test_thresholds_are_set_per_county(world):
    """RULES.md: thresholds are set locally — the county's values reach its towns; unset, the settings."""
    case = accepted_case(world)
    assert level(case, dt.date(2026, 9, 28)) == WarningLevel.NORMAL
    county = Org.objects.get(pk=world.county.pk)
    county.warning_days_left, county.red_card_days_overdue = 2, 5
    county.save()
    town = Org.objects.get(pk=world.town.pk)
    assert town.supervision_thresholds() == (2, 5)
    assert level(case, dt.date(2026, 9, 28)) == WarningLevel.WARNING  # 2 left, county warns at 2
    assert level(case, dt.date(2026, 10, 10)) == WarningLevel.YELLOW  # 3 late, red only at 5
    assert level(case, dt.date(2026, 10, 13)) == WarningLevel.RED  # 10-12, 10-13: 5 late
    # the proxy leg reads the same county values: 3 working days late is yellow there, not red
    loaded = Case.objects.select_related("org").get(pk=case.pk)
    loaded.proxy_due_date = DUE
    assert Deadlines(dt.date(2026, 10, 10)).proxy_level(loaded) == WarningLevel.YELLOW
    assert Deadlines(dt.date(2026, 10, 13)).proxy_level(loaded) == WarningLevel.RED


def test_a_red_case_has_one_yellow_and_one_red_card_written_once(world):
    """One record the first time a case reaches yellow and red; a second sweep writes nothing new."""
    case = accepted_case(world, handler=world.handler)
    today = dt.date(2026, 10, 10)
    assert actions.sweep_all(today, at(2026, 10, 10, 18)) == 2
    assert actions.sweep_all(today, at(2026, 10, 10, 19)) == 0
    call_command("supervision_sweep", "--date", "2026-10-10")
    records = CardRecord.objects.filter(case=case).order_by("level")
    assert [(r.level, r.rule, r.staff_id) for r in records] == [
        (CardLevel.RED, CardRule.OVERDUE, world.handler.pk),
        (CardLevel.YELLOW, CardRule.OVERDUE, world.handler.pk),
    ]
    red = records[0]
    assert red.days_overdue == 3 and red.reached_on == dt.date(2026, 10, 10)
    assert records[1].reached_on == dt.date(2026, 10, 1)


def test_the_derived_set_equals_what_the_sweep_writes(world):
    """Pages are correct without the job: the cards derived before the sweep are the ones it writes."""
    late = accepted_case(world, handler=world.handler)
    accepted_case(world, dt.date(2026, 9, 29))  # due in October, not late
    concluded = accepted_case(world, handler=world.handler)
    case_actions.conclude(concluded, actor=world.handler, result="granted", now=at(2026, 10, 8, 11))
    today = dt.date(2026, 10, 12)
    derived = {
        (c.key, c.staff_id, c.days_overdue, c.reached_on) for c in selectors.cards(world.supervisor, today)
    }
    actions.sweep_all(today, at(2026, 10, 12, 18))
    stored = {
        ((r.case_id, r.subject_key, r.rule, r.level), r.staff_id, r.days_overdue, r.reached_on)
        for r in CardRecord.objects.all()
    }
    assert derived == stored
    assert {k[0][0] for k in stored} == {late.pk, concluded.pk}
    # the case concluded one working day late keeps its yellow card, no red
    assert {k[0][3] for k in stored if k[0][0] == concluded.pk} == {CardLevel.YELLOW}
    assert {c.id is not None for c in selectors.cards(world.supervisor, today)} == {True}


def test_a_case_concluded_late_after_the_sweep_is_still_derived(world):
    case = accepted_case(world, handler=world.handler)
    actions.sweep_all(dt.date(2026, 9, 30))
    assert CardRecord.objects.count() == 0
    case_actions.conclude(case, actor=world.handler, result="granted", now=at(2026, 10, 9, 11))
    keys = {c.key for c in selectors.cards(world.supervisor, dt.date(2026, 10, 12))}
    assert keys == {(case.pk, "case", CardRule.OVERDUE, CardLevel.YELLOW)}


def test_a_joint_task_over_its_own_limit_inside_the_case_limit(world):
    """RULES.md: a step over its own limit while the case is still inside the overall limit (并联审批)."""
    case = case_actions.register(
        actor=world.clerk,
        item_code="GT001",
        applicant={
            "kind": "person",
            "name": "张三",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
        },
        received_materials=["居民身份证", "户口簿", "家庭收入证明"],
        now=at(2026, 9, 16, 9),
    ).case
    case = case_actions.accept(case, actor=world.clerk, now=at(2026, 9, 16, 9, 30)).case
    tasks = {t.window_code: t for t in case.tasks.all()}
    gt_due = tasks["GT"].due_date
    cards = due_cards([Org.objects.get(pk=world.town.pk)], gt_due + dt.timedelta(days=1))
    task_cards = [c for c in cards if c.subject == CardSubject.TASK]
    assert [(c.subject_key, c.rule, c.level, c.staff_id) for c in task_cards] == [
        ("task:GT", CardRule.STEP_OVER_LIMIT, CardLevel.YELLOW, world.handler.pk)  # GT's post A
    ]
    assert not [c for c in cards if c.subject == CardSubject.CASE]  # the case itself is inside its limit
