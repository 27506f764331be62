"""Payables (应缴款): raised when a case reaches its item's fee step, by any path, or by hand at the collection
window; never on a proxy case or a free item (003 曾家镇: "实行免费代办服务，严禁利用代办收取任何代办费")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bianmin.cases import actions as case_actions
from bianmin.conftest import person
from bianmin.fees import actions, selectors
from bianmin.fees.models import Cursor, FeeAttempt, Payable, PayableSource
from bianmin.fees.tests.conftest import (
    ALL_MANDATORY,
    NOW,
    accepted,
    concluded,
    harvested,
    minutes,
    registered,
)
from bianmin.lib.errors import DomainError


def test_a_fee_charged_at_acceptance_is_raised_from_the_ledger_once(fees: Any) -> None:
    """000 篇8 ⑥ 统一收费: the case owes its item's fee when accepted, whoever accepted it."""
    case = accepted(fees)
    assert harvested() >= 1
    harvested()  # run twice: nothing twice
    p = Payable.objects.get(case=case)
    assert (p.amount, p.source, p.org_id) == (Decimal("80.00"), PayableSource.LEDGER, fees.town.pk)
    assert p.basis.startswith("《不动产登记收费标准》") and p.waivers == "低保家庭、特困供养人员"
    assert p.cause is not None and p.cause.type == "accept" and p.raised_on == NOW.date()


def test_a_fee_charged_at_conclusion_waits_for_the_conclusion(fees: Any) -> None:
    case = accepted(fees, "MZ030")
    harvested()
    assert not Payable.objects.filter(case=case).exists()
    assert selectors.owed_by(case) == 0
    case_actions.assign(case, actor=fees.clerk, handler=fees.handler, now=minutes(30))
    case_actions.conclude(case, actor=fees.handler, result="granted", now=minutes(60))
    harvested()
    assert Payable.objects.get(case=case).amount == Decimal("1234.50")


def test_a_young_event_raises_its_payable_at_once_and_the_cursor_waits_for_it_to_settle(fees: Any) -> None:
    # the applicant walks from the window to the cashier right after acceptance: the payable is there
    case = accepted(fees)
    event = case.events.get(type="accept")
    actions.harvest_all(now=minutes(5))
    assert Payable.objects.filter(case=case).count() == 1
    # but the cursor stays before the young event (an earlier id may still be committing) …
    assert Cursor.objects.get().position < event.pk
    # … and moves past it once it settled, raising nothing twice
    harvested()
    assert Cursor.objects.get().position >= event.pk
    assert Payable.objects.filter(case=case).count() == 1


def test_a_free_item_raises_nothing(fees: Any) -> None:
    case = accepted(fees, "MZ001")
    harvested()
    assert not Payable.objects.filter(case=case).exists()


def _proxy_case(w: Any) -> Any:
    case = case_actions.register(
        actor=w.agent,
        item_code="GT020",
        applicant=person(),
        authorization={"signed_on": NOW.date()},
        received_materials=ALL_MANDATORY,
        now=NOW,
    ).case
    handed = [{"material": n, "originals": 1, "copies": 1, "pages": 2} for n in ALL_MANDATORY]
    case_actions.forward(case, actor=w.agent, handed_over=handed, now=minutes(60))
    case_actions.receive(case.number, actor=w.clerk, now=minutes(120))
    return case_actions.accept(case.number, actor=w.clerk, now=minutes(130)).case


def test_a_proxy_case_cannot_carry_a_fee(fees: Any) -> None:
    """003 曾家镇 全程代办 三: "实行免费代办服务，严禁利用代办收取任何代办费" — even for an item that charges."""
    case = _proxy_case(fees)
    assert case.proxy
    harvested()
    assert not Payable.objects.filter(case=case).exists()
    assert selectors.owed_by(case) == 0
    # a fee typed in by hand is refused, and the attempt is kept for e-supervision (乱收费)
    with pytest.raises(DomainError) as refused:
        actions.raise_payable(actor=fees.clerk, case_number=case.number, amount="20", now=minutes(200))
    assert refused.value.code == "fee_on_free_case"
    attempt = FeeAttempt.objects.get(case=case)
    assert (attempt.actor, attempt.amount, attempt.org_id) == (fees.clerk, Decimal("20.00"), fees.town.pk)
    assert not Payable.objects.filter(case=case).exists()


def test_a_fee_on_a_free_item_is_refused_and_recorded(fees: Any) -> None:
    case = accepted(fees, "MZ001")
    with pytest.raises(DomainError) as refused:
        actions.raise_payable(actor=fees.clerk, case_number=case.number, now=minutes(20))
    assert refused.value.code == "fee_on_free_case"
    assert FeeAttempt.objects.get(case=case).amount == Decimal("0.00")


def test_the_collection_window_raises_one_by_hand_at_the_schedule_or_a_typed_amount(fees: Any) -> None:
    case = accepted(fees)
    p = actions.raise_payable(actor=fees.clerk, case_number=case.number, now=minutes(20))
    assert (p.amount, p.source, p.raised_by) == (Decimal("80.00"), PayableSource.MANUAL, fees.clerk)
    harvested()  # the ledger's payable is the same one
    assert Payable.objects.filter(case=case).count() == 1
    with pytest.raises(DomainError) as twice:
        actions.raise_payable(actor=fees.clerk, case_number=case.number, now=minutes(21))
    assert twice.value.code == "payable_exists"
    other = accepted(fees, when=minutes(30))
    typed = actions.raise_payable(actor=fees.clerk, case_number=other.number, amount="40.5", now=minutes(40))
    assert typed.amount == Decimal("40.50")


@pytest.mark.parametrize("typed", ["0", "-5", "1.005", "八十"])
def test_a_typed_amount_must_be_money(fees: Any, typed: str) -> None:
    case = accepted(fees)
    with pytest.raises(DomainError) as refused:
        actions.raise_payable(actor=fees.clerk, case_number=case.number, amount=typed, now=minutes(20))
    assert refused.value.code == "invalid_amount"


def test_refusals_when_raising_by_hand(fees: Any) -> None:
    waiting = registered(fees)
    with pytest.raises(DomainError) as early:
        actions.raise_payable(actor=fees.clerk, case_number=waiting.number, now=minutes(20))
    assert early.value.code == "case_not_accepted"
    with pytest.raises(DomainError) as unknown:
        actions.raise_payable(actor=fees.clerk, case_number="NOPE", now=minutes(20))
    assert unknown.value.code == "case_not_found"
    # outsider Zhao of 壬田镇 does not see 象湖镇's case
    case = accepted(fees)
    with pytest.raises(DomainError) as outside:
        actions.raise_payable(actor=fees.clerk2, case_number=case.number, now=minutes(20))
    assert outside.value.code == "case_not_found"
    # supervisor Jiang reads and does not collect
    with pytest.raises(DomainError) as no_right:
        actions.raise_payable(actor=fees.supervisor, case_number=case.number, now=minutes(20))
    assert no_right.value.code == "permission_denied"


def test_the_harvest_reads_history_written_before_it_first_ran(fees: Any) -> None:
    """The demo's history cases exist before the builder runs: the first harvest starts at the ledger's
    beginning."""
    first = accepted(fees, when=NOW - dt.timedelta(days=20))
    concluded(fees, when=NOW - dt.timedelta(days=10))
    harvested()
    assert Payable.objects.filter(case=first).exists()
    assert Payable.objects.count() == 2
