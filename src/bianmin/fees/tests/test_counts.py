"""What the reports read (``fees.selectors.counts``: whole fen so sums add up exactly), the ``fees_raise``
command, and the ledger entry read over the API."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import time_machine
from django.core.management import call_command

from bianmin.fees import actions, selectors
from bianmin.fees.models import Payable
from bianmin.fees.tests.conftest import NOW, accepted, minutes

TODAY = NOW.date()


def test_counts_per_center_window_and_item_in_fen(fees: Any) -> None:
    here = [accepted(fees, when=minutes(i)) for i in range(3)]
    there = accepted(fees, actor=fees.clerk2, when=minutes(5))
    actions.harvest_all(now=minutes(120))
    p = [Payable.objects.get(case=c) for c in here]
    actions.pay(actor=fees.clerk, payable=p[0], method="cash", amount="0.10", now=minutes(60))
    actions.pay(actor=fees.clerk, payable=p[0], method="cash", amount="0.20", now=minutes(61))
    voided = actions.pay(actor=fees.clerk, payable=p[1], method="card", now=minutes(62))
    actions.void(actor=fees.clerk, payable=p[1], payment=voided, reason="刷错", now=minutes(63))
    paid = actions.pay(actor=fees.clerk, payable=p[1], method="cash", now=minutes(64))
    actions.refund(
        actor=fees.clerk, payable=p[1], payment=paid, amount="5.55", reason="多收", now=minutes(65)
    )
    actions.waive(actor=fees.director, payable=p[2], category="低保家庭", reason="低保", now=minutes(66))
    actions.pay(actor=fees.clerk2, payable=Payable.objects.get(case=there), method="cash", now=minutes(67))

    by_org = selectors.counts([fees.town.pk, fees.town2.pk], TODAY, TODAY, by="org")
    assert by_org[(fees.town.pk,)] == {
        "fees_collected_fen": 10 + 20 + 8000,
        "fees_refunded_fen": 555,
        "fees_waived": 1,
        "payments": 3,
    }
    assert by_org[(fees.town2.pk,)]["fees_collected_fen"] == 8000
    by_window = selectors.counts([fees.town.pk], TODAY, TODAY, by=("org", "window", "item"))
    assert list(by_window) == [(fees.town.pk, fees.mz.pk, "GT020")]
    assert selectors.counts([fees.town.pk], TODAY + dt.timedelta(days=1), TODAY, by="org") == {}
    assert selectors.counts([], TODAY, TODAY) == {}
    assert selectors.counts([fees.town.pk], TODAY, TODAY)[()]["payments"] == 3


def test_the_command_raises_what_the_ledger_requires_and_is_idempotent(fees: Any) -> None:
    case = accepted(fees)
    with time_machine.travel(minutes(120), tick=False):
        out = StringIO()
        call_command("fees_raise", stdout=out)
        call_command("fees_raise", stdout=StringIO())
    assert "case events read" in out.getvalue()
    assert Payable.objects.filter(case=case).count() == 1


def test_an_entry_out_of_scope_or_unknown_is_not_found(fees: Any, api: Any) -> None:
    accepted(fees)
    actions.harvest_all(now=minutes(120))
    entry = actions.pay(actor=fees.clerk, payable=Payable.objects.get(), method="cash", now=minutes(60))
    api.force_authenticate(fees.clerk)
    assert api.get(f"/api/v1/fees/entries/{entry.pk}/").json()["receipt_number"] == entry.receipt_number
    api.force_authenticate(fees.clerk2)
    answer = api.get(f"/api/v1/fees/entries/{entry.pk}/")
    assert (answer.status_code, answer.json()["code"]) == (404, "entry_not_found")
