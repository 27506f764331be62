"""The delivery hold (settings.STEP_HOLDS["deliver"]): a case is not delivered while a fee is unpaid, unless
waived with a reason (000 "交規定費辦完"; issue 14). Right before any harvest ran."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bianmin.cases import actions as case_actions
from bianmin.cases.models import CaseState
from bianmin.fees import actions
from bianmin.fees.holds import unpaid_fees
from bianmin.fees.models import Payable
from bianmin.fees.tests.conftest import NOW, concluded, harvested, minutes
from bianmin.lib.errors import DomainError


def deliver(w: Any, case: Any) -> Any:
    return case_actions.deliver(case, actor=w.clerk, method="window", collected_by="张三", now=minutes(90))


def test_an_unpaid_fee_holds_the_delivery_even_before_the_payable_was_raised(fees: Any) -> None:
    case = concluded(fees)
    assert not Payable.objects.filter(case=case).exists()
    with CaptureQueriesContext(connection) as queries:
        refusal = unpaid_fees(case, fees.clerk, NOW.date())
    assert len(queries) <= 1
    assert refusal is not None and refusal.code == "fee_unpaid" and "¥80.00" in str(refusal.message)
    with pytest.raises(DomainError) as held:
        deliver(fees, case)
    assert held.value.code == "fee_unpaid"
    case.refresh_from_db()
    assert case.state == CaseState.CONCLUDED


def test_once_paid_the_case_is_delivered(fees: Any) -> None:
    case = concluded(fees)
    harvested()
    actions.pay(actor=fees.clerk, payable=Payable.objects.get(case=case), method="cash", now=minutes(60))
    assert deliver(fees, case).case.state == CaseState.DELIVERED


def test_a_part_payment_still_holds_and_a_waiver_with_reason_releases(fees: Any) -> None:
    case = concluded(fees)
    harvested()
    p = Payable.objects.get(case=case)
    actions.pay(actor=fees.clerk, payable=p, method="cash", amount="30", now=minutes(60))
    refusal = unpaid_fees(case, fees.clerk, NOW.date())
    assert refusal is not None and "¥50.00" in str(refusal.message)
    actions.waive(actor=fees.director, payable=p, category="特困供养人员", reason="特困证明", now=minutes(70))
    assert unpaid_fees(case, fees.clerk, NOW.date()) is None
    assert deliver(fees, case).case.state == CaseState.DELIVERED


def test_a_voided_payment_holds_the_delivery_again(fees: Any) -> None:
    case = concluded(fees)
    harvested()
    p = Payable.objects.get(case=case)
    paid = actions.pay(actor=fees.clerk, payable=p, method="cash", now=minutes(60))
    actions.void(actor=fees.clerk, payable=p, payment=paid, reason="收错", now=minutes(61))
    assert unpaid_fees(case, fees.clerk, NOW.date()).code == "fee_unpaid"  # type: ignore[union-attr]


def test_a_fee_owed_at_conclusion_holds_once_concluded(fees: Any) -> None:
    case = concluded(fees, "MZ030")
    refusal = unpaid_fees(case, fees.clerk, NOW.date())
    assert refusal is not None and "¥1,234.50" in str(refusal.message)


def test_a_free_item_is_never_held(fees: Any) -> None:
    case = concluded(fees, "MZ001")
    assert unpaid_fees(case, fees.clerk, NOW.date()) is None
    assert deliver(fees, case).case.state == CaseState.DELIVERED
