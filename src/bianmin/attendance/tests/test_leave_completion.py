"""Leave to its end: withdrawn while pending, cancelled before it starts, ended early by its approver — each
recorded in the leave's log — and the leave's page with the approval chain of the center's table."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.attendance import actions
from bianmin.attendance.models import LeaveEvent, LeaveState
from bianmin.attendance.selectors import approval_chain, violations
from bianmin.attendance.selectors_cover import moment_at
from bianmin.attendance.tests.test_leave import ask, taihu  # noqa: F401 - the fixture
from bianmin.attendance.tests.test_violations import sign_every_session
from bianmin.conftest import at
from bianmin.lib.errors import DomainError

WEDNESDAY = dt.date(2026, 3, 4)


def kinds(leave: Any) -> list[str]:
    return list(LeaveEvent.objects.filter(leave=leave).values_list("kind", flat=True))


def test_the_applicant_withdraws_a_pending_leave_and_no_one_else_can(taihu: Any) -> None:  # noqa: F811
    leave = ask(taihu, WEDNESDAY, WEDNESDAY)
    with pytest.raises(DomainError) as refused:
        actions.withdraw_leave(taihu.director, leave, now=at(2026, 2, 27, 11))
    assert refused.value.code == "not_the_applicant"
    done = actions.withdraw_leave(taihu.clerk, leave, now=at(2026, 2, 27, 11), note="事情已办妥")
    assert done.state == LeaveState.WITHDRAWN
    assert kinds(leave) == ["requested", "withdrawn"]
    # a withdrawn leave cannot be approved, nor withdrawn again
    for step in (
        lambda: actions.approve_leave(taihu.director, leave, now=at(2026, 2, 27, 12)),
        lambda: actions.withdraw_leave(taihu.clerk, leave, now=at(2026, 2, 27, 12)),
    ):
        with pytest.raises(DomainError) as again:
            step()
        assert again.value.status == 409


def test_an_approved_leave_is_cancelled_only_before_it_starts(taihu: Any) -> None:  # noqa: F811
    first = ask(taihu, WEDNESDAY, WEDNESDAY)
    actions.approve_leave(taihu.director, first, now=at(2026, 2, 27, 10))
    cancelled = actions.cancel_leave(taihu.clerk, first, now=at(2026, 3, 4, 7, 59))
    assert cancelled.state == LeaveState.CANCELLED and kinds(first) == ["requested", "approved", "cancelled"]
    # a cancelled leave covers nothing: no sign-in on Wednesday is an absent day again (003 太湖乡 旷工)
    found = violations([taihu.town.pk], WEDNESDAY, WEDNESDAY)
    assert [(v.user_id, v.kind) for v in found if v.user_id == taihu.clerk.pk] == [
        (taihu.clerk.pk, "absent_day")
    ]
    second = ask(taihu, dt.date(2026, 3, 5), dt.date(2026, 3, 5))
    actions.approve_leave(taihu.director, second, now=at(2026, 2, 27, 10))
    with pytest.raises(DomainError) as started:
        actions.cancel_leave(taihu.clerk, second, now=at(2026, 3, 5, 8, 0))
    assert started.value.code == "leave_started"


def test_the_approver_ends_a_running_leave_early_and_it_is_recorded(taihu: Any) -> None:  # noqa: F811
    """A three-day leave (Mon–Wed, 分管领导's) ended on Tuesday at 10:00: it keeps Monday and Tuesday morning,
    Tuesday afternoon on is worked again; the period first approved stays on the leave."""
    leave = ask(taihu, dt.date(2026, 3, 2), WEDNESDAY)
    actions.approve_leave(taihu.deputy, leave, now=at(2026, 2, 27, 10))
    with pytest.raises(DomainError) as not_yours:
        actions.end_leave_early(taihu.director, leave, now=at(2026, 3, 3, 10))
    assert not_yours.value.code == "not_the_approver"
    with pytest.raises(DomainError) as not_begun:
        actions.end_leave_early(taihu.deputy, leave, now=at(2026, 2, 28, 10))
    assert not_begun.value.code == "leave_not_running"
    ended = actions.end_leave_early(taihu.deputy, leave, now=at(2026, 3, 3, 10), note="提前返岗")
    assert (ended.end_day, ended.end_session, ended.half_days) == (dt.date(2026, 3, 3), "am", 3)
    assert (ended.planned_end_day, ended.planned_end_session, ended.planned_half_days) == (WEDNESDAY, "pm", 6)
    assert kinds(leave) == ["requested", "approved", "ended_early"]
    event = LeaveEvent.objects.get(leave=leave, kind="ended_early")
    assert event.by == taihu.deputy and event.note == "提前返岗"
    # attendance reads the shorter leave: Tuesday afternoon and Wednesday without sign-in are absences
    sign_every_session(
        taihu.clerk.staff, dt.date(2026, 3, 3), dt.date(2026, 3, 3), skip={(dt.date(2026, 3, 3), "am")}
    )
    found = [
        (v.day, v.kind)
        for v in violations([taihu.town.pk], dt.date(2026, 3, 2), WEDNESDAY)
        if v.user_id == taihu.clerk.pk
    ]
    assert found == [(WEDNESDAY, "absent_day")]
    # and so does the board: on Wednesday she is no longer 请假
    staff = taihu.clerk.staff
    assert moment_at(taihu.town, [staff], at(2026, 3, 4, 9, 30)).presence[staff.pk].label == "未签到"
    # ended once, it cannot be ended again on its last half day
    with pytest.raises(DomainError) as last:
        actions.end_leave_early(taihu.deputy, leave, now=at(2026, 3, 3, 11))
    assert last.value.code == "leave_ending"


def test_the_approval_chain_names_the_row_of_the_centers_table(taihu: Any) -> None:  # noqa: F811
    """003 太湖乡 第十七条: a four-day leave falls in 三天以上一周以内 — the 党委书记, 党书记 at 象湖镇."""
    leave = ask(taihu, dt.date(2026, 3, 2), dt.date(2026, 3, 5))
    chain = approval_chain(leave)
    assert [(r.lengths, r.approver, r.applies) for r in chain] == [
        ("0.5—1 天", "中心主任", False),
        ("1.5—3 天", "分管领导", False),
        ("3.5—7 天", "党委书记", True),
        ("7.5 天及以上", "报上级审批（市委组织部）", False),
    ]
    assert chain[0].people == "吴主任" and chain[1].people == "付分管" and chain[2].people == "党书记"


def test_the_leave_page_shows_the_chain_and_offers_only_what_the_guards_allow(
    taihu: Any,  # noqa: F811
    client: Any,
    time_machine: Any,
) -> None:
    time_machine.move_to(at(2026, 2, 27, 9))
    leave = ask(taihu, dt.date(2026, 3, 2), dt.date(2026, 3, 5), kind="sick")
    client.force_login(taihu.clerk)
    page = client.get(f"/counter/leave/{leave.pk}/").content.decode()
    assert "三天以上" not in page and "3.5—7 天" in page and "（本假）" in page and "党书记" in page
    assert "撤回申请" in page and "登记病历" in page and ">批准<" not in page
    # the secretary sees the approve form, not the applicant's withdraw
    client.force_login(taihu.secretary)
    page = client.get(f"/counter/leave/{leave.pk}/").content.decode()
    assert ">批准<" in page and "撤回申请" not in page
    # the applicant withdraws from the page; the log shows it
    client.force_login(taihu.clerk)
    client.post(f"/counter/leave/{leave.pk}/withdraw/", {"note": "改期"})
    leave.refresh_from_db()
    assert leave.state == LeaveState.WITHDRAWN
    page = client.get(f"/counter/leave/{leave.pk}/").content.decode()
    assert "已撤回" in page and "改期" in page and "撤回申请" not in page
    # someone of another town does not see it
    client.force_login(taihu.clerk2)
    assert client.get(f"/counter/leave/{leave.pk}/").status_code == 404


def test_leave_list_filters_on_the_page_and_the_api(taihu: Any, client: Any, api: Any) -> None:  # noqa: F811
    from bianmin.attendance.tests.test_api import login

    march = ask(taihu, WEDNESDAY, WEDNESDAY, kind="sick")
    april = ask(taihu, dt.date(2026, 4, 1), dt.date(2026, 4, 1), now=at(2026, 3, 20, 9))
    actions.approve_leave(taihu.director, april, now=at(2026, 3, 20, 10))
    login(api, taihu.director)

    def ids(query: str) -> list[int]:
        answer = api.get(f"/api/v1/leave/{query}")
        assert answer.status_code == 200, answer.json()
        return [row["id"] for row in answer.json()["results"]]

    assert ids("?month=2026-03") == [march.pk]
    assert ids("?state=approved") == [april.pk]
    assert ids("?kind=sick&staff=li") == [march.pk]
    assert ids("?staff=chen") == []
    bad = api.get("/api/v1/leave/?month=2026-13")
    assert bad.status_code == 400
    client.force_login(taihu.director)
    page = client.get("/counter/leave/", {"month": "2026-04"}).content.decode()
    assert f"/counter/leave/{april.pk}/" in page and f"/counter/leave/{march.pk}/" not in page


def test_withdraw_cancel_and_end_early_over_the_api(taihu: Any, api: Any, time_machine: Any) -> None:  # noqa: F811
    from bianmin.attendance.tests.test_api import login

    time_machine.move_to(at(2026, 2, 27, 9))
    pending = ask(taihu, WEDNESDAY, WEDNESDAY)
    approved = ask(taihu, dt.date(2026, 3, 5), dt.date(2026, 3, 5))
    actions.approve_leave(taihu.director, approved, now=at(2026, 2, 27, 9, 5))
    login(api, taihu.clerk)
    answer = api.post(f"/api/v1/leave/{pending.pk}/withdraw/", {}, format="json")
    assert answer.status_code == 200 and answer.json()["state"] == "withdrawn"
    answer = api.post(f"/api/v1/leave/{approved.pk}/cancel/", {"note": "不用请了"}, format="json")
    assert answer.status_code == 200 and answer.json()["state"] == "cancelled"
    again = api.post(f"/api/v1/leave/{approved.pk}/cancel/", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "cannot_cancel"
    running = ask(taihu, dt.date(2026, 3, 9), dt.date(2026, 3, 10), now=at(2026, 2, 27, 9, 10))
    actions.approve_leave(taihu.deputy, running, now=at(2026, 2, 27, 9, 15))  # two days: 分管领导
    time_machine.move_to(at(2026, 3, 9, 15))
    early = api.post(f"/api/v1/leave/{running.pk}/end-early/", {}, format="json")
    assert early.status_code == 403 and early.json()["code"] == "not_the_approver"
    login(api, taihu.deputy)
    early = api.post(f"/api/v1/leave/{running.pk}/end-early/", {}, format="json")
    assert early.status_code == 200, early.json()
    assert early.json()["end_day"] == "2026-03-09" and early.json()["planned_end_day"] == "2026-03-10"
