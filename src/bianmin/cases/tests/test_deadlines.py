"""Deadlines and e-supervision levels (限时办结、电子监察), with the clock passed in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from bianmin.cases import actions
from bianmin.cases.deadlines import WarningLevel, warning_level
from bianmin.cases.models import Case
from bianmin.cases.selectors import due_today, due_within, overdue, per_window_counts
from bianmin.conftest import at, person
from bianmin.workdays.calendar import WorkCalendar
from bianmin.workdays.models import CalendarOverride

MATERIALS = ["居民身份证", "户口簿", "家庭收入证明"]
CAL = WorkCalendar()


def accepted(w, day: dt.date) -> Case:  # noqa: ANN001
    case = actions.register(
        actor=w.clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=MATERIALS,
        now=at(day.year, day.month, day.day, 9),
    ).case
    return actions.accept(case, actor=w.clerk, now=at(day.year, day.month, day.day, 9, 30)).case


@pytest.mark.parametrize(
    ("today", "level"),
    [
        (dt.date(2026, 10, 14), WarningLevel.NORMAL),  # two working days left
        (dt.date(2026, 10, 15), WarningLevel.WARNING),  # one working day left
        (dt.date(2026, 10, 16), WarningLevel.WARNING),  # due today: not late until the day ends
        (dt.date(2026, 10, 19), WarningLevel.YELLOW),  # one working day late
        (dt.date(2026, 10, 20), WarningLevel.YELLOW),
        (dt.date(2026, 10, 21), WarningLevel.RED),  # three working days late
    ],
)
def test_warning_levels_count_working_days(today, level):
    assert warning_level(dt.date(2026, 10, 16), today, CAL) == level


def test_a_stopped_clock_raises_no_warning():
    assert (
        warning_level(dt.date(2026, 10, 16), dt.date(2026, 11, 30), CAL, running=False) == WarningLevel.NORMAL
    )


def test_selectors_due_today_within_and_overdue(world):
    early = accepted(world, dt.date(2026, 9, 14))  # 10 working days → due 2026-09-28
    mid = accepted(world, dt.date(2026, 9, 28))  # → 2026-10-16
    cases = Case.objects.all()
    assert list(due_today(cases, dt.date(2026, 9, 28))) == [early]
    assert list(overdue(cases, dt.date(2026, 9, 29))) == [early]
    assert list(due_within(cases, 1, dt.date(2026, 10, 15))) == [mid]
    assert set(due_within(cases, 15, dt.date(2026, 9, 25))) == {early, mid}
    # a suspended case's clock is stopped: it is not overdue
    actions.assign(early, actor=world.clerk, handler=world.handler)
    actions.suspend(early, actor=world.handler, type="hearing", reason="听证", now=at(2026, 9, 28, 11))
    assert not overdue(Case.objects.all(), dt.date(2026, 9, 29)).exists()
    rows = per_window_counts(Case.objects.all(), dt.date(2026, 10, 19))
    assert [(r["window__name"], r["open"], r["overdue"]) for r in rows] == [("民政", 1, 1)]


def test_calendar_recompute_command_moves_provisional_dates(world, capsys):
    case = accepted(world, dt.date(2026, 12, 28))
    # 10 working days after Monday 2026-12-28, New Year's Day skipped: 2027-01-12, provisional
    assert case.due_provisional
    assert case.due_date == dt.date(2027, 1, 12)
    CalendarOverride.objects.create(
        date=dt.date(2027, 1, 5), kind="holiday", name="地方节日", region_code="360781"
    )
    call_command("calendar_recompute")
    case.refresh_from_db()
    assert case.due_date == dt.date(2027, 1, 13)
    assert case.events.filter(type="recompute_due").count() == 1
    # a second run has nothing left to change
    call_command("calendar_recompute")
    assert case.events.filter(type="recompute_due").count() == 1
    assert "1 件" in capsys.readouterr().out
