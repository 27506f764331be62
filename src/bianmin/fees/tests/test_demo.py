"""The demo's month at the collection window: payments by every method, a waiver, a refund, a void, closed days
with their bank slips and today open — built once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.conftest import at
from bianmin.demo.build import build_demo
from bianmin.demo.fees import build_fees
from bianmin.demo.history import build_history
from bianmin.fees import selectors
from bianmin.fees.models import DayClose, Entry, EntryKind
from bianmin.orgs.models import Org

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 20, 16)  # a Friday


def test_a_month_of_fees_at_each_town_built_once(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    build_demo()
    build_history(today=NOW.date())  # the month's cases come first; the fees builder harvests them
    written = build_fees(now=NOW)
    assert written == Entry.objects.count() > 40
    kinds = set(Entry.objects.values_list("kind", flat=True))
    assert kinds == {EntryKind.PAYMENT, EntryKind.REFUND, EntryKind.VOID, EntryKind.WAIVER}
    assert len(set(Entry.objects.values_list("method", flat=True))) >= 5
    for code in ("360781100", "360781101"):
        town = Org.objects.get(code=code)
        closes = DayClose.objects.filter(org=town)
        assert closes.count() >= 15 and not closes.filter(day=NOW.date()).exists()
        for close in closes:
            assert close.deposited == close.collected
            assert bool(close.slip_number) == (close.collected > 0)
        assert selectors.reconciliation(town.pk, NOW.date()).closed is None
    assert DayClose.objects.filter(day__gte=NOW.date() - dt.timedelta(days=35)).exists()
    assert build_fees(now=NOW) == 0
