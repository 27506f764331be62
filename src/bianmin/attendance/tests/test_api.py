"""``/api/v1/attendance/sign-in/`` and ``/api/v1/leave/``: the actions over the API, in the one error shape."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.models import Token

from bianmin.attendance import actions
from bianmin.attendance.models import ApproverRole, LeaveApprover
from bianmin.conftest import at, make_staff
from bianmin.orgs.roles import Role


def login(api: Any, user: Any) -> Any:
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


def test_sign_in_twice_in_one_half_day_is_a_conflict(world: Any, api: Any, time_machine: Any) -> None:
    time_machine.move_to(at(2026, 3, 2, 8, 10))
    first = login(api, world.clerk).post("/api/v1/attendance/sign-in/", {}, format="json")
    assert first.status_code == 201 and first.json()["session"] == "am"
    again = api.post("/api/v1/attendance/sign-in/", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_signed_in"
    out = api.post("/api/v1/attendance/sign-in/", {"out": True}, format="json")
    assert out.status_code == 200 and out.json()["signed_out_at"]


def test_sign_in_on_a_sunday_is_refused(world: Any, api: Any, time_machine: Any) -> None:
    time_machine.move_to(at(2026, 3, 1, 8, 10))
    answer = login(api, world.clerk).post("/api/v1/attendance/sign-in/", {}, format="json")
    assert answer.status_code == 409 and answer.json()["code"] == "not_workday"


def test_leave_asked_and_approved_by_the_party_secretary(world: Any, api: Any, time_machine: Any) -> None:
    """003 太湖乡: a 4-day leave goes to the 党委书记; the director is refused with the approver's name."""
    actions.load_policy(world.town, "taihu")
    secretary = make_staff("dang", world.town, Role.DUTY_LEADER, "党书记")
    LeaveApprover.objects.create(org=world.town, role=ApproverRole.PARTY_SECRETARY, user=secretary)
    time_machine.move_to(at(2026, 2, 27, 9, 0))
    body = {
        "kind": "personal",
        "start_day": "2026-03-02",
        "start_session": "am",
        "end_day": "2026-03-05",
        "end_session": "pm",
        "reason": "回老家",
    }
    created = login(api, world.clerk).post("/api/v1/leave/", body, format="json")
    assert created.status_code == 201, created.json()
    leave = created.json()
    assert (leave["half_days"], leave["approver"], leave["state"]) == (8, "party_secretary", "pending")
    refused = login(api, world.director).post(f"/api/v1/leave/{leave['id']}/approve/", {}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "not_the_approver"
    done = login(api, secretary).post(
        f"/api/v1/leave/{leave['id']}/approve/", {"note": "同意"}, format="json"
    )
    assert done.status_code == 200 and done.json()["state"] == "approved"
    listed = login(api, world.clerk).get("/api/v1/leave/").json()
    assert [row["id"] for row in listed["results"]] == [leave["id"]]


def test_leave_errors_keep_the_shape(world: Any, api: Any) -> None:
    login(api, world.clerk)
    unknown = api.post("/api/v1/leave/", {"kind": "personal", "reson": "x"}, format="json")
    assert unknown.status_code == 400 and {"code", "detail"} <= set(unknown.json())
    missing = api.post("/api/v1/leave/999999/refuse/", {"note": "不行"}, format="json")
    assert missing.status_code == 404 and missing.json()["code"] == "leave_not_found"
    other = login(api, world.clerk2).get("/api/v1/leave/").json()
    assert other["count"] == 0
