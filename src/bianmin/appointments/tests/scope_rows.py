"""Rows of every appointments admin at both towns, for the admin-scope guard (orgs/tests/test_admin_scope.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.appointments.models import Appointment, BookingSettings, SlotClosure
from bianmin.conftest import VALID_ID, at


def make_rows(w: Any) -> None:
    """A booking, a closed slot and the booking settings at 象湖镇 and at 壬田镇."""
    for org, window, user in ((w.town, w.mz, w.clerk), (w.town2, w.mz2, w.clerk2)):
        BookingSettings.objects.create(org=org)
        SlotClosure.objects.create(
            org=org, date=dt.date(2026, 3, 2), reason="大厅检修", closed_by=user, closed_at=at(2026, 3, 1)
        )
        Appointment.objects.create(
            org=org,
            window=window,
            item=w.dibao,
            item_name="最低生活保障申请",
            code=f"T{org.pk:05d}"[:6],
            date=dt.date(2026, 3, 3),
            start=dt.time(9),
            end=dt.time(9, 30),
            ends_at=at(2026, 3, 3, 9, 30),
            name="预约人",
            phone="13800000000",
            id_number=VALID_ID,
            channel="online",
            booked_at=at(2026, 3, 1),
        )


def out_of_reach(w: Any) -> dict[type, Any]:
    return {
        Appointment: Appointment.objects.get(org=w.town2),
        SlotClosure: SlotClosure.objects.get(org=w.town2),
        BookingSettings: BookingSettings.objects.get(org=w.town2),
    }
