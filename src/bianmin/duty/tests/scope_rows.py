"""Rows of every duty admin at both towns, for the admin-scope guard (orgs/tests/test_admin_scope.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.conftest import at
from bianmin.duty.models import DutyEntry, DutyRotation, Meeting


def make_rows(w: Any) -> None:
    """A rotation, a day's leader on duty and a 例会 at 象湖镇 and at 壬田镇."""
    for org, user in ((w.town, w.clerk), (w.town2, w.clerk2)):
        DutyRotation.objects.create(org=org, kind="leader", updated_at=at(2026, 3, 1))
        DutyEntry.objects.create(
            org=org,
            date=dt.date(2026, 3, 2),
            kind="leader",
            staff=user.staff,
            source="manual",
            updated_at=at(2026, 3, 1),
        )
        Meeting.objects.create(
            org=org,
            kind="meeting",
            starts_at=at(2026, 3, 30, 16),
            topic="月度例会",
            scheduled_at=at(2026, 3, 1),
        )


def out_of_reach(w: Any) -> dict[type, Any]:
    return {
        DutyRotation: DutyRotation.objects.get(org=w.town2),
        DutyEntry: DutyEntry.objects.get(org=w.town2),
        Meeting: Meeting.objects.get(org=w.town2),
    }
