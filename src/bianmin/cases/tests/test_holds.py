"""Holds other apps put on a case step (``cases.holds``, ``settings.STEP_HOLDS``): the lifecycle asks them after
its own guard, so the page says why the step is held and the action refuses it on the locked row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings

from bianmin.cases import actions, lifecycle
from bianmin.cases.models import Case, CaseState
from bianmin.cases.steps import Step
from bianmin.conftest import at, person
from bianmin.lib.errors import DomainError

ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]
SEEN: list[tuple[str, str]] = []


def held_until_paid(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    SEEN.append((case.number, today.isoformat()))
    return DomainError("fee_unpaid", "尚有未缴费用", kind="conflict")  # the stand-in rule holds every case


HOLD = f"{__name__}.held_until_paid"


def concluded(w: Any) -> Case:
    case = actions.register(
        actor=w.clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=ALL_MANDATORY,
        now=at(2026, 9, 28, 9),
    ).case
    actions.accept(case, actor=w.clerk, now=at(2026, 9, 28, 9, 10))
    actions.assign(case, actor=w.clerk, handler=w.handler, now=at(2026, 9, 28, 10))
    return actions.conclude(case, actor=w.handler, result="granted", now=at(2026, 10, 9, 10)).case


@override_settings(STEP_HOLDS={"deliver": [HOLD]})
def test_a_declared_hold_refuses_the_step_on_the_page_and_in_the_action(world: Any) -> None:
    case = concluded(world)
    SEEN.clear()
    today = dt.date(2026, 10, 9)
    # the case page does not offer delivery and says why
    assert Step.DELIVER not in {t.step for t in lifecycle.offered(case, world.clerk, today)}
    assert (lifecycle.TRANSITION[Step.DELIVER], "尚有未缴费用") in lifecycle.blocked(
        case, world.clerk, today, shown=[Step.DELIVER]
    )
    # the action refuses it with the hold's code, and nothing changed
    with pytest.raises(DomainError) as refused:
        actions.deliver(
            case, actor=world.clerk, method="window", collected_by="张三", now=at(2026, 10, 9, 11)
        )
    assert refused.value.code == "fee_unpaid"
    case.refresh_from_db()
    assert case.state == CaseState.CONCLUDED and case.delivered_at is None
    assert (case.number, "2026-10-09") in SEEN


@override_settings(STEP_HOLDS={"deliver": [HOLD]})
def test_a_hold_on_one_step_leaves_the_others_alone(world: Any) -> None:
    SEEN.clear()
    concluded(world)  # register, accept, assign, conclude: none of them asked the delivery's hold
    assert SEEN == []


def test_without_holds_the_step_goes_through(world: Any) -> None:
    case = concluded(world)
    done = actions.deliver(
        case, actor=world.clerk, method="window", collected_by="张三", now=at(2026, 10, 9, 11)
    )
    assert done.case.state == CaseState.DELIVERED
