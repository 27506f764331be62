"""The demo's reports: the seeds' rules for 瑞金's county, and a month of reports sent up the line — on time,
late, corrected (the first superseded), a station's monthly table to its town, a draft of the running half."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bianmin.conftest import at
from bianmin.demo.build import COUNTY_CODE, build_demo
from bianmin.demo.submissions import STATION_CODE, build_submissions
from bianmin.orgs.models import Org
from bianmin.submissions.models import ReportRule, Submission
from bianmin.submissions.selectors import due_reports

pytestmark = pytest.mark.django_db


def test_a_month_of_reports_on_time_late_corrected_and_a_stations_table() -> None:
    build_demo()
    now = at(2026, 11, 24, 10)  # a Tuesday; 2026-11-H1 was due Monday the 16th (the 15th is a Sunday)
    assert build_submissions(now=now) == 5
    county = Org.objects.get(code=COUNTY_CODE)
    # the seeds' four reports as the county's own (editable) rules
    assert set(ReportRule.objects.filter(county=county).values_list("kind", flat=True)) == {
        "semi_monthly",
        "monthly",
        "quarterly",
        "station_monthly",
    }
    sent = {
        (s.org.short_name or s.org.name, s.kind, s.period_key, s.chain_seq): s
        for s in Submission.objects.filter(state="submitted").select_related("org", "recipient")
    }
    # 000 篇8 ③ 每月15號…上報: 象湖镇 on its due date, 壬田镇 the day after
    xianghu = sent[("象湖镇", "semi_monthly", "2026-11-H1", 3)]
    rentian = sent[("壬田镇", "semi_monthly", "2026-11-H1", 1)]
    assert (xianghu.on_time, xianghu.due_date, timezone_day(xianghu)) == (True, dt.date(2026, 11, 16), 16)
    assert (rentian.on_time, timezone_day(rentian)) == (False, 17)
    # 003 太湖乡 每月5日上报: October's report, submitted on the 3rd and corrected on the 5th
    original = sent[("象湖镇", "monthly", "2026-10", 1)]
    correction = sent[("象湖镇", "monthly", "2026-10", 2)]
    assert correction.supersedes == original and original.is_superseded and correction.on_time
    assert correction.work != original.work and correction.prev_hash == original.hash
    # 000 篇1 村(社区)…统计表 to the town: the station's October table, due the 1st (a Sunday) → the 2nd
    station = Submission.objects.get(org__code=STATION_CODE, state="submitted")
    assert (station.kind, station.period_key, station.recipient.code) == (
        "station_monthly",
        "2026-10",
        "360781100",
    )
    assert station.table is not None
    assert station.on_time and station.due_date == dt.date(2026, 11, 2) and station.table["by"] == "kind"
    # the running half month in draft, and the overview's missing ones (October's second half)
    assert Submission.objects.get(state="draft").period_key == "2026-11-H2"
    towns = list(Org.objects.filter(code__in=["360781100", "360781101"]))
    november = due_reports(towns, dt.date(2026, 11, 1), dt.date(2026, 11, 23), today=now.date())
    assert {(r.org.short_name, r.period.key) for r in november if r.overdue} == {
        ("象湖镇", "2026-10-H2"),
        ("壬田镇", "2026-10-H2"),
        ("壬田镇", "2026-10"),
    }
    # built once
    assert build_submissions(now=now) == 0
    assert Submission.objects.count() == 6


def timezone_day(s: Submission) -> int:
    assert s.submitted_at is not None
    return timezone.localdate(s.submitted_at).day
