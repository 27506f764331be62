"""首问负责 covers consultations (003 曾家镇 首问负责制 二: 适用于接受当事人咨询的事项 … 都应当跟踪负责至该
事项办理完毕): a consultation followed up by a due date on working days, handed to a colleague with the
hand-over recorded (四: 记录办理事项和要求 … 落实具体接待人员), taken over, and closed with the answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.consultations import actions
from bianmin.consultations.models import EventType, State
from bianmin.consultations.tests.conftest import FRIDAY, ask
from bianmin.lib.errors import DomainError


def test_follow_up_is_due_in_working_days(world: Any) -> None:
    """Three working days from Friday 6 March 2026 skip the weekend: Wednesday 11 March."""
    c = ask(world.clerk, how="follow_up")
    assert c.state == State.FOLLOW_UP and c.due_date == dt.date(2026, 3, 11)
    later = ask(world.clerk)
    actions.mark_follow_up(later, actor=world.clerk, days=1, now=FRIDAY)
    later.refresh_from_db()
    assert later.state == State.FOLLOW_UP and later.due_date == dt.date(2026, 3, 9)  # Monday


def test_hand_over_is_recorded_and_the_first_contact_stays(world: Any) -> None:
    # given clerk Li's question that needs the forester's answer
    c = ask(world.clerk, topic="林权证过户要多久", how="follow_up")
    # when Li hands it to forester Lin with a note
    actions.hand_over(
        c, actor=world.clerk, to=world.forester.staff, note="已留电话，请三日内回复", now=FRIDAY
    )
    c.refresh_from_db()
    # then Lin answers for it, Li stays its first contact, and the hand-over is on record
    assert c.owner == world.forester.staff and c.first_contact == world.clerk.staff
    event = c.events.get(type=EventType.HAND_OVER)
    assert (event.actor, event.from_staff, event.to_staff) == (
        world.clerk,
        world.clerk.staff,
        world.forester.staff,
    )
    assert event.note == "已留电话，请三日内回复" and event.at == FRIDAY
    # and Li, no longer responsible, cannot close it; Lin can, with the answer
    with pytest.raises(DomainError) as err:
        actions.close(c, actor=world.clerk, answer="x", now=FRIDAY)
    assert err.value.code == "not_owner"
    actions.close(c, actor=world.forester, answer="材料齐全20个工作日", now=FRIDAY)
    c.refresh_from_db()
    assert c.state == State.CLOSED and c.answer == "材料齐全20个工作日"


def test_hand_over_needs_a_note_and_a_colleague_of_the_center(world: Any) -> None:
    c = ask(world.clerk, how="follow_up")
    with pytest.raises(DomainError) as err:
        actions.hand_over(c, actor=world.clerk, to=world.forester.staff, note=" ", now=FRIDAY)
    assert err.value.code == "note_required"
    with pytest.raises(DomainError) as err:
        actions.hand_over(c, actor=world.clerk, to=world.clerk2.staff, note="外镇", now=FRIDAY)
    assert err.value.code == "staff_not_of_center"


def test_a_leader_hands_over_for_an_absent_owner_a_clerk_may_not(world: Any) -> None:
    """003 首问负责制 四: 遇有相关窗口工作人员不在 … the duty leader reassigns."""
    c = ask(world.clerk, how="follow_up")
    with pytest.raises(DomainError) as err:
        actions.hand_over(c, actor=world.handler, to=world.forester.staff, note="代转", now=FRIDAY)
    assert err.value.code == "not_owner"
    actions.hand_over(c, actor=world.leader, to=world.forester.staff, note="李窗口请假", now=FRIDAY)
    assert c.events.get(type=EventType.HAND_OVER).actor == world.leader


def test_take_over_checks_the_owner_the_page_showed(world: Any) -> None:
    c = ask(world.clerk, how="follow_up")
    actions.take_over(c, actor=world.handler, owner_seen=world.clerk.staff, now=FRIDAY)
    with pytest.raises(DomainError) as err:  # the forester saw Li still holding it
        actions.take_over(c, actor=world.forester, owner_seen=world.clerk.staff, now=FRIDAY)
    assert err.value.code == "already_taken_over" and err.value.kind == "conflict"
    c.refresh_from_db()
    assert c.owner == world.handler.staff


def test_only_a_follow_up_is_handed_over_or_closed(world: Any) -> None:
    c = ask(world.clerk)  # answered on the spot
    for call in (
        lambda: actions.hand_over(c, actor=world.clerk, to=world.forester.staff, note="x", now=FRIDAY),
        lambda: actions.close(c, actor=world.clerk, answer="x", now=FRIDAY),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.code == "not_following_up"
    actions.mark_follow_up(c, actor=world.clerk, now=FRIDAY)
    actions.close(c, actor=world.clerk, answer="已电话答复", now=FRIDAY)
    with pytest.raises(DomainError) as err:
        actions.mark_follow_up(c, actor=world.clerk, now=FRIDAY)
    assert err.value.code == "cannot_follow_up"
