"""Rows of the disclosure admin, for the admin-scope guard (orgs/tests/test_admin_scope.py): a published
quarter of 象湖镇 and of 壬田镇."""

from __future__ import annotations

from typing import Any

from bianmin.conftest import at
from bianmin.disclosure.models import Disclosure
from bianmin.lib.periods import parse_period


def make_rows(w: Any) -> None:
    q1 = parse_period("2026-Q1")
    for org in (w.town, w.town2):
        Disclosure.objects.create(
            org=org,
            quarter=q1.key,
            first_day=q1.first,
            last_day=q1.last,
            rows=[],
            figures={},
            published_at=at(2026, 4, 1, 2),
        )


def out_of_reach(w: Any) -> dict[type, Any]:
    return {Disclosure: Disclosure.objects.get(org=w.town2)}
