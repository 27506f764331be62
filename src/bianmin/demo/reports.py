"""The demo's statistics rollups: the history's days rolled up as the nightly ``reports_rollup`` would have,
so the statistics page reads rollups for the past days and the ledger for today, as in a running center."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from bianmin.reports.actions import rebuild_rollups


def build_reports(today: dt.date | None = None) -> int:
    """Rebuild every center's rollups from the first day of last month through yesterday (idempotent);
    returns the rollup rows written."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    since = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return sum(done.rows for done in rebuild_rollups(since, today=today, now=now))
