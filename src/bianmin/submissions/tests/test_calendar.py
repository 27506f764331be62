"""The reporting calendar: which reports each center owes, for which period, due when (民法典 Art. 203)."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from rest_framework.test import APIClient

from bianmin.submissions.actions import ensure_default_rules
from bianmin.submissions.models import ReportRule
from bianmin.submissions.selectors import due_reports

D = dt.date


def _find(rows, kind, period):  # type: ignore[no-untyped-def]
    return next(r for r in rows if r.kind == kind and r.period.key == period)


def test_semi_monthly_report_due_on_a_sunday_is_due_the_next_monday(world):
    """000 篇8 ③: 在每月15號和月底前將辦件和工作情況上報縣行政服務中心. 2026-11-15 is a Sunday: due the 16th
    (民法典 Art. 203: a deadline on a holiday moves to the next working day)."""
    rows = due_reports([world.town], D(2026, 11, 1), D(2026, 11, 30), today=D(2026, 11, 2))
    first_half = _find(rows, "semi_monthly", "2026-11-H1")
    assert (first_half.nominal, first_half.due_date, first_half.provisional) == (
        D(2026, 11, 15),
        D(2026, 11, 16),
        False,
    )
    assert (first_half.period.first, first_half.period.last) == (D(2026, 11, 1), D(2026, 11, 15))
    # the second half is due on the month's last day, Monday 2026-11-30
    assert _find(rows, "semi_monthly", "2026-11-H2").due_date == D(2026, 11, 30)
    # and the county receives it
    assert first_half.recipient_id == world.county.pk


def test_quarterly_statistics_of_q4_2026_are_due_2027_01_11_provisional(world):
    """000 篇8 ③: 每季度首月10日前向縣行政服務中心報送辦件統計數. 2027-01-10 is a Sunday; 2027's holidays are
    not published, so the date is provisional."""
    rows = due_reports([world.town], D(2027, 1, 1), D(2027, 1, 31), today=D(2026, 12, 20))
    q4 = _find(rows, "quarterly", "2026-Q4")
    assert (q4.nominal, q4.due_date, q4.provisional) == (D(2027, 1, 10), D(2027, 1, 11), True)


def test_the_q4_due_date_is_no_longer_provisional_once_2027_is_loaded(world, calendar_2027_published):
    rows = due_reports([world.town], D(2027, 1, 1), D(2027, 1, 31), today=D(2026, 12, 20))
    q4 = _find(rows, "quarterly", "2026-Q4")
    assert q4.provisional is False
    assert q4.due_date >= D(2027, 1, 11)


def test_monthly_report_due_by_the_fifth_and_the_stations_table_to_the_town(world):
    """003 太湖乡: 每月5日由黨政服務窗口進行收集整理並上報; 000 篇1: 村代辦員…按月填寫《村(社區)便民服務辦理
    情況統計表》…上報街道便民服務中心."""
    rows = due_reports([world.town, world.village], D(2026, 11, 1), D(2026, 11, 30), today=D(2026, 11, 2))
    monthly = _find(rows, "monthly", "2026-10")
    assert monthly.org == world.town and monthly.due_date == D(2026, 11, 5)
    station = _find(rows, "station_monthly", "2026-10")
    assert station.org == world.village
    assert station.recipient_id == world.town.pk
    # a station owes no town report, a town no station table
    assert not [r for r in rows if r.org == world.village and r.kind != "station_monthly"]
    assert not [r for r in rows if r.org == world.town and r.kind == "station_monthly"]


def test_a_county_edits_its_rules(world):
    """Rules are per county: 瑞金 moves the monthly report to the 8th and drops the semi-monthly one."""
    assert ensure_default_rules(world.county) == 4
    assert ensure_default_rules(world.county) == 0  # idempotent
    ReportRule.objects.filter(county=world.county, kind="monthly").update(due_day=8)
    ReportRule.objects.filter(county=world.county, kind="semi_monthly").update(active=False)
    rows = due_reports([world.town], D(2026, 11, 1), D(2026, 11, 30), today=D(2026, 11, 2))
    assert _find(rows, "monthly", "2026-10").due_date == D(2026, 11, 9)  # the 8th is a Sunday
    assert not [r for r in rows if r.kind == "semi_monthly"]


def test_report_rules_command_seeds_the_defaults(world, capsys):
    call_command("report_rules", world.county.code, "--defaults")
    assert ReportRule.objects.filter(county=world.county).count() == 4
    assert "4 rule(s) added" in capsys.readouterr().out


def test_calendar_api_lists_the_towns_reports_with_their_dates(world):
    client = APIClient()
    client.force_authenticate(world.county_admin)
    response = client.get(
        "/api/v1/reports/calendar/", {"org": world.county.code, "from": "2026-11-16", "to": "2026-11-16"}
    )
    assert response.status_code == 200, response.content
    rows = {(r["org"], r["kind"], r["period"]): r for r in response.json()}
    h1 = rows[(world.town.code, "semi_monthly", "2026-11-H1")]
    assert (h1["nominal_due"], h1["due_date"], h1["provisional"]) == ("2026-11-15", "2026-11-16", False)
    assert (world.town2.code, "semi_monthly", "2026-11-H1") in rows  # every town of the county


def test_calendar_api_refuses_another_towns_calendar_to_a_town_director(world):
    client = APIClient()
    client.force_authenticate(world.director)
    response = client.get("/api/v1/reports/calendar/", {"org": world.town2.code})
    assert (response.status_code, response.json()["code"]) == (404, "org_not_found")
    bad = client.get("/api/v1/reports/calendar/", {"from": "2026-13-01"})
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid_from")
