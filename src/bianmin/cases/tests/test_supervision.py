"""Extensions asked for and decided before the due date (行政许可法 Art. 42; 003 曾家镇 限时办结: 延期办结不得超过
10天, 须出具延期办结通知书), and the leader's day (000 篇2 帶班領導: 批示 on the day's cases, 督办 until done)."""

from __future__ import annotations

import datetime as dt

import pytest

from bianmin.cases import actions
from bianmin.cases.deadlines import Deadlines, WarningLevel
from bianmin.cases.models import Case, CaseEvent, CaseState, NoticeType
from bianmin.cases.selectors import unreviewed_cases, unreviewed_count
from bianmin.cases.selectors_supervision import (
    open_urging_count,
    open_urgings,
    registered_unreviewed,
    urgings_of,
)
from bianmin.cases.steps import Step
from bianmin.conftest import at, make_staff, person
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import OfficeHours
from bianmin.orgs.roles import Role

MATERIALS = ["居民身份证", "户口簿", "家庭收入证明"]
DUE = dt.date(2026, 10, 16)  # MZ001 (10 working days) accepted on 2026-09-28, the National Day week excluded


def _in_progress(world, day=dt.date(2026, 9, 28)):  # noqa: ANN001, ANN202
    case = actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=MATERIALS,
        now=at(day.year, day.month, day.day, 9),
    ).case
    actions.accept(case, actor=world.clerk, now=at(day.year, day.month, day.day, 9, 5))
    return actions.assign(
        case, actor=world.clerk, handler=world.handler, now=at(day.year, day.month, day.day, 9, 10)
    ).case


def _refused(code: str, fn, *args, **kwargs) -> DomainError:  # noqa: ANN001
    with pytest.raises(DomainError) as err:
        fn(*args, **kwargs)
    assert err.value.code == code, err.value.code
    return err.value


def _events(case: Case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("seq").values_list("type", flat=True))


# ------------------------------------------------------------------------------------------- 延期


def test_the_handler_asks_and_a_leader_approves_with_the_written_notice(world):
    """Art. 42: extended by at most 10 working days with the head's approval, the reason told in writing."""
    case = _in_progress(world)
    assert case.due_date == DUE
    asked = actions.request_extension(
        case, actor=world.handler, days=5, reason="需入户调查", now=at(2026, 10, 12)
    )
    assert asked.case.extension_requested_days == 5 and asked.case.due_date == DUE
    assert asked.notice is None  # nothing is told to the applicant before a decision
    approved = actions.approve_extension(case, actor=world.director, note="同意", now=at(2026, 10, 13))
    assert approved.case.extended_days == 5 and approved.case.extension_requested_days == 0
    assert approved.case.due_date == dt.date(2026, 10, 23)
    assert approved.notice is not None and approved.notice.type == NoticeType.EXTENSION
    assert "需入户调查" in approved.notice.html and "2026-10-23" in approved.notice.html
    assert approved.event.data["old_due_date"] == str(DUE) and approved.event.data["reason"] == "需入户调查"
    # the citizen's progress reads 延期 for the approval, nothing for the request
    assert Step.APPROVE_EXTENSION.public_label is not None and Step.REQUEST_EXTENSION.public_label is None


def test_an_extension_is_asked_for_before_the_due_date_never_after(world):
    """Issue 10 / Art. 42: a case past its due date keeps its yellow or red card — no extension wipes it."""
    case = _in_progress(world)
    err = _refused(
        "extension_too_late",
        actions.request_extension,
        case,
        actor=world.handler,
        days=5,
        reason="来不及了",
        now=at(2026, 10, 21),
    )
    assert err.status == 409 and "前申请并批准" in str(err.message)
    # on the due date itself it is still in time (民法典 Art. 203: the day ends at 24:00)
    actions.request_extension(
        case, actor=world.handler, days=3, reason="需补充调查", now=at(2026, 10, 16, 16)
    )


def test_an_extension_asked_in_time_cannot_be_approved_once_the_due_date_has_passed(world):
    case = _in_progress(world)
    actions.request_extension(case, actor=world.handler, days=5, reason="需入户调查", now=at(2026, 10, 15))
    _refused("extension_too_late", actions.approve_extension, case, actor=world.leader, now=at(2026, 10, 21))
    case.refresh_from_db()
    assert case.extended_days == 0 and case.due_date == DUE
    calendar_level = Deadlines(dt.date(2026, 10, 21)).level(
        Case.objects.select_related("org").get(pk=case.pk)
    )
    assert calendar_level == WarningLevel.RED  # three working days late: the red card stays (001 电子监察)
    # the late request can still be refused, with a reason, and then nothing is pending
    refused = actions.refuse_extension(
        case, actor=world.leader, note="已超期，不予延期", now=at(2026, 10, 21)
    )
    assert refused.case.extension_requested_days == 0 and refused.notice is None


def test_only_one_extension_per_case_and_one_request_at_a_time(world):
    """003 曾家镇: 延期办结…须在承诺时限内办结 — one extension; no second request while one waits."""
    case = _in_progress(world)
    actions.request_extension(case, actor=world.handler, days=5, reason="需入户调查", now=at(2026, 10, 12))
    _refused(
        "extension_pending",
        actions.request_extension,
        case,
        actor=world.handler,
        days=2,
        reason="再申请",
        now=at(2026, 10, 12, 11),
    )
    actions.approve_extension(case, actor=world.leader, now=at(2026, 10, 13))
    _refused(
        "already_extended",
        actions.request_extension,
        case,
        actor=world.handler,
        days=2,
        reason="再延",
        now=at(2026, 10, 14),
    )
    _refused(
        "no_pending_extension", actions.approve_extension, case, actor=world.leader, now=at(2026, 10, 14)
    )


def test_approval_and_refusal_need_a_pending_request_and_a_leader(world):
    case = _in_progress(world)
    _refused(
        "no_pending_extension", actions.approve_extension, case, actor=world.leader, now=at(2026, 10, 12)
    )
    _refused("no_pending_extension", actions.refuse_extension, case, actor=world.leader, note="不同意")
    actions.request_extension(case, actor=world.handler, days=10, reason="需专家论证", now=at(2026, 10, 12))
    _refused("permission_denied", actions.approve_extension, case, actor=world.handler, now=at(2026, 10, 12))
    _refused(
        "permission_denied", actions.approve_extension, case, actor=world.supervisor, now=at(2026, 10, 12)
    )
    _refused(
        "note_required", actions.refuse_extension, case, actor=world.leader, note=" ", now=at(2026, 10, 12)
    )
    refused = actions.refuse_extension(
        case, actor=world.leader, note="材料已齐，应按期办结", now=at(2026, 10, 12)
    )
    assert refused.case.due_date == DUE and refused.case.extended_days == 0
    # a refused request is not an extension: the handler may ask again while in time
    actions.request_extension(case, actor=world.handler, days=3, reason="补充说明", now=at(2026, 10, 13))


def test_at_most_ten_working_days_and_only_who_holds_the_case_asks(world):
    """Art. 42: 延长十日; the handler (承办人) asks, not another handler of the center."""
    case = _in_progress(world)
    for days in (0, 11, "x"):
        _refused(
            "invalid_days", actions.request_extension, case, actor=world.handler, days=days, reason="复杂"
        )
    _refused(
        "not_handler",
        actions.request_extension,
        case,
        actor=world.forester,
        days=3,
        reason="复杂",
        now=at(2026, 10, 12),
    )
    _refused(
        "permission_denied", actions.request_extension, case, actor=world.supervisor, days=3, reason="复杂"
    )


def test_a_suspended_case_is_measured_on_the_day_its_clock_stopped(world):
    """Art. 45: the special procedure's time is not counted; asking while suspended is in time if the
    case was in time when it stopped."""
    case = _in_progress(world)
    actions.suspend(case, actor=world.handler, type="expert_review", reason="专家评审", now=at(2026, 10, 14))
    # 10-21 is past the stale due date, but the clock stopped on 10-14
    asked = actions.request_extension(
        case, actor=world.handler, days=5, reason="评审后需补充", now=at(2026, 10, 21)
    )
    assert asked.case.extension_requested_days == 5
    late = _in_progress(world)
    actions.suspend(late, actor=world.handler, type="expert_review", reason="专家评审", now=at(2026, 10, 19))
    _refused(
        "extension_too_late",
        actions.request_extension,
        late,
        actor=world.handler,
        days=5,
        reason="x",
        now=at(2026, 10, 20),
    )


def test_an_instant_case_is_never_extended(world):
    case = actions.register(
        actor=world.clerk,
        item_code="ZH001",
        applicant=person(),
        received_materials=MATERIALS,
        now=at(2026, 9, 28),
    ).case
    actions.accept(case, actor=world.clerk, now=at(2026, 9, 28, 10, 5))
    _refused(
        "instant_no_extension",
        actions.request_extension,
        case,
        actor=world.clerk,
        days=1,
        reason="x",
        now=at(2026, 9, 28, 11),
    )


# --------------------------------------------------------------------------------------------- 督办


def test_a_leader_or_supervisor_urges_with_a_reply_deadline_the_next_working_day_by_default(world):
    """000 篇2: 帶班領導…負責全程督辦, 直至辦結; 001: 电子监察 urges late cases."""
    case = _in_progress(world)
    _refused("permission_denied", actions.urge, case, actor=world.clerk, note="快办")
    _refused("permission_denied", actions.urge, case, actor=world.handler, note="快办")
    _refused("note_required", actions.urge, case, actor=world.leader, note=" ")
    # Tuesday 10-13: the reply is due Wednesday 10-14
    urged = actions.urge(case, actor=world.leader, note="请加快办理", now=at(2026, 10, 13))
    assert urged.case.urge_reply_by == dt.date(2026, 10, 14)
    assert urged.case.state == CaseState.IN_PROGRESS and urged.event.from_state == urged.event.to_state
    assert urged.event.data == {"note": "请加快办理", "reply_by": "2026-10-14"}
    # Friday 10-16: the next working day is Monday 10-19
    by_supervisor = actions.urge(case, actor=world.supervisor, note="电子监察预警", now=at(2026, 10, 16))
    assert by_supervisor.event.data["reply_by"] == "2026-10-19"
    # the earliest open deadline is the one the handler owes
    assert by_supervisor.case.urge_reply_by == dt.date(2026, 10, 14)
    # the county's admin urges a town's case too
    actions.urge(case, actor=world.county_admin, note="县中心督办", now=at(2026, 10, 16, 11))


def test_the_reply_deadline_is_a_working_day_not_in_the_past(world):
    case = _in_progress(world)
    now = at(2026, 10, 13)
    _refused(
        "reply_by_past", actions.urge, case, actor=world.leader, note="快办", reply_by="2026-10-12", now=now
    )
    _refused(
        "reply_by_not_workday",
        actions.urge,
        case,
        actor=world.leader,
        note="快办",
        reply_by="2026-10-17",
        now=now,
    )
    _refused(
        "invalid_reply_by", actions.urge, case, actor=world.leader, note="快办", reply_by="明天", now=now
    )
    same_day = actions.urge(
        case, actor=world.leader, note="今日回复", reply_by=dt.date(2026, 10, 13), now=now
    )
    assert same_day.case.urge_reply_by == dt.date(2026, 10, 13)
    assert case.events.count() == 4  # register, accept, assign, urge: the refusals wrote nothing


def test_a_closed_case_is_not_urged(world):
    case = _in_progress(world)
    actions.conclude(case, actor=world.handler, result="granted", now=at(2026, 10, 12))
    _refused("invalid_state", actions.urge, case, actor=world.leader, note="快办", now=at(2026, 10, 12, 11))


def test_the_handler_replies_to_every_open_urging_and_a_late_reply_is_marked(world):
    case = _in_progress(world)
    _refused("no_open_urging", actions.reply_urge, case, actor=world.handler, note="已办理")
    actions.urge(case, actor=world.leader, note="请加快办理", now=at(2026, 10, 13))
    actions.urge(case, actor=world.supervisor, note="电子监察预警", now=at(2026, 10, 13, 15))
    # 10-15: one working day after the deadline 10-14
    mine = open_urgings(world.handler, dt.date(2026, 10, 15))
    assert [(u.case.pk, u.reply_by, u.overdue, [e.data["note"] for e in u.urgings]) for u in mine] == [
        (case.pk, dt.date(2026, 10, 14), True, ["请加快办理", "电子监察预警"])
    ]
    assert open_urging_count(world.handler) == 1 and open_urging_count(world.forester) == 0
    _refused("not_handler", actions.reply_urge, case, actor=world.forester, note="不是我的")
    _refused("note_required", actions.reply_urge, case, actor=world.handler, note="")
    replied = actions.reply_urge(case, actor=world.handler, note="已补齐材料，明日办结", now=at(2026, 10, 15))
    assert replied.case.urge_reply_by is None and replied.event.data["late_reply"] is True
    assert open_urgings(world.handler, dt.date(2026, 10, 15)) == []
    _refused("no_open_urging", actions.reply_urge, case, actor=world.handler, note="再回复")
    # the center's urgings, newest first, each with its reply; both were answered after their deadline
    listed = urgings_of(world.leader, dt.date(2026, 10, 15))
    assert [u.event.data["note"] for u in listed] == ["电子监察预警", "请加快办理"]
    assert all(u.reply is not None and u.reply.pk == replied.event.pk for u in listed)
    assert [u.overdue for u in listed] == [True, True]


def test_an_unanswered_urging_is_overdue_only_after_its_deadline(world):
    case = _in_progress(world)
    actions.urge(case, actor=world.leader, note="请加快办理", now=at(2026, 10, 13))
    assert [u.overdue for u in urgings_of([world.town], dt.date(2026, 10, 14))] == [False]
    assert [u.overdue for u in urgings_of([world.town], dt.date(2026, 10, 15))] == [True]
    # another town's leader sees none of them
    assert urgings_of([world.town2], dt.date(2026, 10, 15)) == []


# --------------------------------------------------------------------------------------------- 批示


def _registered(world, when: dt.datetime) -> Case:  # noqa: ANN001
    return actions.register(
        actor=world.clerk, item_code="MZ001", applicant=person(), received_materials=MATERIALS, now=when
    ).case


def test_the_duty_leader_reviews_each_case_once_already_read_by_default(world):
    """000 篇2 批示: 社區帶班領導對當天申辦事項辦理情況進行批示."""
    case = _registered(world, at(2026, 10, 12, 9))
    _refused("permission_denied", actions.review, case, actor=world.clerk)
    _refused("permission_denied", actions.review, case, actor=world.supervisor)
    first = actions.review(case, actor=world.leader, now=at(2026, 10, 12, 17))
    assert first.event.data == {"note": "已阅"} and first.case.reviewed_at == at(2026, 10, 12, 17)
    _refused("already_reviewed", actions.review, case, actor=world.director, note="再批")
    other = _registered(world, at(2026, 10, 12, 9, 30))
    noted = actions.review(other, actor=world.director, note="注意核实收入证明", now=at(2026, 10, 12, 17))
    assert noted.event.data == {"note": "注意核实收入证明"}


def test_already_read_for_the_whole_batch_writes_one_event_per_case_in_one_transaction(world):
    now = at(2026, 10, 12, 17)
    cases = [_registered(world, at(2026, 10, 12, 9, m)) for m in (0, 10, 20)]
    yesterday = _registered(world, at(2026, 10, 9, 9))
    actions.review(cases[0], actor=world.leader, note="请优先办理", now=at(2026, 10, 12, 12))
    assert {c.pk for c in registered_unreviewed(world.leader, dt.date(2026, 10, 12))} == {
        cases[1].pk,
        cases[2].pk,
    }
    done = actions.review_all(actor=world.leader, now=now)
    assert sorted(o.case.pk for o in done) == [cases[1].pk, cases[2].pk]
    assert all(o.event.data == {"note": "已阅"} for o in done)
    assert CaseEvent.objects.filter(type=Step.REVIEW).count() == 3
    assert Case.objects.get(pk=yesterday.pk).reviewed_at is None  # only today's batch
    # a listed case the leader may not act on refuses the whole batch: nothing is written
    other_town = actions.register(
        actor=world.clerk2, item_code="MZ001", applicant=person(), received_materials=MATERIALS, now=now
    ).case
    _refused(
        "case_not_found",
        actions.review_all,
        actor=world.leader,
        numbers=[yesterday.number, other_town.number],
        now=now,
    )
    assert Case.objects.get(pk=yesterday.pk).reviewed_at is None
    _refused("permission_denied", actions.review_all, actor=world.handler, now=now)


def test_cases_left_without_review_at_the_days_end(world):
    """The board's count: cases registered on an earlier day, or today once the center has closed."""
    OfficeHours.objects.create(org=world.town)  # 08:00-12:00, 14:30-17:30
    earlier = _registered(world, at(2026, 10, 9, 9))
    today = _registered(world, at(2026, 10, 12, 9))
    reviewed = _registered(world, at(2026, 10, 9, 10))
    actions.review(reviewed, actor=world.leader, now=at(2026, 10, 9, 17))
    ids = {c.pk for c in unreviewed_cases(world.leader, dt.date(2026, 10, 12), at(2026, 10, 12, 15))}
    assert ids == {earlier.pk}
    after_hours = at(2026, 10, 12, 17, 45)
    assert {c.pk for c in unreviewed_cases([world.town], dt.date(2026, 10, 12), after_hours)} == {
        earlier.pk,
        today.pk,
    }
    assert unreviewed_count([world.town.pk], dt.date(2026, 10, 12), after_hours) == 2
    assert unreviewed_count([world.town2], dt.date(2026, 10, 12), after_hours) == 0
    # a month back at most
    assert unreviewed_count(world.leader, dt.date(2026, 12, 1), at(2026, 12, 1, 9)) == 0


def test_a_second_leader_is_made_for_the_county(world):
    """The county's admin urges but does not review a town's day (批示 is the center's duty leader's)."""
    case = _registered(world, at(2026, 10, 12, 9))
    _refused("permission_denied", actions.review, case, actor=world.county_admin)
    other_leader = make_staff("he", world.town2, Role.DUTY_LEADER, "何带班")
    _refused("case_not_found", actions.review, case, actor=other_leader)
