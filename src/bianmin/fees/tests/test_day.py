"""日终对账 per collector and per center: expected vs collected vs deposited to the township's non-tax account
with the bank slip; a closed day cannot change (000 篇8 ⑥ "所收款項直接進入鄉鎮財政非税專户"; issue 14)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bianmin.fees import actions, selectors
from bianmin.fees.models import DayClose, Entry, Payable
from bianmin.fees.tests.conftest import NOW, accepted, harvested, minutes
from bianmin.lib.errors import DomainError

TODAY = NOW.date()
NEXT_DAY = NOW + dt.timedelta(days=1)


@pytest.fixture
def busy_day(fees: Any) -> Any:
    """Three cases of ¥80: Li takes cash and a WeChat payment, Zhou (duty leader) a card payment he voids."""
    w = fees
    cases = [accepted(w, when=minutes(i * 10)) for i in range(3)]
    harvested()
    w.p = [Payable.objects.get(case=c) for c in cases]
    w.cash = actions.pay(actor=w.clerk, payable=w.p[0], method="cash", now=minutes(60))
    actions.pay(
        actor=w.clerk, payable=w.p[1], method="wechat", reference="WX001", amount="50.50", now=minutes(61)
    )
    card = actions.pay(actor=w.leader, payable=w.p[2], method="card", now=minutes(62))
    actions.void(actor=w.leader, payable=w.p[2], payment=card, reason="刷错卡", now=minutes(63))
    actions.refund(
        actor=w.clerk, payable=w.p[0], payment=w.cash, amount="0.50", reason="多收", now=minutes(64)
    )
    return w


def test_the_day_adds_up_per_method_and_per_collector_to_the_fen(busy_day: Any) -> None:
    day = selectors.reconciliation(busy_day.town.pk, TODAY)
    assert day.expected == Decimal("240.00")
    assert day.by_method["cash"] == Decimal("79.50")
    assert day.by_method["wechat"] == Decimal("50.50")
    assert day.by_method["card"] == Decimal("0.00")
    assert day.collected == Decimal("130.00")
    people = {c.name: c for c in day.collectors}
    assert (people["李窗口"].collected, people["李窗口"].payments) == (Decimal("130.00"), 2)
    assert people["周带班"].collected == Decimal("0.00")
    assert day.closed is None and day.difference is None


def test_closing_the_day_with_the_deposit_and_its_slip_locks_it(busy_day: Any) -> None:
    w = busy_day
    closed = actions.close_day(
        actor=w.director,
        org=w.town,
        day=TODAY,
        deposited="130.00",
        slip_number="NT20260302-01",
        now=minutes(600),
    )
    assert (closed.expected, closed.collected, closed.deposited) == (
        Decimal("240.00"),
        Decimal("130.00"),
        Decimal("130.00"),
    )
    rows = Entry.objects.count()
    # no entry dated that day can be added any more
    steps: list[tuple[Any, dict[str, Any]]] = [
        (actions.pay, {"payable": w.p[2], "method": "cash"}),
        (actions.waive, {"payable": w.p[2], "category": "低保家庭", "reason": "低保"}),
        (actions.refund, {"payable": w.p[0], "amount": "1", "reason": "多收"}),
        (actions.void, {"payable": w.p[0], "payment": w.cash, "reason": "x"}),
    ]
    for call, kwargs in steps:
        actor = w.director
        with pytest.raises(DomainError) as refused:
            call(actor=actor, now=minutes(601), **kwargs)
        assert refused.value.code == "day_closed"
    assert Entry.objects.count() == rows
    with pytest.raises(DomainError) as twice:
        actions.close_day(
            actor=w.director, org=w.town, day=TODAY, deposited="130", slip_number="X", now=minutes(602)
        )
    assert twice.value.code == "day_closed"
    # a later refund of the closed day's payment is a new entry on its own day
    later = actions.refund(
        actor=w.clerk, payable=w.p[0], payment=w.cash, amount="1", reason="多收", now=NEXT_DAY
    )
    assert later.day == NEXT_DAY.date()
    assert selectors.reconciliation(w.town.pk, TODAY).collected == Decimal("130.00")
    assert selectors.reconciliation(w.town.pk, NEXT_DAY.date()).by_method["cash"] == Decimal("-1.00")


def test_a_deposit_that_differs_needs_an_explanation(busy_day: Any) -> None:
    w = busy_day
    with pytest.raises(DomainError) as refused:
        actions.close_day(
            actor=w.leader, org=w.town, day=TODAY, deposited="129.50", slip_number="S1", now=minutes(600)
        )
    assert refused.value.code == "difference_unexplained"
    assert not DayClose.objects.exists()
    closed = actions.close_day(
        actor=w.leader,
        org=w.town,
        day=TODAY,
        deposited="129.50",
        slip_number="S1",
        explanation="短款 0.50 元，收款人已补缴",
        now=minutes(600),
    )
    assert selectors.reconciliation(w.town.pk, TODAY).difference == Decimal("-0.50")
    assert closed.explanation.startswith("短款")


def test_close_refusals(busy_day: Any) -> None:
    w = busy_day
    cases = [
        ("permission_denied", {"actor": w.clerk, "deposited": "130", "slip_number": "S"}),
        ("slip_required", {"actor": w.director, "deposited": "130", "slip_number": ""}),
        ("invalid_amount", {"actor": w.director, "deposited": "-1", "slip_number": "S"}),
    ]
    for code, kwargs in cases:
        with pytest.raises(DomainError) as refused:
            actions.close_day(org=w.town, day=TODAY, now=minutes(600), **kwargs)
        assert refused.value.code == code
    with pytest.raises(DomainError) as outside:
        actions.close_day(actor=w.director, org=w.town2, day=TODAY, deposited="0", now=minutes(600))
    assert outside.value.code == "center_not_found"
    with pytest.raises(DomainError) as future:
        actions.close_day(actor=w.director, org=w.town, day=NEXT_DAY.date(), deposited="0", now=minutes(600))
    assert future.value.code == "day_not_over"


def test_a_day_without_takings_closes_with_nothing_deposited(fees: Any) -> None:
    closed = actions.close_day(actor=fees.director, org=fees.town, day=TODAY, deposited="0", now=minutes(600))
    assert (closed.collected, closed.deposited, closed.slip_number) == (Decimal("0"), Decimal("0"), "")
