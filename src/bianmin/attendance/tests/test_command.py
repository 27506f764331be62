"""``bianmin leave_policy``: the seeds' tables loaded for a center, idempotently."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from bianmin.attendance.models import AttendanceSettings, LeavePolicy


def test_loading_taihu_twice_gives_the_same_four_rows(world: Any) -> None:
    """003 太湖乡: 中心主任 / 分管领导 / 党委书记 / 市委组织部."""
    for _run in range(2):
        out = StringIO()
        call_command("leave_policy", world.town.code, "taihu", stdout=out)
    rows = list(
        LeavePolicy.objects.filter(org=world.town).values_list("min_half_days", "max_half_days", "approver")
    )
    assert rows == [(1, 2, "director"), (3, 6, "deputy"), (7, 14, "party_secretary"), (15, None, "external")]
    assert "市委组织部" in out.getvalue()
    assert AttendanceSettings.objects.get(org=world.town).late_leave == "absence"


def test_zengjia_replaces_the_table_and_files_with_the_party_office(world: Any) -> None:
    call_command("leave_policy", world.town.code, "taihu", stdout=StringIO())
    call_command("leave_policy", world.town.code, "zengjia", stdout=StringIO())
    assert list(LeavePolicy.objects.filter(org=world.town).values_list("approver", flat=True)) == ["director"]
    settings = AttendanceSettings.objects.get(org=world.town)
    assert (settings.late_leave, settings.filing_office) == ("no_note", "镇党政办")


def test_unknown_center_is_an_error(world: Any) -> None:
    with pytest.raises(CommandError):
        call_command("leave_policy", "999999999", "taihu", stdout=StringIO())
