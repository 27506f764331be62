"""Rows of every attendance admin at both towns, for the admin-scope guard (orgs/tests/test_admin_scope.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.attendance.models import (
    AttendanceSettings,
    EmptyWindowAlert,
    LeaveApprover,
    LeavePolicy,
    LeaveRequest,
    SignIn,
    Trip,
)
from bianmin.conftest import at
from bianmin.orgs.models import Staff


def make_rows(w: Any) -> None:
    """A sign-in, trip, leave, policy row, approver, settings and 空岗提醒 at 象湖镇 and at 壬田镇."""
    for org, user, window in ((w.town, w.clerk, w.mz), (w.town2, w.clerk2, w.mz2)):
        staff = Staff.objects.get(user=user)
        SignIn.objects.create(
            staff=staff, day=dt.date(2026, 3, 2), session="am", signed_in_at=at(2026, 3, 2, 8)
        )
        Trip.objects.create(staff=staff, started_at=at(2026, 3, 2, 9), reason="入户核查")
        LeaveRequest.objects.create(
            staff=staff,
            org=org,
            kind="personal",
            start_day=dt.date(2026, 3, 3),
            start_session="am",
            end_day=dt.date(2026, 3, 3),
            end_session="pm",
            half_days=2,
            reason="事假",
            approver="director",
            requested_at=at(2026, 3, 2, 9),
            requested_by=user,
        )
        LeavePolicy.objects.create(org=org, min_half_days=1, approver="director")
        LeaveApprover.objects.create(org=org, role="deputy", user=user)
        AttendanceSettings.objects.create(org=org)
        EmptyWindowAlert.objects.create(
            org=org,
            window=window,
            day=dt.date(2026, 3, 2),
            session="am",
            since=at(2026, 3, 2, 8),
            recorded_at=at(2026, 3, 2, 9),
        )


def out_of_reach(w: Any) -> dict[type, Any]:
    return {
        SignIn: SignIn.objects.get(staff__org=w.town2),
        Trip: Trip.objects.get(staff__org=w.town2),
        LeaveRequest: LeaveRequest.objects.get(org=w.town2),
        LeavePolicy: LeavePolicy.objects.get(org=w.town2),
        LeaveApprover: LeaveApprover.objects.get(org=w.town2),
        AttendanceSettings: AttendanceSettings.objects.get(org=w.town2),
        EmptyWindowAlert: EmptyWindowAlert.objects.get(org=w.town2),
    }


def row_org(obj: Any) -> int | None:
    """The org of a sign-in or trip (through its staff); None for other rows."""
    if isinstance(obj, SignIn | Trip):
        return obj.staff.org_id
    return None
