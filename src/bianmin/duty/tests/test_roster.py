"""Rosters generated from rotations and the calendar, edited by hand, swapped; the duty log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command

from bianmin.conftest import at
from bianmin.duty import actions, selectors
from bianmin.duty.models import DutyEntry, DutyKind, EntrySource
from bianmin.duty.tests.conftest import NATIONAL_DAY, NOW, OCTOBER, WORKING_SATURDAY
from bianmin.lib.errors import DomainError
from bianmin.workdays.services import is_workday

pytestmark = pytest.mark.django_db


def october() -> list[dt.date]:
    return selectors.month_days(*OCTOBER)


def test_a_leader_on_duty_every_working_day_including_the_working_saturday(duty: Any) -> None:
    """000 篇2: 每天至少 1 名领导带班 — every working day of October 2026, the 调休 Saturday 10 October too."""
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    workdays = [d for d in october() if is_workday(d)]
    assert WORKING_SATURDAY in workdays
    for day in workdays:
        leader = selectors.duty_leader_of(duty.town, day)
        assert leader in (duty.leader.staff, duty.director.staff), day
    # Alternating leaders, one per working day.
    assert selectors.duty_leader_of(duty.town, dt.date(2026, 10, 8)) != selectors.duty_leader_of(
        duty.town, dt.date(2026, 10, 9)
    )


def test_holidays_get_holiday_duty_and_no_leader(duty: Any) -> None:
    """000 篇8: 双休日值班 — the National Day holiday and weekends get holiday duty, and no 带班领导 is due."""
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    days_off = [d for d in october() if not is_workday(d)]
    assert NATIONAL_DAY in days_off and dt.date(2026, 10, 11) in days_off
    for day in days_off:
        assert selectors.duty_leader_of(duty.town, day) is None
        kinds = {e.kind for e in selectors.on_duty(duty.town, day)}
        assert kinds == {DutyKind.HOLIDAY}, day
        assert selectors.required_kinds(duty.town, day) == (DutyKind.HOLIDAY,)
    assert {e.kind for e in selectors.on_duty(duty.town, WORKING_SATURDAY)} == {
        DutyKind.LEADER,
        DutyKind.STAFF,
    }


def test_staff_duty_rotates_weekly(duty: Any) -> None:
    """003 太湖乡 值班: staff duty rotates by the week — one person Monday to Friday, the next the week after."""
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    week = [dt.date(2026, 10, d) for d in (12, 13, 14, 15, 16)]
    holders = {e.staff_id for d in week for e in selectors.on_duty(duty.town, d) if e.kind == DutyKind.STAFF}
    assert len(holders) == 1
    next_week = [e for e in selectors.on_duty(duty.town, dt.date(2026, 10, 19)) if e.kind == DutyKind.STAFF]
    assert next_week[0].staff_id not in holders


def test_station_cadre_every_working_day(duty: Any) -> None:
    """004: 每个工作日一名社区干部值班 at 燕子村 — every working day of the month, none on days off."""
    actions.generate_month(duty.village, *OCTOBER, now=NOW)
    for day in october():
        entries = selectors.on_duty(duty.village, day)
        if is_workday(day):
            assert [e.kind for e in entries] == [DutyKind.STATION], day
            assert entries[0].staff.org_id == duty.village.pk
        else:
            assert entries == [], day
    rota = list(selectors.station_rota(duty.village, dt.date(2026, 10, 8)))
    assert rota and all(e.kind == DutyKind.STATION for e in rota)


def test_generation_is_idempotent_and_keeps_hand_edits(duty: Any) -> None:
    """Generated twice the month has the same rows; a day edited by hand stays as edited."""
    first = actions.generate_month(duty.town, *OCTOBER, now=NOW)
    assert first
    day = dt.date(2026, 10, 9)
    edited = actions.assign(
        actor=duty.director,
        org=duty.town,
        date=day,
        kind=DutyKind.LEADER,
        staff=duty.director.staff,
        note="周带班出差",
    )
    before = DutyEntry.objects.count()
    call_command("duty_generate", "--month", "2026-10", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert actions.generate_month(duty.town, *OCTOBER, now=NOW) == []
    assert DutyEntry.objects.count() == before + len(
        [d for d in october() if is_workday(d)]
    )  # the command also filled 燕子村
    edited.refresh_from_db()
    assert edited.staff == duty.director.staff and edited.source == EntrySource.MANUAL
    assert selectors.duty_leader_of(duty.town, day) == duty.director.staff


def test_a_gap_is_filled_without_touching_the_rest(duty: Any) -> None:
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    gone = DutyEntry.objects.get(org=duty.town, date=dt.date(2026, 10, 12), kind=DutyKind.LEADER)
    gone.delete()
    again = actions.generate_month(duty.town, *OCTOBER, now=NOW)
    assert [(e.date, e.kind) for e in again] == [(dt.date(2026, 10, 12), DutyKind.LEADER)]


def test_only_the_director_edits_the_roster(duty: Any) -> None:
    with pytest.raises(DomainError) as refused:
        actions.assign(
            actor=duty.clerk,
            org=duty.town,
            date=dt.date(2026, 10, 9),
            kind=DutyKind.LEADER,
            staff=duty.leader.staff,
        )
    assert refused.value.code == "permission_denied"
    with pytest.raises(DomainError) as refused:
        actions.assign(
            actor=duty.director,
            org=duty.town,
            date=dt.date(2026, 10, 9),
            kind=DutyKind.LEADER,
            staff=duty.clerk2.staff,
        )
    assert refused.value.code == "staff_not_of_org"
    with pytest.raises(DomainError) as refused:
        actions.generate_month(duty.town2, *OCTOBER, actor=duty.director, now=NOW)
    assert refused.value.code == "org_not_found"


def test_swap_is_recorded_with_both_people_and_reason(duty: Any) -> None:
    """调班: the two people, the reason and who recorded it are kept; trading days swaps both."""
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    mine = DutyEntry.objects.get(org=duty.town, date=dt.date(2026, 10, 8), kind=DutyKind.LEADER)
    theirs = DutyEntry.objects.get(org=duty.town, date=dt.date(2026, 10, 9), kind=DutyKind.LEADER)
    assert mine.staff_id != theirs.staff_id
    a, b = mine.staff, theirs.staff
    with pytest.raises(DomainError) as refused:
        actions.swap(mine, actor=duty.director, to_staff=b, reason="  ", other=theirs)
    assert refused.value.code == "reason_required"
    swaps = actions.swap(
        mine, actor=duty.director, to_staff=b, reason="家中有事", other=theirs, now=at(2026, 10, 7)
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.staff, theirs.staff) == (b, a)
    history = list(selectors.swaps_of(mine))
    assert [(h.from_staff, h.to_staff, h.reason, h.swapped_by) for h in history] == [
        (a, b, "家中有事", duty.director)
    ]
    assert len(swaps) == 2 and list(selectors.swaps_of(theirs))[0].from_staff == b
    assert selectors.duty_leader_of(duty.town, dt.date(2026, 10, 8)) == b
    with pytest.raises(DomainError) as refused:
        actions.swap(mine, actor=duty.leader, to_staff=a, reason="x")
    assert refused.value.code == "permission_denied"


def test_duty_log_written_by_the_person_on_duty(duty: Any) -> None:
    """003 太湖乡 值班记录: the person on duty writes the log, hall cleaning included; not someone else, not
    before the day."""
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    entry = DutyEntry.objects.get(org=duty.town, date=dt.date(2026, 10, 12), kind=DutyKind.STAFF)
    holder = entry.staff.user
    other = next(u for u in (duty.clerk, duty.handler, duty.forester) if u.pk != holder.pk)
    with pytest.raises(DomainError) as refused:
        actions.write_log(entry, actor=holder, log="接待群众5人", now=at(2026, 10, 11, 18))
    assert refused.value.code == "duty_not_started"
    with pytest.raises(DomainError) as refused:
        actions.write_log(entry, actor=other, log="接待群众5人", now=at(2026, 10, 12, 18))
    assert refused.value.code == "not_on_duty"
    done = actions.write_log(
        entry, actor=holder, log="接待群众5人，大厅已打扫", hall_cleaned=True, now=at(2026, 10, 12, 18)
    )
    assert done.log == "接待群众5人，大厅已打扫" and done.hall_cleaned and done.log_by == holder
    with pytest.raises(DomainError) as refused:
        actions.write_log(entry, actor=duty.supervisor, log="x", now=at(2026, 10, 12, 18))
    assert refused.value.code == "permission_denied"
