"""Complaint rules as 003 曾家镇便民服务中心效能投诉制度 states them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.cases import actions as case_actions
from bianmin.complaints import actions
from bianmin.complaints.models import ComplaintState, Referral, ReplyNotice
from bianmin.complaints.selectors import (
    DUE_TODAY,
    DUE_TOMORROW,
    ON_TIME,
    OVERDUE,
    complainant_of,
    complaint_board_counts,
    overdue_complaints,
    warning_level,
)
from bianmin.complaints.tests.conftest import MORNING, complain
from bianmin.conftest import at, person
from bianmin.lib.errors import DomainError


def refused(code: str) -> Any:
    return pytest.raises(DomainError, match=f"^{code}:")


# ---------------------------------------------------------------------------------------- due dates (六)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # 六、当日或三天内给予答复: Thursday 5 March → Fri, Mon, Tue: across the weekend
        (at(2026, 3, 5, 10), dt.date(2026, 3, 10)),
        # Thursday 12 February → Fri 13, Sat 14 (调休上班), then the Spring Festival holiday to Tue 24
        (at(2026, 2, 12, 10), dt.date(2026, 2, 24)),
        # Wednesday 25 February → Thu, Fri, Sat 28 (调休上班)
        (at(2026, 2, 25, 10), dt.date(2026, 2, 28)),
        # Received on a Sunday (the hall's duty staff): three working days from Monday
        (at(2026, 3, 8, 10), dt.date(2026, 3, 11)),
    ],
)
def test_reply_due_the_same_day_or_within_three_working_days(world: Any, received: Any, due: Any) -> None:
    """003 曾家镇 投诉受理 六: 不能现场答复的,要在当日或三天内给予答复 (working days, 调休 included)."""
    assert complain(world, now=received).due_date == due


def test_warning_levels_from_the_due_date(world: Any) -> None:
    """Due Tuesday 10 March: on time Thursday, due tomorrow Monday (the next working day), due today on
    Tuesday, overdue Wednesday; once answered no level."""
    complaint = complain(world)
    assert warning_level(complaint, dt.date(2026, 3, 5)) == ON_TIME
    assert warning_level(complaint, dt.date(2026, 3, 6)) == ON_TIME
    assert warning_level(complaint, dt.date(2026, 3, 9)) == DUE_TOMORROW
    assert warning_level(complaint, dt.date(2026, 3, 10)) == DUE_TODAY
    assert warning_level(complaint, dt.date(2026, 3, 11)) == OVERDUE
    actions.reply_complaint(
        complaint,
        actor=world.leader,
        text="已核实，向您致歉",
        mode="phone",
        now=at(2026, 3, 12),
    )
    complaint.refresh_from_db()
    assert warning_level(complaint, dt.date(2026, 3, 12)) is None


def test_board_counts_and_overdue_list(world: Any) -> None:
    late = complain(world, now=at(2026, 3, 2))  # due Thu 5 March
    today = complain(world, now=at(2026, 3, 2, 9))
    actions.reply_complaint(today, actor=world.leader, text="已处理", mode="phone", now=at(2026, 3, 2, 10))
    due_today = complain(world, now=at(2026, 3, 3))  # due Fri 6 March
    due_monday = complain(world, now=at(2026, 3, 4))  # due Mon 9 March: the next working day after Fri
    complain(world, now=at(2026, 3, 5))  # due Tue 10 March
    complain(
        world,
        now=at(2026, 3, 2),
        org=world.town2,
        against_staff=None,
        against_window=None,
        actor=world.clerk2,
    )
    counts = complaint_board_counts([world.town.pk], dt.date(2026, 3, 6))
    assert counts["open"] == 4
    assert counts["overdue"] == 1
    assert counts["due_today"] == 1
    assert counts["due_tomorrow"] == 1
    assert counts["warning"] == 2
    assert counts["undecided"] == 1
    assert list(overdue_complaints([world.town.pk], dt.date(2026, 3, 6))) == [late]
    assert due_today.due_date == dt.date(2026, 3, 6) and due_monday.due_date == dt.date(2026, 3, 9)


# ---------------------------------------------------------------------------------------- receiving (二, 三)


def test_complaint_targets_must_belong_to_the_center(world: Any) -> None:
    with refused("staff_not_of_center"):
        complain(world, against_staff=world.clerk2.staff)
    with refused("window_not_of_center"):
        complain(world, against_window=world.mz2)
    other = case_actions.register(actor=world.clerk2, item_code="MZ001", applicant=person()).case
    with refused("case_not_of_center"):
        complain(world, case=other)
    own = case_actions.register(actor=world.clerk, item_code="MZ001", applicant=person()).case
    assert complain(world, case=own).case == own


def test_anonymous_only_by_box_phone_or_in_person(world: Any) -> None:
    """二 口头、电话或书面; the box (投诉箱, 003 第二十二条) may be anonymous, a letter names its sender so
    the written reply reaches them (七、四)."""
    for channel in ("box", "phone", "in_person"):
        assert complain(world, channel=channel, complainant_name="", complainant_phone="").is_anonymous
    for channel in ("letter", "online"):
        with refused("complainant_required"):
            complain(world, channel=channel, complainant_phone="")


def test_major_complaint_must_be_written(world: Any) -> None:
    """二 涉及重大事项的投诉,应采用书面形式."""
    with refused("major_needs_writing"):
        complain(world, channel="phone", major=True)
    phoned = complain(world, channel="phone")
    with refused("major_needs_writing"):
        actions.mark_major(phoned, actor=world.supervisor)
    letter = complain(world, channel="letter")
    with refused("permission_denied"):
        actions.mark_major(letter, actor=world.leader)  # neither the receiver nor a supervisor
    assert actions.mark_major(letter, actor=world.clerk).major  # the receiving clerk


def test_invalid_input_refused_with_codes(world: Any) -> None:
    with refused("content_required"):
        complain(world, content="  ")
    with refused("invalid_phone"):
        complain(world, complainant_phone="12ab")
    with refused("invalid_channel"):
        complain(world, channel="fax")
    with refused("permission_denied"):
        complain(world, actor=world.county_admin)
    with refused("org_not_found"):
        complain(world, actor=world.clerk2, against_staff=None, against_window=None)


def test_identity_masked_for_everyone_but_supervisors(world: Any) -> None:
    """三、对投诉人及投诉事项予以保密."""
    complaint = complain(world)
    assert complainant_of(complaint, world.supervisor) == ("张三", "13800001234")
    for user in (world.clerk, world.leader, world.director):
        assert complainant_of(complaint, user) == ("张*", "138****1234")


# ---------------------------------------------------------------------------------------- referral (七)


def test_major_complaint_referred_before_reply(world: Any) -> None:
    """七 重大投诉事项应及时向“中心”领导和上级纪检部门汇报."""
    complaint = complain(world, channel="letter", major=True)
    with refused("referral_required"):
        actions.reply_complaint(complaint, actor=world.leader, text="已处理", mode="written")
    with refused("referral_target_required"):
        actions.refer_complaint(complaint, actor=world.supervisor, note="涉及收受好处")
    with refused("staff_not_of_center"):
        actions.refer_complaint(complaint, actor=world.supervisor, note="x", to_user=world.clerk2)
    with refused("permission_denied"):
        actions.refer_complaint(complaint, actor=world.clerk, note="x", to_body="镇纪委")
    referral = actions.refer_complaint(
        complaint,
        actor=world.supervisor,
        note="涉及收受好处，报主任和镇纪委",
        to_user=world.director,
        to_body="镇纪委",
        now=MORNING,
    )
    assert (referral.to_user, referral.to_body, referral.referred_at) == (world.director, "镇纪委", MORNING)
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.REFERRED
    assert Referral.objects.filter(complaint=complaint).count() == 1
    ordinary = complain(world)
    with refused("not_major"):
        actions.refer_complaint(ordinary, actor=world.supervisor, note="x", to_body="镇纪委")
    actions.reply_complaint(complaint, actor=world.leader, text="经查属实，已处理", mode="written")


# ---------------------------------------------------------------------------------------- reply (七)


def test_written_complaint_needs_a_written_reply_notice(world: Any) -> None:
    """七 书面投诉必须书面答复: the reply is a numbered notice, its own sequence per center per year."""
    letter = complain(world, channel="letter")
    with refused("written_reply_required"):
        actions.reply_complaint(letter, actor=world.leader, text="已处理", mode="phone")
    letter.refresh_from_db()
    assert letter.state == ComplaintState.OPEN and not ReplyNotice.objects.exists()
    actions.reply_complaint(letter, actor=world.leader, text="已批评教育当事人", mode="written", now=MORNING)
    second = complain(world, channel="box", complainant_name="", complainant_phone="")
    actions.reply_complaint(second, actor=world.leader, text="已整改", mode="written", now=MORNING)
    numbers = list(ReplyNotice.objects.order_by("seq").values_list("number", flat=True))
    assert numbers == ["象湖镇诉复〔2026〕0001号", "象湖镇诉复〔2026〕0002号"]
    with refused("already_replied"):
        actions.reply_complaint(letter, actor=world.leader, text="再答复", mode="written")


def test_oral_complaint_answered_orally_without_notice(world: Any) -> None:
    """七 口头投诉以口头答复为主."""
    complaint = actions.reply_complaint(
        complain(world), actor=world.leader, text="已当面致歉", mode="in_person"
    )
    assert complaint.state == ComplaintState.REPLIED and not ReplyNotice.objects.exists()


def test_nobody_answers_or_decides_a_complaint_against_themself(world: Any) -> None:
    complaint = complain(world, against_staff=world.supervisor.staff)
    with refused("complaint_against_self"):
        actions.reply_complaint(complaint, actor=world.supervisor, text="x", mode="phone")
    actions.reply_complaint(complaint, actor=world.leader, text="已处理", mode="phone")
    with refused("complaint_against_self"):
        actions.decide_complaint(complaint, actor=world.supervisor, upheld=False, findings="x", reason="x")


# ---------------------------------------------------------------------------------------- decision (四)


def test_decided_by_a_supervisor_after_the_reply(world: Any) -> None:
    """四 调查核实后 … 作出处理,并将处理意见及时反馈给投诉人."""
    complaint = complain(world)
    with refused("permission_denied"):
        actions.decide_complaint(complaint, actor=world.director, upheld=True, findings="x", reason="x")
    with refused("not_replied"):
        actions.decide_complaint(complaint, actor=world.supervisor, upheld=True, findings="x", reason="x")
    actions.reply_complaint(complaint, actor=world.leader, text="已核实", mode="phone")
    with refused("findings_required"):
        actions.decide_complaint(complaint, actor=world.supervisor, upheld=True, findings=" ", reason="x")
    with refused("reason_required"):
        actions.decide_complaint(complaint, actor=world.supervisor, upheld=True, findings="x", reason="")
    decided = actions.decide_complaint(
        complaint,
        actor=world.supervisor,
        upheld=True,
        findings="调取监控属实",
        reason="批评教育",
        now=MORNING,
    )
    assert (decided.state, decided.upheld, decided.decided_by) == (
        ComplaintState.DECIDED,
        True,
        world.supervisor,
    )
    with refused("already_decided"):
        actions.decide_complaint(complaint, actor=world.supervisor, upheld=False, findings="x", reason="x")


def test_other_centers_complaints_are_not_found(world: Any) -> None:
    complaint = complain(world)
    with refused("complaint_not_found"):
        actions.reply_complaint(complaint, actor=world.clerk2, text="x", mode="phone")
