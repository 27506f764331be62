"""Leave (请假) by the seeds' approval tables, and what leave does to attendance (003 太湖乡, 003 曾家镇)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.attendance import actions
from bianmin.attendance.models import ApproverRole, LeaveApprover, LeaveState
from bianmin.attendance.selectors import violations
from bianmin.conftest import at, make_staff
from bianmin.lib.errors import DomainError
from bianmin.orgs.roles import Role


@pytest.fixture
def taihu(world: Any) -> Any:
    """象湖镇 runs on 太湖乡's table, with a 分管领导 and a 党委书记 designated."""
    actions.load_policy(world.town, "taihu")
    world.deputy = make_staff("fu", world.town, Role.DUTY_LEADER, "付分管")
    world.secretary = make_staff("dang", world.town, Role.DUTY_LEADER, "党书记")
    LeaveApprover.objects.create(org=world.town, role=ApproverRole.DEPUTY, user=world.deputy)
    LeaveApprover.objects.create(org=world.town, role=ApproverRole.PARTY_SECRETARY, user=world.secretary)
    return world


def ask(
    world: Any, first: dt.date, last: dt.date, *, kind: str = "personal", now: Any = None, **extra: Any
) -> Any:
    return actions.request_leave(
        world.clerk,
        kind=kind,
        start_day=first,
        start_session=extra.pop("start_session", "am"),
        end_day=last,
        end_session=extra.pop("end_session", "pm"),
        reason="家中有事",
        now=now or at(2026, 2, 27, 9),
        **extra,
    )


@pytest.mark.parametrize(
    ("first", "last", "end_session", "approver"),
    [
        (dt.date(2026, 3, 2), dt.date(2026, 3, 2), "pm", ApproverRole.DIRECTOR),  # 一天以内
        (dt.date(2026, 3, 2), dt.date(2026, 3, 3), "am", ApproverRole.DEPUTY),  # 一天半
        (dt.date(2026, 3, 2), dt.date(2026, 3, 4), "pm", ApproverRole.DEPUTY),  # 三天
        (dt.date(2026, 3, 2), dt.date(2026, 3, 5), "pm", ApproverRole.PARTY_SECRETARY),  # 四天
        (dt.date(2026, 3, 2), dt.date(2026, 3, 10), "pm", ApproverRole.PARTY_SECRETARY),  # 七个工作日
        (dt.date(2026, 3, 2), dt.date(2026, 3, 11), "pm", ApproverRole.EXTERNAL),  # 一周以上
    ],
)
def test_taihu_approver_by_length(taihu: Any, first: Any, last: Any, end_session: str, approver: str) -> None:
    """003 太湖乡 第十七条: 一天以内中心主任, 一天以上三天以内分管领导, 三天以上一周以内党委书记, 一周以上报市委组织部."""
    assert ask(taihu, first, last, end_session=end_session).approver == approver


def test_a_four_day_leave_needs_the_party_secretary(taihu: Any) -> None:
    """003 太湖乡: 三天以上一周以内由党委书记审批 — neither the director nor the deputy may approve it."""
    leave = ask(taihu, dt.date(2026, 3, 2), dt.date(2026, 3, 5))
    assert leave.half_days == 8
    for wrong in (taihu.director, taihu.deputy):
        with pytest.raises(DomainError) as refused:
            actions.approve_leave(wrong, leave, now=at(2026, 2, 27, 10))
        assert refused.value.code == "not_the_approver"
    approved = actions.approve_leave(taihu.secretary, leave, now=at(2026, 2, 27, 10))
    assert approved.state == LeaveState.APPROVED and approved.decided_by == taihu.secretary


def test_over_a_week_is_approved_above_and_recorded(taihu: Any) -> None:
    """003 太湖乡: 一周以上报市委组织部审批 — the director records the answer from above."""
    leave = ask(taihu, dt.date(2026, 3, 2), dt.date(2026, 3, 13))
    with pytest.raises(DomainError) as refused:
        actions.approve_leave(taihu.director, leave, now=at(2026, 2, 27, 10))
    assert refused.value.code == "external_approval_required"
    done = actions.approve_leave(
        taihu.director, leave, now=at(2026, 2, 27, 10), external_approval="市委组织部 2026-12号"
    )
    assert done.external_approval == "市委组织部 2026-12号"


def test_leave_across_national_day_counts_only_working_days(taihu: Any) -> None:
    """003 太湖乡 by working days: 29 Sept - 9 Oct 2026 spans 国庆, only 29, 30 Sept, 8, 9 Oct are worked."""
    leave = ask(taihu, dt.date(2026, 9, 29), dt.date(2026, 10, 9), now=at(2026, 9, 20, 9))
    assert leave.half_days == 8
    assert leave.approver == ApproverRole.PARTY_SECRETARY  # four days, not eleven


def test_zengjia_half_a_day_by_the_center_head(world: Any) -> None:
    """003 曾家镇 第十条: 半天以上的(含半天)工作人员请假由中心负责人审批."""
    actions.load_policy(world.town, "zengjia")
    leave = ask(world, dt.date(2026, 3, 2), dt.date(2026, 3, 2), end_session="am")
    assert leave.half_days == 1 and leave.approver == ApproverRole.DIRECTOR
    longer = ask(world, dt.date(2026, 3, 2), dt.date(2026, 3, 20))
    assert longer.approver == ApproverRole.DIRECTOR
    assert actions.approve_leave(world.director, longer, now=at(2026, 2, 27, 10)).state == LeaveState.APPROVED


def test_sick_leave_needs_its_record(taihu: Any) -> None:
    """003 太湖乡: 因病请假必须凭医院病历卡核实."""
    leave = ask(taihu, dt.date(2026, 3, 2), dt.date(2026, 3, 2), kind="sick")
    with pytest.raises(DomainError) as refused:
        actions.approve_leave(taihu.director, leave, now=at(2026, 2, 27, 10))
    assert refused.value.code == "sick_record_required"
    actions.note_sick_record(taihu.clerk, leave, "县人民医院门诊病历 0312", now=at(2026, 2, 27, 9, 30))
    assert actions.approve_leave(taihu.director, leave, now=at(2026, 2, 27, 10)).state == LeaveState.APPROVED


def test_unapproved_leave_counts_as_absence(taihu: Any) -> None:
    """003 太湖乡: 未履行请假手续的一律作旷工处理 — pending on the day, or approved only after it began."""
    pending = ask(taihu, dt.date(2026, 3, 4), dt.date(2026, 3, 4))
    late = ask(taihu, dt.date(2026, 3, 5), dt.date(2026, 3, 5))
    actions.approve_leave(taihu.director, late, now=at(2026, 3, 5, 13, 0))  # after the morning began
    assert pending.state == LeaveState.PENDING

    found = [
        (v.day, v.kind, v.session)
        for v in violations([taihu.town.pk], dt.date(2026, 3, 4), dt.date(2026, 3, 5))
        if v.user_id == taihu.clerk.pk
    ]
    assert found == [(dt.date(2026, 3, 4), "absent_day", ""), (dt.date(2026, 3, 5), "absent_half_day", "am")]


def test_zengjia_late_leave_is_one_missing_note(world: Any) -> None:
    """003 曾家镇: 请假未按规定提交请假条的,每次扣1分 — once per leave, not an absence."""
    actions.load_policy(world.town, "zengjia")
    leave = ask(world, dt.date(2026, 3, 5), dt.date(2026, 3, 6))
    actions.approve_leave(world.director, leave, now=at(2026, 3, 5, 15, 0))
    found = [
        (v.day, v.kind)
        for v in violations([world.town.pk], dt.date(2026, 3, 5), dt.date(2026, 3, 6))
        if v.user_id == world.clerk.pk
    ]
    assert found == [(dt.date(2026, 3, 5), "leave_without_note")]


def test_refusal_needs_a_reason_and_decided_leave_is_final(taihu: Any) -> None:
    leave = ask(taihu, dt.date(2026, 3, 2), dt.date(2026, 3, 2))
    with pytest.raises(DomainError) as refused:
        actions.refuse_leave(taihu.director, leave, now=at(2026, 2, 27, 10), note=" ")
    assert refused.value.code == "note_required"
    actions.refuse_leave(taihu.director, leave, now=at(2026, 2, 27, 10), note="窗口人手不足")
    with pytest.raises(DomainError) as again:
        actions.approve_leave(taihu.director, leave, now=at(2026, 2, 27, 11))
    assert again.value.code == "leave_decided"


def test_leave_of_another_center_is_not_found(taihu: Any) -> None:
    leave = ask(taihu, dt.date(2026, 3, 2), dt.date(2026, 3, 2))
    outsider = make_staff("wai", taihu.town2, Role.DIRECTOR, "外镇主任")
    with pytest.raises(DomainError) as refused:
        actions.approve_leave(outsider, leave, now=at(2026, 2, 27, 10))
    assert refused.value.code == "leave_not_found"


def test_a_village_agents_leave_goes_to_the_village_head_with_a_stand_in(world: Any) -> None:
    """003 曾家镇 第十条: 村(社区)便民服务代办员请假由村主任审批,并及时补充人员上岗."""
    head = make_staff("cunzhu", world.village, Role.AGENT, "村主任")
    LeaveApprover.objects.create(org=world.village, role=ApproverRole.VILLAGE_HEAD, user=head)
    common: dict[str, Any] = {
        "kind": "personal",
        "start_day": dt.date(2026, 3, 2),
        "start_session": "am",
        "end_day": dt.date(2026, 3, 2),
        "end_session": "pm",
        "reason": "赶集",
        "now": at(2026, 2, 27, 9),
    }
    with pytest.raises(DomainError) as refused:
        actions.request_leave(world.agent, **common)
    assert refused.value.code == "replacement_required"
    leave = actions.request_leave(world.agent, replacement="村会计钟福元", **common)
    assert leave.approver == ApproverRole.VILLAGE_HEAD
    with pytest.raises(DomainError) as town_director:
        actions.approve_leave(world.director, leave, now=at(2026, 2, 27, 10))
    assert town_director.value.code in {"leave_not_found", "not_the_approver"}
    assert actions.approve_leave(head, leave, now=at(2026, 2, 27, 10)).state == LeaveState.APPROVED


def test_leave_far_from_today_is_refused_not_a_server_error(world: Any) -> None:
    with pytest.raises(DomainError) as refused:
        ask(world, dt.date(2000, 1, 3), dt.date(2000, 1, 3))
    assert refused.value.code == "invalid_period"
