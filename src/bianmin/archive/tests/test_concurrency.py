"""Two people asking for the same file at once: one loan is opened, the other refused ("a file can't be lent
twice at once", issue 14 design). The record row is locked (PostgreSQL) and a partial unique constraint holds
one open loan per file on either database."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections

from bianmin.archive import actions
from bianmin.archive.models import ArchiveRecord, Loan
from bianmin.conftest import at
from bianmin.lib.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)
NOW = at(2026, 9, 28, 16)


def test_two_requests_for_one_file_at_once_open_one_loan(archived: Any) -> None:
    actions.file_archived(now=NOW)
    record = ArchiveRecord.objects.filter(org=archived.town).first()
    assert record is not None
    barrier = threading.Barrier(2)

    def ask(actor: Any) -> str:
        try:
            barrier.wait()
            actions.request_loan(
                record.pk, actor=actor, purpose="复核", expected_return=dt.date(2026, 10, 9), now=NOW
            )
            return "ok"
        except DomainError as err:
            return err.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        got = sorted(pool.map(ask, [archived.clerk, archived.handler]))
    assert got == ["already_on_loan", "ok"]
    assert Loan.objects.filter(record=record).count() == 1


def test_two_pages_filing_at_once_file_each_case_once(archived: Any) -> None:
    """Every page files before it reads; two at once must not file a case twice or number two files alike
    (the cursor's row is locked for the filing)."""
    barrier = threading.Barrier(2)

    def file() -> int | str:
        try:
            barrier.wait()
            return actions.file_archived(now=NOW)
        except Exception as err:  # noqa: BLE001 - the test reports any failure of either page
            return repr(err)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        got = sorted(pool.map(lambda _n: file(), range(2)), key=str)
    assert got == [0, 4]
    numbers = list(ArchiveRecord.objects.values_list("org_id", "number"))
    assert len(numbers) == len(set(numbers)) == 4
