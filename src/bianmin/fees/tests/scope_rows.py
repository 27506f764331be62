"""Rows of every fees admin at both towns, for the admin-scope guard (orgs/tests/test_admin_scope.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from bianmin.catalog.actions import enable_item
from bianmin.conftest import publish
from bianmin.fees import actions
from bianmin.fees.models import DayClose, Entry, FeeAttempt, Payable
from bianmin.fees.tests.conftest import NOW, TODAY, accepted, minutes, registered
from bianmin.lib.errors import DomainError


def make_rows(w: Any) -> None:
    """At 象湖镇 and 壬田镇: a 不动产登记 case accepted, its payable raised and paid in cash (an entry), a fee
    tried on a free 低保 case (an attempt) and the day closed (written directly: 壬田镇 has nobody with the
    right to close it)."""
    item = publish(
        w.county,
        "GT020",
        name="不动产登记",
        fee=Decimal("80.00"),
        fee_basis="收费标准",
        fee_due_at="acceptance",
    )
    for org, clerk in ((w.town, w.clerk), (w.town2, w.clerk2)):
        enable_item(item, org)
        case = accepted(w, "GT020", NOW, actor=clerk)
        payable = actions.raise_payable(actor=clerk, case_number=case.number, now=minutes(10))
        actions.pay(actor=clerk, payable=payable, method="cash", now=minutes(15))
        free = registered(w, "MZ001", NOW, actor=clerk)
        with pytest.raises(DomainError, match="代办件和不收费事项"):
            actions.raise_payable(actor=clerk, case_number=free.number, amount="10", now=minutes(20))
        DayClose.objects.create(
            org=org,
            day=TODAY,
            expected=Decimal("80.00"),
            collected=Decimal("80.00"),
            deposited=Decimal("80.00"),
            slip_number=f"JK{org.code}",
            closed_by=clerk,
            closed_at=minutes(9 * 60),
        )


def out_of_reach(w: Any) -> dict[type, Any]:
    return {
        Payable: Payable.objects.get(org=w.town2),
        Entry: Entry.objects.get(org=w.town2),
        DayClose: DayClose.objects.get(org=w.town2),
        FeeAttempt: FeeAttempt.objects.get(org=w.town2),
    }
