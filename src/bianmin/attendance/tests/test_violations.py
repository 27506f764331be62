"""Attendance breaches derived from sign-ins, leave and the calendar (000 篇8 上午、下午两次签到; 003)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.attendance.models import LeaveRequest, LeaveState, SignIn
from bianmin.attendance.selectors import violations
from bianmin.conftest import at
from bianmin.workdays.services import is_workday

# March 2026: Monday 2nd .. Friday 6th are working days; the default hours are 8:00-12:00, 14:30-17:30.
MARCH_FIRST, MARCH_LAST = dt.date(2026, 3, 1), dt.date(2026, 3, 31)


def sign_every_session(
    staff: Any,
    first: dt.date,
    last: dt.date,
    *,
    skip: frozenset[tuple[dt.date, str]] | set[tuple[dt.date, str]] = frozenset(),
) -> None:
    day = first
    while day <= last:
        if is_workday(day):
            for session, hh, mm in (("am", 7, 55), ("pm", 14, 20)):
                if (day, session) not in skip:
                    SignIn.objects.create(
                        staff=staff,
                        day=day,
                        session=session,
                        signed_in_at=at(day.year, day.month, day.day, hh, mm),
                    )
        day += dt.timedelta(days=1)


def test_clerk_late_twice_and_absent_half_a_day_in_march(world: Any) -> None:
    """003 曾家镇 效能评估考核: 迟到、早退、离岗的每次扣2分; 旷工每次(半天)扣5分 — the breaches a scorer reads."""
    clerk = world.clerk.staff
    skip = {(dt.date(2026, 3, 3), "am"), (dt.date(2026, 3, 10), "pm"), (dt.date(2026, 3, 12), "am")}
    sign_every_session(clerk, MARCH_FIRST, MARCH_LAST, skip=skip)
    SignIn.objects.create(
        staff=clerk, day=dt.date(2026, 3, 3), session="am", signed_in_at=at(2026, 3, 3, 8, 20)
    )
    SignIn.objects.create(
        staff=clerk, day=dt.date(2026, 3, 12), session="am", signed_in_at=at(2026, 3, 12, 9, 5)
    )

    found = [v for v in violations([world.town.pk], MARCH_FIRST, MARCH_LAST) if v.user_id == world.clerk.pk]

    assert [(v.day, v.kind, v.session) for v in found] == [
        (dt.date(2026, 3, 3), "late", "am"),
        (dt.date(2026, 3, 10), "absent_half_day", "pm"),
        (dt.date(2026, 3, 12), "late", "am"),
    ]


def test_no_sign_in_all_day_is_an_absent_day_and_approved_leave_covers(world: Any) -> None:
    """003 太湖乡 第十八条: 旷工一天; a day on leave approved beforehand is no breach."""
    clerk = world.clerk.staff
    week = (dt.date(2026, 3, 2), dt.date(2026, 3, 6))
    sign_every_session(
        clerk,
        *week,
        skip={(dt.date(2026, 3, 4), s) for s in ("am", "pm")}
        | {(dt.date(2026, 3, 5), s) for s in ("am", "pm")},
    )
    LeaveRequest.objects.create(
        staff=clerk,
        org=world.town,
        kind="personal",
        start_day=dt.date(2026, 3, 5),
        start_session="am",
        end_day=dt.date(2026, 3, 5),
        end_session="pm",
        half_days=2,
        reason="家中有事",
        approver="director",
        state=LeaveState.APPROVED,
        requested_at=at(2026, 3, 3, 9),
        requested_by=world.clerk,
        decided_at=at(2026, 3, 3, 10),
        decided_by=world.director,
    )

    found = [(v.day, v.kind) for v in violations([world.town.pk], *week) if v.user_id == world.clerk.pk]

    assert found == [(dt.date(2026, 3, 4), "absent_day")]


def test_sign_out_before_the_end_is_leaving_early(world: Any) -> None:
    clerk = world.clerk.staff
    day = dt.date(2026, 3, 2)
    sign_every_session(clerk, day, day, skip={(day, "pm")})
    SignIn.objects.create(
        staff=clerk,
        day=day,
        session="pm",
        signed_in_at=at(2026, 3, 2, 14, 30),
        signed_out_at=at(2026, 3, 2, 16, 0),
    )

    found = [
        (v.kind, v.session) for v in violations([world.town.pk], day, day) if v.user_id == world.clerk.pk
    ]

    assert found == [("left_early", "pm")]


def test_sessions_not_over_are_not_judged_absent(world: Any) -> None:
    day = dt.date(2026, 3, 2)
    found = violations([world.town.pk], day, day, now=at(2026, 3, 2, 10, 0))
    assert found == []
    found = violations([world.town.pk], day, day, now=at(2026, 3, 2, 12, 0))
    assert {(v.user_id, v.kind, v.session) for v in found if v.user_id == world.clerk.pk} == {
        (world.clerk.pk, "absent_half_day", "am")
    }
