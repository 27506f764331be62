"""The sign-in and leave pages at the counter."""

from __future__ import annotations

from typing import Any

from bianmin.attendance import actions
from bianmin.attendance.models import LeaveRequest, LeaveState, SignIn
from bianmin.conftest import at


def test_one_click_sign_in_shows_todays_state(world: Any, client: Any, time_machine: Any) -> None:
    time_machine.move_to(at(2026, 3, 2, 8, 20))
    client.force_login(world.clerk)
    page = client.get("/counter/attendance/").content.decode()
    assert "未签到" in page
    response = client.post("/counter/attendance/in/", follow=True)
    page = response.content.decode()
    assert SignIn.objects.filter(staff__user=world.clerk, session="am").exists()
    assert "08:20" in page and "迟到" in page


def test_leave_requested_and_approved_on_the_page(world: Any, client: Any, time_machine: Any) -> None:
    time_machine.move_to(at(2026, 2, 27, 9, 0))
    client.force_login(world.clerk)
    client.post(
        "/counter/leave/",
        {
            "kind": "personal",
            "start_day": "2026-03-02",
            "start_session": "am",
            "end_day": "2026-03-02",
            "end_session": "pm",
            "reason": "家中有事",
        },
    )
    leave = LeaveRequest.objects.get()
    client.force_login(world.director)
    page = client.get("/counter/leave/").content.decode()
    assert "家中有事" in page and "批准" in page
    client.post(f"/counter/leave/{leave.pk}/approve/", {"note": "同意"})
    leave.refresh_from_db()
    assert leave.state == LeaveState.APPROVED and leave.decided_by == world.director


def test_the_director_cannot_approve_what_the_table_gives_another(world: Any, client: Any) -> None:
    actions.load_policy(world.town, "taihu")
    import datetime as dt

    leave = actions.request_leave(
        world.clerk,
        kind="personal",
        start_day=dt.date(2026, 3, 2),
        start_session="am",
        end_day=dt.date(2026, 3, 5),
        end_session="pm",
        reason="回老家",
        now=at(2026, 2, 27, 9),
    )
    client.force_login(world.director)
    response = client.post(f"/counter/leave/{leave.pk}/approve/", follow=True)
    assert "该请假应由党委书记审批" in response.content.decode()
    leave.refresh_from_db()
    assert leave.state == LeaveState.PENDING
