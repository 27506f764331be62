"""The statistics table counts the center's own business next to its cases (issue 14: money collected, seals
used and disputes mediated are "counted in the reports"): fees paid and refunded at the collection window (000
篇8 ⑥ 统一收费, exact to the fen), mediations registered and agreements that took effect, seal uses logged
(003 第5篇 印章管理: 印章使用登记)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bianmin.conftest import at
from bianmin.fees import actions as fee_actions
from bianmin.fees.models import Payable
from bianmin.fees.tests.conftest import accepted, fees, harvested  # noqa: F401 (fixture)
from bianmin.lib.periods import parse_period
from bianmin.mediation.tests.conftest import dispute
from bianmin.reports.selectors import statistics
from bianmin.seals import actions as seal_actions
from bianmin.seals.tests.conftest import sealed  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 31)


def test_fees_mediations_and_seal_uses_are_counted_per_center_and_window(fees: Any, sealed: Any) -> None:  # noqa: F811
    w = fees
    # given two ¥80 fees paid at 象湖镇's window (one by cash, one by QR) and ¥30.50 of one refunded
    for n in range(2):
        accepted(w, when=dt.datetime(2026, 3, 2, 9, n, tzinfo=dt.UTC))
    harvested()
    payables = list(Payable.objects.order_by("id"))
    first = fee_actions.pay(actor=w.clerk, payable=payables[0], method="cash", now=at(2026, 3, 3, 10))
    fee_actions.pay(
        actor=w.clerk,
        payable=payables[1],
        method="wechat",
        reference="4200001234202603020001",
        now=at(2026, 3, 3, 11),
    )
    fee_actions.refund(
        actor=w.director,
        payable=payables[0],
        payment=first,
        amount="30.50",
        reason="多收退还",
        now=at(2026, 3, 4),
    )
    # and a dispute registered, and a business seal used twice
    dispute(w.clerk)
    for _ in range(2):
        seal_actions.log_use(
            w.business, actor=w.clerk, impressions=1, document="村民证明", now=at(2026, 3, 5)
        )
    # when the town's table for March is read
    total = statistics(w.town, parse_period("2026-03"), today=TODAY).total.values
    # then the money is exact to the fen, and each figure is counted once
    assert total["payments"] == 2
    assert total["fees_collected"] == Decimal("160.00")
    assert total["fees_refunded"] == Decimal("30.50")
    assert total["mediations"] == 1 and total["mediation_agreements"] == 0
    assert total["seal_uses"] == 2
    # and per window the fees sit on the case's window; mediations and seal uses on 未分窗口
    rows = {
        r.label: r.values for r in statistics(w.town, parse_period("2026-03"), "window", today=TODAY).rows
    }
    assert {label: v["fees_collected"] for label, v in rows.items() if v["fees_collected"]} == {
        "象湖镇 1号 民政": Decimal("160.00")
    }
    assert rows["未分窗口"]["mediations"] == 1 and rows["未分窗口"]["seal_uses"] == 2
    # and the other town counts none of it
    other = statistics(w.town2, parse_period("2026-03"), today=TODAY).total.values
    assert (other["payments"], other["fees_collected"], other["mediations"], other["seal_uses"]) == (
        0,
        Decimal("0.00"),
        0,
        0,
    )
