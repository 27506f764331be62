"""Rows of every assessment admin at both towns, for the admin-scope guard (orgs/tests/test_admin_scope.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from bianmin.conftest import at
from bianmin.performance.models import Rule, RuleTable, ScoreEntry


def make_rows(w: Any) -> None:
    """A center's own table version and one score entry at 象湖镇 and at 壬田镇."""
    for org, user in ((w.town, w.clerk), (w.town2, w.clerk2)):
        table = RuleTable.objects.create(
            org=org, kind="points", name=f"{org.short_name}考核细则", valid_from=dt.date(2026, 3, 1)
        )
        rule = Rule.objects.create(table=table, code="late", description="无故迟到", amount=Decimal(-2))
        ScoreEntry.objects.create(
            table=table,
            rule=rule,
            org=org,
            user=user,
            day=dt.date(2026, 3, 2),
            month=dt.date(2026, 3, 1),
            amount=rule.amount,
            source="manual",
            source_key=f"manual:{org.code}",
            evidence="迟到",
            created_at=at(2026, 3, 2, 9),
        )


def out_of_reach(w: Any) -> dict[type, Any]:
    return {
        RuleTable: RuleTable.objects.get(org=w.town2),
        ScoreEntry: ScoreEntry.objects.get(org=w.town2),
    }
