"""Two collectors racing for the next receipt number never print the same one and leave no gap (issue 14:
"Receipts numbered per center and year without gaps under concurrency"). Numbers are taken under the counter
row's lock (PostgreSQL) or the write lock taken at BEGIN (SQLite)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections

from bianmin.fees import actions
from bianmin.fees.models import Entry, EntryKind, Payable
from bianmin.fees.tests.conftest import accepted, harvested, minutes
from bianmin.lib.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_collectors_paying_at_once_get_consecutive_receipt_numbers(fees: Any) -> None:
    # given six cases owing ¥80 and two collectors (clerk Li, handler Chen)
    payables = []
    for i in range(6):
        accepted(fees, when=minutes(i))
    harvested()
    payables = list(Payable.objects.order_by("pk"))
    barrier = threading.Barrier(2)

    def pay(actor: Any, payable: Payable) -> str:
        try:
            barrier.wait()
            return actions.pay(actor=actor, payable=payable, method="cash", now=minutes(30)).receipt_number
        except DomainError as err:
            return err.code
        finally:
            connections.close_all()

    # when they take payments at the same moment, three rounds
    got: list[str] = []
    for r in range(3):
        with ThreadPoolExecutor(max_workers=2) as pool:
            got += list(pool.map(pay, [fees.clerk, fees.handler], payables[2 * r : 2 * r + 2]))
    # then six different numbers, 1..6 with no gap
    seqs = sorted(
        int(s or 0)
        for s in Entry.objects.filter(kind=EntryKind.PAYMENT).values_list("receipt_seq", flat=True)
    )
    assert seqs == [1, 2, 3, 4, 5, 6], got
    assert len(set(got)) == 6


def test_two_collectors_paying_the_same_payable_at_once_collect_it_once(fees: Any) -> None:
    accepted(fees)
    harvested()
    payable = Payable.objects.get()
    barrier = threading.Barrier(2)

    def pay(actor: Any) -> str:
        try:
            barrier.wait()
            return actions.pay(actor=actor, payable=payable, method="cash", now=minutes(30)).receipt_number
        except DomainError as err:
            return err.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        got = sorted(pool.map(pay, [fees.clerk, fees.handler]))
    assert got[0].endswith("-2026-000001") and got[1] == "payable_settled"
    assert Entry.objects.filter(kind=EntryKind.PAYMENT).count() == 1
