"""即办件 and e-supervision: an instant case due today is on time while the center is open.

DESIGN.md "Case life": "Instant cases must be concluded the same day"; 003 曾家镇 六件管理: "即办件:凡程序简便,
可当场或当天办结的申请事项,由窗口工作人员即收即办,当场办结". An instant case accepted at 10:00 is not late and
not in danger at 10:01 — a 预警 then is noise that hides the real ones. It is in warning once the center's
office hours (per org and season) are over without a conclusion, and late (黄牌) from the next working day,
since the day ends at close of business (民法典 Art. 203).
"""

from __future__ import annotations

import datetime as dt

import pytest

from bianmin.cases import actions
from bianmin.cases.deadlines import Deadlines, WarningLevel, warning_level
from bianmin.conftest import at, person
from bianmin.orgs.models import OfficeHours, Org
from bianmin.workdays.calendar import WorkCalendar

CAL = WorkCalendar()
THURSDAY = dt.date(2026, 10, 15)


@pytest.mark.parametrize(
    ("today", "day_over", "level"),
    [
        (THURSDAY, False, WarningLevel.NORMAL),  # due today, the center still open
        (THURSDAY, True, WarningLevel.WARNING),  # due today, the day's business over
        (dt.date(2026, 10, 16), False, WarningLevel.YELLOW),  # next working day: late
        (dt.date(2026, 10, 20), False, WarningLevel.RED),  # three working days late
    ],
)
def test_an_instant_case_due_today_is_not_in_warning_while_the_center_is_open(today, day_over, level):
    """DESIGN.md "Instant cases must be concluded the same day" (003: 即收即办，当场办结)."""
    assert warning_level(THURSDAY, today, CAL, same_day=True, day_over=day_over) == level


def test_a_promised_case_due_today_is_still_in_warning():
    """The 预警 rule (≤ 1 working day left) stands for promised cases: only the same-day promise is judged
    by the hour."""
    assert warning_level(THURSDAY, THURSDAY, CAL) == WarningLevel.WARNING


def _instant_case(world, when: dt.datetime):  # noqa: ANN001, ANN202
    case = actions.register(
        actor=world.clerk,
        item_code="ZH001",
        applicant=person(),
        received_materials=["居民身份证", "户口簿", "家庭收入证明"],
        now=when,
    ).case
    return actions.accept(case, actor=world.clerk, now=when + dt.timedelta(minutes=2)).case


def _level(case, now: dt.datetime) -> str:  # noqa: ANN001
    case.org = Org.objects.get(pk=case.org_id)  # office hours read afresh, as a new request would
    return Deadlines(now.date(), now).level(case)


def test_office_hours_of_the_center_and_season_decide_when_an_instant_cases_day_is_over(world):
    """Office hours are per org and season (orgs.OfficeHours): 象湖镇 closes at 17:30, at 18:00 in summer."""
    OfficeHours.objects.create(org=world.town, name="全年")
    OfficeHours.objects.create(
        org=world.town, name="夏季", season_start="05-01", season_end="09-30", afternoon_end=dt.time(18, 0)
    )
    october = _instant_case(world, at(2026, 10, 15, 10))
    assert _level(october, at(2026, 10, 15, 10, 5)) == WarningLevel.NORMAL
    # the lunch break is inside the day
    assert _level(october, at(2026, 10, 15, 12, 30)) == WarningLevel.NORMAL
    assert _level(october, at(2026, 10, 15, 17, 45)) == WarningLevel.WARNING
    assert _level(october, at(2026, 10, 16, 9)) == WarningLevel.YELLOW
    september = _instant_case(world, at(2026, 9, 15, 10))
    assert _level(september, at(2026, 9, 15, 17, 45)) == WarningLevel.NORMAL  # summer hours: open until 18:00
    assert _level(september, at(2026, 9, 15, 18, 0)) == WarningLevel.WARNING


def test_without_office_hours_on_record_the_day_ends_at_midnight(world):
    """民法典 Art. 203: a deadline ends at 24:00 unless business hours apply."""
    case = _instant_case(world, at(2026, 10, 15, 10))
    assert _level(case, at(2026, 10, 15, 23, 30)) == WarningLevel.NORMAL
    assert _level(case, at(2026, 10, 16, 8, 30)) == WarningLevel.YELLOW


def test_a_list_reads_each_centers_office_hours_once(world, django_assert_num_queries):
    OfficeHours.objects.create(org=world.town, name="全年")
    cases = [_instant_case(world, at(2026, 10, 15, 10)) for _ in range(3)]
    for case in cases:
        case.org = Org.objects.get(pk=case.org_id)
    deadlines = Deadlines(THURSDAY, at(2026, 10, 15, 17, 45))
    deadlines.calendar(cases[0])  # the calendar is its own, already pinned, lookup
    with django_assert_num_queries(1):
        assert {deadlines.level(c) for c in cases} == {WarningLevel.WARNING}
