"""Rows of every queue admin at both towns, for the admin-scope guard (orgs/tests/test_admin_scope.py)."""

from __future__ import annotations

from typing import Any

from bianmin.conftest import at
from bianmin.queue import actions
from bianmin.queue.models import BusinessType, Ticket


def make_rows(w: Any) -> None:
    """A business type with one ticket taken, at 象湖镇 and at 壬田镇."""
    for org, window in ((w.town, w.mz), (w.town2, w.mz2)):
        kind = BusinessType.objects.create(org=org, name="民政业务", prefix="A")
        kind.windows.set([window])
        actions.issue(org=org, business_type=kind, now=at(2026, 3, 2, 9))


def out_of_reach(w: Any) -> dict[type, Any]:
    return {
        BusinessType: BusinessType.objects.get(org=w.town2),
        Ticket: Ticket.objects.get(org=w.town2),
    }
