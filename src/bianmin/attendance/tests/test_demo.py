"""The demo's attendance month: sign-ins at both towns, leave in every state on each town's table."""

from __future__ import annotations

import collections
import datetime as dt

import pytest

from bianmin.attendance.models import EmptyWindowAlert, LeaveRequest, LeaveState, SignIn, Trip
from bianmin.attendance.selectors import empty_window_count, violations
from bianmin.conftest import at
from bianmin.demo.attendance import build_attendance
from bianmin.demo.build import build_demo
from bianmin.orgs.models import Org

pytestmark = pytest.mark.django_db


def test_a_month_of_attendance_built_once_with_every_kind_of_breach() -> None:
    build_demo()
    now = at(2026, 11, 20, 10, 0)  # a Friday morning
    created = build_attendance(now=now)
    assert created == SignIn.objects.count() > 500
    assert build_attendance(now=now) == 0  # built once
    towns = list(Org.objects.filter(code__in=["360781100", "360781101"]))
    found = violations([t.pk for t in towns], dt.date(2026, 10, 21), dt.date(2026, 11, 20), now=now)
    kinds = collections.Counter(v.kind for v in found)
    assert {"late", "absent_half_day", "left_early", "leave_without_note"} <= set(kinds)
    states = collections.Counter(LeaveRequest.objects.values_list("state", flat=True))
    assert states[LeaveState.APPROVED] == 5 and states[LeaveState.PENDING] == 1
    assert states[LeaveState.WITHDRAWN] == 1
    assert set(LeaveRequest.objects.values_list("approver", flat=True)) == {
        "director",
        "deputy",
        "party_secretary",
    }
    assert Trip.objects.filter(ended_at__isnull=True).count() == 1
    # the month's 空岗提醒 are the empty half days the data shows, one acknowledged by the director
    alerts = EmptyWindowAlert.objects.filter(org__in=towns)
    assert alerts.exists() and alerts.filter(acknowledged_by__username="director").count() == 1
    first = now.date() - dt.timedelta(days=30)
    expected = sum(empty_window_count(t, first, now.date(), now=now) for t in towns)
    assert alerts.filter(day__gte=first).count() == expected
