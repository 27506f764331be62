"""Rows of the bulletins admin, for the admin-scope guard (orgs/tests/test_admin_scope.py): a notice of
象湖镇 and one of 壬田镇."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.bulletins.models import Bulletin
from bianmin.conftest import at


def make_rows(w: Any) -> None:
    for org, author in ((w.town, w.clerk), (w.town2, w.clerk2)):
        Bulletin.objects.create(
            org=org,
            kind="holiday",
            title=f"{org.short_name}端午节放假安排",
            valid_from=dt.date(2026, 6, 1),
            created_at=at(2026, 5, 28, 9),
            created_by=author,
            updated_at=at(2026, 5, 28, 9),
        )


def out_of_reach(w: Any) -> dict[type, Any]:
    return {Bulletin: Bulletin.objects.get(org=w.town2)}
