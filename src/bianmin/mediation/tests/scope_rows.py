"""Rows of every mediation admin at both towns, for the admin-scope guard (orgs/tests/test_admin_scope.py)."""

from __future__ import annotations

from typing import Any

from bianmin.mediation.models import Mediation
from bianmin.mediation.tests.conftest import dispute


def make_rows(w: Any) -> None:
    """A boundary dispute registered at 象湖镇's window and at 壬田镇's."""
    dispute(w.clerk)
    dispute(w.clerk2)


def out_of_reach(w: Any) -> dict[type, Any]:
    return {Mediation: Mediation.objects.get(org=w.town2)}
