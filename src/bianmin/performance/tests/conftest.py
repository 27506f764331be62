"""The assessment at 象湖镇, scored by the seeds' tables (003 曾家镇 points, 003 太湖乡 fines)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from bianmin.conftest import at
from bianmin.performance import actions, sources
from bianmin.performance.actions import ensure_seed_tables
from bianmin.performance.models import RuleTable

MARCH = dt.date(2026, 3, 1)
NOW = at(2026, 4, 1, 9)


@pytest.fixture
def tables(world: Any) -> Any:
    return ensure_seed_tables()


def adopt_taihu_fines(world: Any, valid_from: dt.date, today: dt.date) -> Any:
    """象湖镇's director adopts 003 太湖乡's fines table as it stands, from ``valid_from`` on."""
    return actions.new_version(
        actor=world.director,
        org=world.town,
        kind="fines",
        valid_from=valid_from,
        changes={},
        today=today,
        base_table=RuleTable.objects.get(kind="fines", org__isnull=True),
    )


class V:
    """A violation as the attendance selector returns it."""

    def __init__(self, user_id: int, day: dt.date, kind: str) -> None:
        self.user_id, self.day, self.kind = user_id, day, kind


def stub_attendance(rows: list[tuple[Any, dt.date, str]], table_kind: str = "points") -> Callable[..., Any]:
    """A stand-in for ``bianmin.attendance.selectors.violations`` fed through the real mapping."""

    def fn(org_ids: list[int], period: tuple[dt.date, dt.date]) -> list[sources.Fact]:
        def violations(_org_ids: list[int], start: dt.date, end: dt.date) -> list[V]:
            return [V(u.pk, d, k) for u, d, k in rows if start <= d <= end]

        return sources.attendance_facts(org_ids, period, table_kind=table_kind, violations=violations)

    return fn
