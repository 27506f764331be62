"""The life of a case as the centers' rules state it (登记→受理→交办→承办→办结→送达→归档)."""

from __future__ import annotations

import datetime as dt

import pytest

from bianmin.cases import actions
from bianmin.cases.models import Case, CaseState, JointTask, NoticeType, OneTimeNoticeBreach
from bianmin.conftest import VALID_ID, at, person
from bianmin.lib.errors import DomainError

ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]


def register(w, item="MZ001", received=ALL_MANDATORY, actor=None, now=None, **kw):  # noqa: ANN001, ANN201
    return actions.register(
        actor=actor or w.clerk,
        item_code=item,
        applicant=person(),
        received_materials=received,
        now=now or at(2026, 9, 28),
        **kw,
    ).case


def test_register_numbers_the_case_per_center_per_day_and_lists_materials(world):
    # given clerk Li at the 民政 window of 象湖镇
    # when two villagers apply for 低保 on 2026-09-28
    first = register(world)
    second = register(world)
    # then the numbers are <org code><YYYYMMDD><4-digit sequence>, in order
    assert first.number == "360781100202609280001"
    assert second.number == "360781100202609280002"
    assert len(first.query_code) == 6 and first.query_code.isdigit()
    assert first.state == CaseState.SUBMITTED
    assert first.first_contact == world.clerk
    assert first.window == world.mz
    assert [(m.name, m.received) for m in first.materials.all()] == [
        ("居民身份证", True),
        ("户口簿", True),
        ("家庭收入证明", True),
        ("其他证明材料", False),
    ]
    # and the item version is frozen on the case
    assert first.item_snapshot["name"] == "最低生活保障申请" and first.item_snapshot["version"] == 1


def test_a_new_day_restarts_the_sequence_and_another_center_has_its_own(world):
    register(world, now=at(2026, 9, 28))
    next_day = register(world, now=at(2026, 9, 29))
    other_town = actions.register(
        actor=world.clerk2,
        item_code="MZ001",
        applicant=person(),
        received_materials=ALL_MANDATORY,
        now=at(2026, 9, 29),
    ).case
    assert next_day.number.endswith("202609290001")
    assert other_town.number == "360781101202609290001"


@pytest.mark.parametrize(
    ("applicant", "code"),
    [
        (person(id_number="110105194912310021"), "invalid_id_number"),
        (person(name=""), "applicant_name_required"),
        (
            {"kind": "organization", "name": "某公司", "credit_code": "91110000600037341X"},
            "invalid_credit_code",
        ),
        (person(phone="abc"), "invalid_phone"),
    ],
)
def test_register_refuses_bad_applicant_data_and_writes_nothing(world, applicant, code):
    with pytest.raises(DomainError) as err:
        actions.register(actor=world.clerk, item_code="MZ001", applicant=applicant, now=at(2026, 9, 28))
    assert err.value.code == code
    assert Case.objects.count() == 0


def test_an_organization_applies_with_a_valid_credit_code(world):
    case = actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant={"kind": "organization", "name": "瑞金市某合作社", "credit_code": "91110000600037341L"},
    ).case
    assert case.applicant_credit_code == "91110000600037341L"


def test_a_refused_registration_gives_its_number_back(world):
    register(world)
    with pytest.raises(DomainError):
        register(world, received=["不存在的材料"])
    assert register(world).number.endswith("0002")


def test_marriage_registration_cannot_be_done_by_proxy(world):
    # given agent Wang of 燕子村 station
    with pytest.raises(DomainError) as err:
        actions.register(actor=world.agent, item_code="MZ009", applicant=person())
    assert err.value.code == "in_person_required"
    # and neither through an authorised 代理人 at the window
    with pytest.raises(DomainError) as err:
        actions.register(
            actor=world.clerk,
            item_code="MZ009",
            applicant=person(),
            agent={"name": "李四", "id_number": VALID_ID, "authorization": "委托书"},
        )
    assert err.value.code == "in_person_required"


def test_an_agent_files_for_a_villager_and_the_town_owns_the_case(world):
    case = actions.register(
        actor=world.agent, item_code="MZ001", applicant=person(), received_materials=ALL_MANDATORY
    ).case
    assert case.org == world.town and case.station == world.village
    assert case.channel == "agent_station"


def test_accept_is_refused_while_a_mandatory_material_is_missing(world):
    case = register(world, received=["居民身份证"])
    with pytest.raises(DomainError) as err:
        actions.accept(case, actor=world.clerk)
    assert err.value.code == "materials_missing"
    assert err.value.status == 409
    assert err.value.data["missing"] == ["户口簿", "家庭收入证明"]
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED and case.due_date is None


def test_one_time_notice_lists_every_missing_material_at_once(world):
    # given a case missing two mandatory materials (the optional one does not count)
    case = register(world, received=["居民身份证"])
    # when the clerk issues the one-time notice
    notice = actions.notify_missing(case, actor=world.clerk, now=at(2026, 9, 28, 11)).notice
    # then it names both, and the case waits for the supplement
    assert [m["name"] for m in notice.data["missing"]] == ["户口簿", "家庭收入证明"]
    assert "户口簿" in notice.html and "家庭收入证明" in notice.html
    assert notice.type == NoticeType.ONE_TIME
    case.refresh_from_db()
    assert case.state == CaseState.SUPPLEMENTING
    # when the materials arrive the case is back to submitted and can be accepted
    actions.supplement(case, actor=world.clerk, materials=["户口簿"])
    case.refresh_from_db()
    assert case.state == CaseState.SUPPLEMENTING  # one still missing
    actions.supplement(case, actor=world.clerk, materials=["家庭收入证明"])
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED
    assert actions.accept(case, actor=world.clerk, now=at(2026, 9, 29)).case.state == CaseState.ACCEPTED


def test_a_later_notice_asking_for_something_new_is_a_breach_against_the_first_clerk(world):
    case = register(world, received=["居民身份证", "户口簿"])
    first = actions.notify_missing(case, actor=world.clerk).notice
    actions.supplement(case, actor=world.clerk, materials=["家庭收入证明"])
    # when the director later finds the 户口簿 copy unusable and issues a second notice
    second = actions.notify_missing(case, actor=world.director, also_missing=["户口簿"]).notice
    # then a breach of the one-time rule is recorded against clerk Li, who issued the first
    breach = OneTimeNoticeBreach.objects.get(case=case)
    assert breach.clerk == world.clerk
    assert breach.first_notice == first and breach.later_notice == second
    assert breach.materials == ["户口簿"]


def test_a_repeated_notice_for_the_same_materials_is_no_breach(world):
    case = register(world, received=["居民身份证"])
    actions.notify_missing(case, actor=world.clerk)
    actions.notify_missing(case, actor=world.clerk)
    assert not OneTimeNoticeBreach.objects.exists()


def test_nothing_missing_means_no_notice(world):
    case = register(world)
    with pytest.raises(DomainError) as err:
        actions.notify_missing(case, actor=world.clerk)
    assert err.value.code == "nothing_missing"
    assert not case.notices.exists()


def test_promised_case_is_due_on_the_nth_working_day_after_acceptance(world):
    # 10 working days after 2026-09-28: National Day and Mid-Autumn are skipped (国庆、中秋)
    case = actions.accept(register(world), actor=world.clerk, now=at(2026, 9, 28, 9)).case
    assert case.accepted_on == dt.date(2026, 9, 28)
    assert case.due_date == dt.date(2026, 10, 16)
    assert not case.due_provisional
    notice = case.notices.get(type=NoticeType.ACCEPTANCE)
    assert "2026-10-16" in notice.html


def test_instant_case_is_due_today_and_the_clerk_concludes_it_on_the_spot(world):
    case = actions.accept(register(world, item="ZH001"), actor=world.clerk, now=at(2026, 9, 28, 9)).case
    assert case.due_date == dt.date(2026, 9, 28)
    done = actions.conclude(case, actor=world.clerk, result="granted", now=at(2026, 9, 28, 9, 20)).case
    assert done.state == CaseState.CONCLUDED and done.handler == world.clerk


def test_joint_case_opens_one_task_per_window_and_concludes_when_all_are_done(world):
    case = actions.accept(register(world, item="GT001"), actor=world.clerk, now=at(2026, 9, 28, 9)).case
    tasks = {t.window_code: t for t in JointTask.objects.filter(case=case)}
    assert set(tasks) == {"GT", "LY"}
    assert tasks["GT"].due_date == dt.date(2026, 10, 16)  # 10 working days
    assert tasks["LY"].due_date == dt.date(2026, 10, 23)  # 15 working days
    assert case.due_date == dt.date(2026, 10, 23)  # the latest
    actions.assign(case, actor=world.clerk, handler=world.handler)
    actions.complete_task(case, actor=world.handler, window_code="GT", result="符合规划")
    with pytest.raises(DomainError) as err:
        actions.conclude(case, actor=world.handler, result="granted")
    assert err.value.code == "tasks_open" and err.value.data["windows"] == ["LY"]
    # the forester of the 林业 window completes the LY part; a 民政 clerk may not
    with pytest.raises(DomainError) as err:
        actions.complete_task(case, actor=world.handler, window_code="LY", result="x")
    assert err.value.code == "not_task_window"
    actions.complete_task(case, actor=world.forester, window_code="LY", result="不涉及林地")
    assert actions.conclude(case, actor=world.handler, result="granted").case.state == CaseState.CONCLUDED


def test_suspension_moves_the_due_date_by_the_working_days_spent(world):
    case = actions.accept(register(world), actor=world.clerk, now=at(2026, 9, 28, 9)).case
    actions.assign(case, actor=world.clerk, handler=world.handler)
    # given a site survey from Tuesday 2026-10-13 to Friday 2026-10-16: three working days (14, 15, 16)
    actions.suspend(case, actor=world.handler, type="site_survey", reason="需现场勘查", now=at(2026, 10, 13))
    case.refresh_from_db()
    assert case.state == CaseState.SUSPENDED
    assert case.notices.filter(type=NoticeType.SPECIAL_PROCEDURE).exists()
    resumed = actions.resume(case, actor=world.handler, now=at(2026, 10, 16, 15)).case
    # then the due date moves from 10-16 by three working days to 10-21
    assert resumed.state == CaseState.IN_PROGRESS
    assert resumed.suspended_days == 3
    assert resumed.due_date == dt.date(2026, 10, 21)


def test_extension_once_at_most_ten_days_by_a_leader_with_a_notice(world):
    """行政许可法 Art. 42 / 003 曾家镇 (延期办结不得超过10天, 出具延期办结通知书): the handler asks, a leader
    approves, once."""
    case = actions.accept(register(world), actor=world.clerk, now=at(2026, 9, 28, 9)).case
    with pytest.raises(DomainError) as err:
        actions.request_extension(case, actor=world.clerk, days=11, reason="情况复杂", now=at(2026, 9, 29))
    assert err.value.code == "invalid_days"
    with pytest.raises(DomainError) as err:
        actions.request_extension(case, actor=world.clerk, days=5, reason=" ", now=at(2026, 9, 29))
    assert err.value.code == "reason_required"
    actions.request_extension(case, actor=world.clerk, days=5, reason="需入户调查", now=at(2026, 9, 29))
    with pytest.raises(DomainError) as err:
        actions.approve_extension(case, actor=world.clerk, now=at(2026, 9, 29, 10))
    assert err.value.code == "permission_denied" and err.value.status == 403
    extended = actions.approve_extension(case, actor=world.leader, now=at(2026, 9, 29, 10)).case
    assert extended.due_date == dt.date(2026, 10, 23)
    assert extended.notices.filter(type=NoticeType.EXTENSION).count() == 1
    with pytest.raises(DomainError) as err:
        actions.request_extension(case, actor=world.director, days=1, reason="再延", now=at(2026, 9, 30))
    assert err.value.code == "already_extended"


def test_denial_needs_a_reason(world):
    case = actions.assign(
        actions.accept(register(world), actor=world.clerk).case, actor=world.clerk, handler=world.handler
    ).case
    with pytest.raises(DomainError) as err:
        actions.conclude(case, actor=world.handler, result="denied")
    assert err.value.code == "reason_required"
    done = actions.conclude(
        case, actor=world.handler, result="denied", reason="家庭收入超过当地低保标准"
    ).case
    assert done.result == "denied"
    assert "家庭收入超过当地低保标准" in done.notices.get(type=NoticeType.CONCLUSION).html


def test_reject_needs_a_reason_and_issues_the_rejection_notice(world):
    case = register(world)
    with pytest.raises(DomainError) as err:
        actions.reject(case, actor=world.clerk, reason="")
    assert err.value.code == "reason_required"
    rejected = actions.reject(case, actor=world.clerk, reason="不属于本中心受理范围").case
    assert rejected.state == CaseState.REJECTED
    notice = rejected.notices.get(type=NoticeType.REJECTION)
    assert "不属于本中心受理范围" in notice.html and "社会救助暂行办法" in notice.html


def test_full_life_to_archive(world):
    case = register(world)
    actions.accept(case, actor=world.clerk)
    actions.assign(case, actor=world.clerk, handler=world.handler)
    actions.conclude(
        case, actor=world.handler, result="granted", certificate_name="低保证", certificate_number="DB001"
    )
    with pytest.raises(DomainError) as err:
        actions.deliver(case, actor=world.clerk, method="window")
    assert err.value.code == "collected_by_required"
    actions.deliver(case, actor=world.clerk, method="window", collected_by="张三本人")
    final = actions.archive(case, actor=world.clerk).case
    assert final.state == CaseState.ARCHIVED
    assert [e.type for e in final.events.order_by("seq")] == [
        "register",
        "accept",
        "assign",
        "conclude",
        "deliver",
        "archive",
    ]
    assert all((final.accepted_at, final.concluded_at, final.delivered_at, final.archived_at))


@pytest.mark.parametrize("state_action", ["accept", "assign", "conclude"])
def test_withdraw_from_any_open_state_but_not_after_conclusion(world, state_action):
    case = register(world)
    if state_action in ("accept", "assign", "conclude"):
        actions.accept(case, actor=world.clerk)
    if state_action in ("assign", "conclude"):
        actions.assign(case, actor=world.clerk, handler=world.handler)
    if state_action == "conclude":
        actions.conclude(case, actor=world.handler, result="granted")
        with pytest.raises(DomainError) as err:
            actions.withdraw(case, actor=world.clerk, reason="不办了")
        assert err.value.code == "invalid_state" and err.value.status == 409
        return
    assert (
        actions.withdraw(case, actor=world.clerk, reason="申请人主动撤回").case.state == CaseState.WITHDRAWN
    )


def test_accepting_twice_is_a_conflict(world):
    case = actions.accept(register(world), actor=world.clerk).case
    with pytest.raises(DomainError) as err:
        actions.accept(case, actor=world.clerk)
    assert err.value.code == "invalid_state" and err.value.kind == "conflict"


def test_another_towns_clerk_cannot_touch_the_case(world):
    case = register(world)
    with pytest.raises(DomainError) as err:
        actions.accept(case.number, actor=world.clerk2)
    assert err.value.code == "case_not_found" and err.value.status == 404


def test_the_handler_cannot_accept_and_the_supervisor_cannot_register(world):
    with pytest.raises(DomainError) as err:
        register(world, actor=world.supervisor)
    assert err.value.code == "permission_denied"
    case = register(world)
    with pytest.raises(DomainError) as err:
        actions.accept(case, actor=world.handler)
    assert err.value.code == "permission_denied"


def test_a_provisional_due_date_is_recomputed_after_the_calendar_import(world):
    from bianmin.workdays.models import CalendarOverride
    from bianmin.workdays.services import invalidate_calendar_cache

    case = actions.accept(register(world, now=at(2026, 12, 24)), actor=world.clerk, now=at(2026, 12, 24)).case
    assert case.due_provisional
    old = case.due_date
    # when next year's schedule adds a holiday before the provisional due date
    CalendarOverride.objects.create(date=dt.date(2027, 1, 4), kind="holiday", name="测试假日")
    invalidate_calendar_cache()
    moved = actions.recompute_provisional(case.pk)
    case.refresh_from_db()
    assert moved == (old, case.due_date)
    assert case.due_date > old
    assert case.events.filter(type="recompute_due").exists()


def test_the_full_id_number_is_shown_only_through_a_logged_reveal(world):
    case = register(world)
    with pytest.raises(DomainError) as err:
        actions.reveal_id_number(case, actor=world.clerk, purpose="核对")
    assert err.value.code == "permission_denied"
    assert actions.reveal_id_number(case, actor=world.leader, purpose="核对户籍").value == VALID_ID
    event = case.events.get(type="reveal_id_number")
    assert event.actor == world.leader and event.data["purpose"] == "核对户籍"


def test_an_application_left_unanswered_five_working_days_counts_as_accepted_on_receipt(world):
    # given 张三's 低保 application received Tuesday 2026-09-01 with everything in order
    case = register(world, now=at(2026, 9, 1, 9))
    # when the center only gets to it on Thursday 2026-09-10, seven working days later, with no notice given
    accepted = actions.accept(case, actor=world.clerk, now=at(2026, 9, 10, 9)).case
    # then 行政许可法 Art. 32(四): it counts as accepted on the day of receipt, and the limit runs from there
    assert accepted.accepted_on == dt.date(2026, 9, 1)
    assert accepted.due_date == dt.date(2026, 9, 15)  # 10 working days after 09-01
    notice = accepted.notices.get(type=NoticeType.ACCEPTANCE)
    assert notice.data["deemed"] is True and "自收到申请之日（2026-09-01）起即为受理" in notice.html
    assert accepted.events.get(type="accept").data["deemed_accepted_on"] == "2026-09-01"


def test_acceptance_within_five_working_days_runs_from_acceptance(world):
    case = register(world, now=at(2026, 9, 1, 9))
    accepted = actions.accept(case, actor=world.clerk, now=at(2026, 9, 8, 9)).case  # five working days later
    assert accepted.accepted_on == dt.date(2026, 9, 8)
    assert accepted.notices.get(type=NoticeType.ACCEPTANCE).data["deemed"] is False


def test_a_one_time_notice_given_in_time_keeps_the_clock_at_acceptance(world):
    case = register(world, received=["居民身份证"], now=at(2026, 9, 1, 9))
    actions.notify_missing(case, actor=world.clerk, now=at(2026, 9, 2, 9))
    actions.supplement(case, actor=world.clerk, materials=["户口簿", "家庭收入证明"], now=at(2026, 9, 14, 9))
    accepted = actions.accept(case, actor=world.clerk, now=at(2026, 9, 14, 10)).case
    assert accepted.accepted_on == dt.date(2026, 9, 14)
