"""Rows of every submissions admin, for the admin-scope guard (orgs/tests/test_admin_scope.py): a report and
a reminder at 象湖镇 and at 壬田镇, and a reporting rule of 瑞金's county and of 于都's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.conftest import at
from bianmin.submissions.models import ReportReminder, ReportRule, Submission


def make_rows(w: Any) -> None:
    for county in (w.county, w.county2):
        ReportRule.objects.create(
            county=county, kind="monthly", due_day=5, source_text="003 太湖乡 每月5日上报"
        )
    for org in (w.town, w.town2):
        Submission.objects.create(
            org=org,
            recipient=w.county,
            kind="monthly",
            period_key="2026-02",
            period_first=dt.date(2026, 2, 1),
            period_last=dt.date(2026, 2, 28),
            due_date=dt.date(2026, 3, 5),
            work=f"{org.short_name}二月工作情况",
            created_at=at(2026, 3, 2),
            updated_at=at(2026, 3, 2),
        )
        ReportReminder.objects.create(
            org=org,
            kind="monthly",
            period_key="2026-02",
            due_date=dt.date(2026, 3, 5),
            day=dt.date(2026, 3, 3),
            workdays_left=2,
            created_at=at(2026, 3, 3, 8),
        )


def out_of_reach(w: Any) -> dict[type, Any]:
    return {
        ReportRule: ReportRule.objects.get(county=w.county2),
        Submission: Submission.objects.get(org=w.town2),
        ReportReminder: ReportReminder.objects.get(org=w.town2),
    }
