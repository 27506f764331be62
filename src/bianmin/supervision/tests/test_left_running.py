"""Cases that were late and then left the running states between two sweeps (001 电子监察: 超时 → 黄牌/红牌).

001 (二)规范运行加强监察: 同步电子监察; DESIGN.md: 黄牌 when overdue, 红牌 at ≥ 3 working days overdue.
行政许可法 Art. 45: the time of a special procedure (特别程序) does not count toward the limit — the clock stops
the day the case is suspended, and resuming moves the due date by the working days spent. A case that was
late on the day it left keeps the cards it had reached then, dated the first day it reached them, whatever
it did after (resumed, withdrawn), and whether the sweep ran in between or not.
"""

from __future__ import annotations

import datetime as dt

from bianmin.cases import actions as case_actions
from bianmin.catalog.actions import enable_item
from bianmin.conftest import at
from bianmin.counter.tests.helpers import forwarded
from bianmin.supervision import actions, selectors
from bianmin.supervision.models import CardLevel, CardRecord, CardRule, CardSubject
from bianmin.supervision.tests.helpers import DUE, accepted_case

SWEPT = dt.date(2026, 9, 30)  # the last sweep before the case went late (due 9-30)


def derived(w, today):  # noqa: ANN001, ANN201
    return {
        (c.subject, c.level): (c.due_date, c.reached_on, c.days_overdue)
        for c in selectors.cards(w.supervisor, today)
    }


def stored():  # noqa: ANN201
    return {
        (r.subject, r.level): (r.due_date, r.reached_on, r.days_overdue) for r in CardRecord.objects.all()
    }


def suspend(w, case, day):  # noqa: ANN001, ANN201
    return case_actions.suspend(
        case.number,
        actor=w.handler,
        type="site_survey",
        reason="现场勘查",
        now=at(day.year, day.month, day.day),
    )


def test_late_then_suspended_and_resumed_between_sweeps_keeps_its_cards_as_first_reached(world):
    """001 电子监察 超时 → 黄牌/红牌: due 9-30, red on 10-10 (the 调休 Saturday, 3rd working day late), suspended
    on 10-12 and resumed on 10-14 before any sweep: the resumption moved the due date to 10-9, yet the cards
    are the ones reached before the suspension — yellow on 10-1, red on 10-10, against the due date 9-30."""
    case = accepted_case(world, handler=world.handler)
    actions.sweep_all(SWEPT, at(2026, 9, 30, 18))
    suspend(world, case, dt.date(2026, 10, 12))
    case_actions.resume(case.number, actor=world.handler, now=at(2026, 10, 14))
    case.refresh_from_db()
    assert case.due_date == dt.date(2026, 10, 9)  # moved by the two working days spent suspended
    today = dt.date(2026, 10, 14)
    expected = {
        (CardSubject.CASE, CardLevel.YELLOW): (DUE, dt.date(2026, 10, 1), 4),
        (CardSubject.CASE, CardLevel.RED): (DUE, dt.date(2026, 10, 10), 4),
    }
    assert derived(world, today) == expected
    assert actions.sweep_all(today, at(2026, 10, 14, 18)) == 2
    assert stored() == expected
    assert {r.rule for r in CardRecord.objects.all()} == {CardRule.OVERDUE}


def test_suspended_one_day_late_and_withdrawn_weeks_later_is_yellow_not_red(world):
    """行政许可法 Art. 45 with 001 电子监察: suspended on 10-8, one working day late (国庆 not counted), then
    withdrawn on 10-20 while still suspended: the clock stopped on 10-8, so one yellow card, no red."""
    case = accepted_case(world, handler=world.handler)
    actions.sweep_all(SWEPT)
    suspend(world, case, dt.date(2026, 10, 8))
    case_actions.withdraw(case.number, actor=world.clerk, reason="申请人撤回", now=at(2026, 10, 20))
    today = dt.date(2026, 10, 21)
    expected = {(CardSubject.CASE, CardLevel.YELLOW): (DUE, dt.date(2026, 10, 1), 1)}
    assert derived(world, today) == expected
    actions.sweep_all(today)
    assert stored() == expected


def test_a_sweep_while_suspended_and_one_after_the_resumption_agree(world):
    """The same case swept every day: the yellow card written while it was suspended (10-12), the red one
    not written twice, no new card after the resumption; the derived set equals the records each day."""
    case = accepted_case(world, handler=world.handler)
    actions.sweep_all(dt.date(2026, 10, 8))
    suspend(world, case, dt.date(2026, 10, 12))
    for day in (dt.date(2026, 10, 12), dt.date(2026, 10, 13)):
        actions.sweep_all(day)
    assert stored() == {
        (CardSubject.CASE, CardLevel.YELLOW): (DUE, dt.date(2026, 10, 1), 1),  # written on 10-8
        (CardSubject.CASE, CardLevel.RED): (DUE, dt.date(2026, 10, 10), 4),  # written on 10-12
    }
    case_actions.resume(case.number, actor=world.handler, now=at(2026, 10, 14))
    assert actions.sweep_all(dt.date(2026, 10, 15)) == 0
    assert {k: v[:2] for k, v in derived(world, dt.date(2026, 10, 15)).items()} == {
        k: v[:2] for k, v in stored().items()
    }


def test_a_late_proxy_leg_withdrawn_before_the_sweep_keeps_its_card(world):
    """003 曾家镇 全程代办制度 四 (代办…一般不得超过7个工作日) under 001 电子监察: a matter forwarded on 9-16
    and never signed for is due on its leg 9-24 and late from 9-25; withdrawn on 9-29 (2 working days late)
    before any sweep, its leg's yellow card is still derived and written, naming the agent who took it."""
    enable_item(world.dibao, world.village)
    case = forwarded(world, now=at(2026, 9, 16))
    assert case.proxy_due_date == dt.date(2026, 9, 24)  # 9-20 is a 调休 Sunday workday
    case_actions.withdraw(case.number, actor=world.clerk, reason="村民撤回", now=at(2026, 9, 29))
    today = dt.date(2026, 10, 12)
    cards = [c for c in selectors.cards(world.supervisor, today) if c.subject == CardSubject.PROXY]
    assert [(c.level, c.staff_id, c.reached_on, c.days_overdue) for c in cards] == [
        (CardLevel.YELLOW, world.agent.pk, dt.date(2026, 9, 25), 2)
    ]
    actions.sweep_all(today)
    assert stored() == {
        (CardSubject.PROXY, CardLevel.YELLOW): (dt.date(2026, 9, 24), dt.date(2026, 9, 25), 2)
    }
