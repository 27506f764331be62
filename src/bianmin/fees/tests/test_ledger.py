"""The collection window's ledger (收费流水): payments with numbered receipts, waivers, refunds and voids are new
rows, never edits (issue 14: "Refunds and voids are new entries, never edits")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bianmin.fees import actions, selectors
from bianmin.fees.models import Entry, EntryKind, Payable
from bianmin.fees.tests.conftest import NOW, accepted, harvested, minutes
from bianmin.lib.errors import DomainError

NEXT_DAY = NOW + dt.timedelta(days=1)


@pytest.fixture
def owed(fees: Any) -> Payable:
    case = accepted(fees)
    harvested()
    return Payable.objects.get(case=case)


def refused(code: str, call: Any, **kwargs: Any) -> None:
    with pytest.raises(DomainError) as err:
        call(**kwargs)
    assert err.value.code == code, err.value


def test_cash_payment_prints_a_numbered_receipt_and_settles_the_case(fees: Any, owed: Payable) -> None:
    """000 篇8 ⑥ 统一收费制: the center's one collection window takes the fee and gives its receipt."""
    e = actions.pay(actor=fees.clerk, payable=owed, method="cash", now=minutes(20))
    assert (e.kind, e.amount, e.method, e.day) == (EntryKind.PAYMENT, Decimal("80.00"), "cash", NOW.date())
    assert e.receipt_number == f"{fees.town.code}-2026-000001" and e.actor_name == "李窗口"
    assert selectors.balance_of(owed.pk).outstanding == 0
    refused("payable_settled", actions.pay, actor=fees.clerk, payable=owed, method="cash", now=minutes(21))


def test_part_payments_add_up_exactly_and_never_exceed_what_is_owed(fees: Any, owed: Payable) -> None:
    for _ in range(2):
        actions.pay(actor=fees.clerk, payable=owed, method="card", amount="26.67", now=minutes(20))
    refused(
        "amount_exceeds_balance",
        actions.pay,
        actor=fees.clerk,
        payable=owed,
        method="card",
        amount="26.67",
        now=minutes(21),
    )
    # 3 × 26.67 = 80.01 > 80.00: the third is refused; what was paid is exact to the fen
    balance = selectors.balance_of(owed.pk)
    assert (balance.paid, balance.outstanding) == (Decimal("53.34"), Decimal("26.66"))


def test_an_amount_above_the_balance_is_refused(fees: Any, owed: Payable) -> None:
    actions.pay(actor=fees.clerk, payable=owed, method="cash", amount="50", now=minutes(20))
    refused(
        "amount_exceeds_balance",
        actions.pay,
        actor=fees.clerk,
        payable=owed,
        method="cash",
        amount="30.01",
        now=minutes(21),
    )
    last = actions.pay(actor=fees.clerk, payable=owed, method="cash", amount="30.00", now=minutes(22))
    assert last.receipt_seq == 2 and selectors.balance_of(owed.pk).outstanding == 0


def test_qr_payments_need_the_payers_transaction_reference(fees: Any, owed: Payable) -> None:
    """Issue 14: "QR payment with the payer's transaction reference typed in — no payment gateway is called"."""
    refused(
        "reference_required", actions.pay, actor=fees.clerk, payable=owed, method="wechat", now=minutes(20)
    )
    e = actions.pay(
        actor=fees.clerk, payable=owed, method="wechat", reference="4200001234202603020001", now=minutes(20)
    )
    assert e.reference == "4200001234202603020001"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("method", "bitcoin", "invalid_method"),
        ("amount", "1.001", "invalid_amount"),
        ("amount", "-1", "invalid_amount"),
        ("amount", "0", "invalid_amount"),
    ],
)
def test_payment_refusals(fees: Any, owed: Payable, field: str, value: str, code: str) -> None:
    kwargs: dict[str, Any] = {"actor": fees.clerk, "payable": owed, "method": "cash", "now": minutes(20)}
    kwargs[field] = value
    refused(code, actions.pay, **kwargs)
    assert not Entry.objects.exists()


def test_payments_outside_the_center_or_without_the_right_are_refused(fees: Any, owed: Payable) -> None:
    refused("payable_not_found", actions.pay, actor=fees.clerk2, payable=owed, method="cash", now=minutes(20))
    refused(
        "permission_denied", actions.pay, actor=fees.supervisor, payable=owed, method="cash", now=minutes(20)
    )


def test_a_waiver_needs_the_director_a_named_category_and_a_reason(fees: Any, owed: Payable) -> None:
    """catalog: 减免须经中心主任批准; the item names who may be waived (低保家庭、特困供养人员)."""
    kwargs: dict[str, Any] = {
        "payable": owed,
        "category": "低保家庭",
        "reason": "持低保证",
        "now": minutes(20),
    }
    refused("permission_denied", actions.waive, actor=fees.clerk, **kwargs)
    refused("waiver_not_allowed", actions.waive, **{**kwargs, "actor": fees.director, "category": "教师"})
    refused("reason_required", actions.waive, **{**kwargs, "actor": fees.director, "reason": " "})
    e = actions.waive(actor=fees.director, **kwargs)
    assert (e.kind, e.amount, e.waiver_category) == (EntryKind.WAIVER, Decimal("80.00"), "低保家庭")
    assert selectors.balance_of(owed.pk).outstanding == 0
    refused("payable_settled", actions.waive, actor=fees.director, **kwargs)


def test_a_refund_is_a_new_row_and_never_more_than_was_paid(fees: Any, owed: Payable) -> None:
    paid = actions.pay(actor=fees.clerk, payable=owed, method="cash", now=minutes(20))
    kwargs: dict[str, Any] = {"actor": fees.clerk, "payable": owed, "now": NEXT_DAY}
    refused("reason_required", actions.refund, amount="10", reason="", **kwargs)
    refused("refund_exceeds_paid", actions.refund, amount="80.01", reason="多收", **kwargs)
    r = actions.refund(amount="30", reason="依申请部分退费", **kwargs)
    assert (r.kind, r.amount, r.of_payment, r.day) == (
        EntryKind.REFUND,
        Decimal("30.00"),
        paid,
        NEXT_DAY.date(),
    )
    refused("refund_exceeds_paid", actions.refund, amount="50.01", reason="多收", **kwargs)
    actions.refund(amount="50", reason="撤回申请", **kwargs)
    paid.refresh_from_db()
    assert paid.amount == Decimal("80.00")  # the payment row itself never changes
    balance = selectors.balance_of(owed.pk)
    assert (balance.paid, balance.refunded, balance.outstanding) == (Decimal("80"), Decimal("80"), 0)
    refused("payment_not_found", actions.refund, amount="1", reason="x", payment=999999, **kwargs)
    # the page passes the typed id as text: a digit look-alike is not found, not a crash
    refused("payment_not_found", actions.refund, amount="1", reason="x", payment="²", **kwargs)


def test_a_void_on_the_same_day_undoes_the_payment_and_the_fee_is_owed_again(
    fees: Any, owed: Payable
) -> None:
    paid = actions.pay(actor=fees.clerk, payable=owed, method="cash", now=minutes(20))
    refused(
        "reason_required",
        actions.void,
        actor=fees.clerk,
        payable=owed,
        payment=paid,
        reason="",
        now=minutes(25),
    )
    v = actions.void(actor=fees.clerk, payable=owed, payment=paid, reason="方式选错", now=minutes(25))
    assert (v.kind, v.amount, v.of_payment) == (EntryKind.VOID, Decimal("80.00"), paid)
    assert selectors.balance_of(owed.pk).outstanding == Decimal("80.00")
    refused(
        "payment_voided",
        actions.void,
        actor=fees.clerk,
        payable=owed,
        payment=paid,
        reason="x",
        now=minutes(26),
    )
    refused(
        "payment_voided",
        actions.refund,
        actor=fees.clerk,
        payable=owed,
        payment=paid,
        amount="1",
        reason="x",
        now=minutes(26),
    )
    again = actions.pay(actor=fees.clerk, payable=owed, method="card", now=minutes(30))
    assert again.receipt_seq == 2  # the voided receipt keeps its number: no gap, no reuse


def test_only_the_collector_or_a_leader_voids_and_only_the_same_day(fees: Any, owed: Payable) -> None:
    """Issue 14: "a void only on the same day by the collector/leader before the day is closed"."""
    paid = actions.pay(actor=fees.clerk, payable=owed, method="cash", amount="40", now=minutes(20))
    refused(
        "permission_denied",
        actions.void,
        actor=fees.handler,
        payable=owed,
        payment=paid,
        reason="x",
        now=minutes(25),
    )
    refused(
        "void_not_same_day",
        actions.void,
        actor=fees.clerk,
        payable=owed,
        payment=paid,
        reason="x",
        now=NEXT_DAY,
    )
    assert (
        actions.void(actor=fees.leader, payable=owed, payment=paid, reason="收错", now=minutes(25)).kind
        == "void"
    )
    other = actions.pay(actor=fees.clerk, payable=owed, method="cash", amount="40", now=minutes(30))
    actions.refund(actor=fees.clerk, payable=owed, payment=other, amount="1", reason="找零", now=minutes(31))
    refused(
        "payment_refunded",
        actions.void,
        actor=fees.clerk,
        payable=owed,
        payment=other,
        reason="x",
        now=minutes(32),
    )


def test_receipts_are_numbered_per_center_and_year(fees: Any) -> None:
    here = accepted(fees)
    there = accepted(fees, actor=fees.clerk2)
    harvested()
    a = actions.pay(actor=fees.clerk, payable=Payable.objects.get(case=here), method="cash", now=minutes(20))
    b = actions.pay(
        actor=fees.clerk2, payable=Payable.objects.get(case=there), method="cash", now=minutes(20)
    )
    assert (a.receipt_seq, b.receipt_seq) == (1, 1) and a.receipt_number != b.receipt_number
    next_year = accepted(fees, when=dt.datetime(2027, 1, 4, 9, tzinfo=NOW.tzinfo))
    actions.harvest_all(now=dt.datetime(2027, 1, 5, tzinfo=NOW.tzinfo))
    c = actions.pay(
        actor=fees.clerk,
        payable=Payable.objects.get(case=next_year),
        method="cash",
        now=dt.datetime(2027, 1, 4, 10, tzinfo=NOW.tzinfo),
    )
    assert c.receipt_number == f"{fees.town.code}-2027-000001"
