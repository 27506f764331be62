"""Home visits (上门服务): 000 篇8 “四登記…上門服務登記”, for people who cannot come to the hall."""

from __future__ import annotations

import pytest

from bianmin.cases.models import Case, Channel
from bianmin.conftest import VALID_ID_2, at, person
from bianmin.lib.errors import DomainError
from bianmin.outreach import actions, selectors
from bianmin.outreach.models import OutreachCase, VisitState
from bianmin.outreach.tests.conftest import ALL_MANDATORY, MARKET_MORNING, staff, visit_request


def refused(code: str, call, *args, **kwargs) -> DomainError:  # noqa: ANN001
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code, caught.value
    return caught.value


def assigned(world, to=None):  # noqa: ANN001, ANN201
    visit = visit_request(world)
    return actions.assign_home_visit(
        visit, actor=world.leader, staff=staff(to or world.handler), now=MARKET_MORNING
    )


def register_on(world, visit, actor=None, **applicant):  # noqa: ANN001, ANN201
    return actions.register_on_home_visit(
        visit,
        actor=actor or world.clerk,
        item_code="MZ001",
        applicant=person(**applicant),
        received_materials=ALL_MANDATORY,
        now=at(2026, 3, 6, 10),
    )


# ---------------------------------------------------------------------------------------------- request


def test_a_request_records_who_why_where_and_when(town):
    """上門服務登記: the person, why they cannot come (老年人、残疾人、患病), the address and the wished time."""
    visit = visit_request(town)
    assert visit.state == VisitState.REQUESTED
    assert (visit.requester_name, visit.reason, visit.address) == ("刘秀英", "elderly", "象湖镇下坪村3组12号")
    assert visit.requester_id_number == VALID_ID_2 and visit.org == town.town
    assert visit.requested_by == town.clerk and visit.requested_at == MARKET_MORNING


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"requester_name": " "}, "requester_name_required"),
        ({"requester_phone": ""}, "requester_phone_required"),
        ({"requester_phone": "电话"}, "invalid_phone"),
        ({"requester_id_number": "110105194912310021"}, "invalid_id_number"),
        ({"reason": "lonely"}, "invalid_reason"),
        ({"reason": "other", "reason_note": ""}, "reason_note_required"),
        ({"matter": ""}, "matter_required"),
        ({"address": ""}, "address_required"),
        ({"wished_at": at(2026, 3, 4, 9)}, "wished_at_in_past"),
    ],
)
def test_a_request_is_refused_with_a_stable_code(town, change, code):
    refused(code, visit_request, town, **change)


def test_the_id_number_is_optional(town):
    assert visit_request(town, requester_id_number="").requester_id_number == ""


def test_a_handler_takes_no_requests(town):
    """Requests are taken by the clerks and leaders who send someone; a handler only goes."""
    refused("permission_denied", visit_request, town, actor=town.handler)


# ---------------------------------------------------------------------------------------------- assign


def test_a_leader_sends_a_staff_member_of_the_center(town):
    visit = assigned(town)
    assert visit.state == VisitState.ASSIGNED and visit.assigned_to == staff(town.handler)
    assert visit.assigned_by == town.leader
    # sent again: someone else goes instead
    again = actions.assign_home_visit(visit, actor=town.clerk, staff=staff(town.forester), now=MARKET_MORNING)
    assert again.assigned_to == staff(town.forester)


def test_only_staff_of_the_center_are_sent_and_only_by_who_dispatches(town):
    visit = visit_request(town)
    refused(
        "staff_not_of_center", actions.assign_home_visit, visit, actor=town.leader, staff=staff(town.clerk2)
    )
    refused("staff_required", actions.assign_home_visit, visit, actor=town.leader, staff=None)
    refused(
        "permission_denied", actions.assign_home_visit, visit, actor=town.handler, staff=staff(town.handler)
    )
    refused(
        "home_visit_not_found", actions.assign_home_visit, visit, actor=town.clerk2, staff=staff(town.clerk2)
    )


# ---------------------------------------------------------------------------------------------- visit


def test_who_went_records_the_visit(town):
    visit = assigned(town, to=town.handler)
    done = actions.record_home_visit(
        visit, actor=town.handler, note="已上门核实，协助填写申请表", now=at(2026, 3, 6, 11)
    )
    assert done.state == VisitState.VISITED and done.visited_at == at(2026, 3, 6, 11)
    refused("visit_done", actions.record_home_visit, visit, actor=town.handler, note="again")


def test_someone_else_who_did_not_go_cannot_record_it(town):
    visit = assigned(town, to=town.handler)
    refused(
        "not_your_visit", actions.record_home_visit, visit, actor=town.forester, note="x", now=MARKET_MORNING
    )
    # a leader who dispatches may record it for the one who went
    assert actions.record_home_visit(
        visit, actor=town.leader, note="电话确认已办", now=MARKET_MORNING
    ).visited_at


def test_a_visit_is_recorded_only_after_someone_was_sent_and_with_what_was_done(town):
    visit = visit_request(town)
    refused("visit_not_assigned", actions.record_home_visit, visit, actor=town.leader, note="x")
    visit = assigned(town)
    refused("visit_note_required", actions.record_home_visit, visit, actor=town.handler, note=" ")
    refused(
        "visited_in_future",
        actions.record_home_visit,
        visit,
        actor=town.handler,
        note="x",
        visited_at=at(2026, 3, 7, 9),
        now=MARKET_MORNING,
    )


def test_a_cancelled_request_keeps_its_reason(town):
    visit = visit_request(town)
    refused("reason_required", actions.cancel_home_visit, visit, actor=town.clerk, reason="")
    cancelled = actions.cancel_home_visit(
        visit, actor=town.clerk, reason="家属已代为到大厅办理", now=MARKET_MORNING
    )
    assert cancelled.state == VisitState.CANCELLED and cancelled.cancel_reason == "家属已代为到大厅办理"
    refused("visit_cancelled", actions.assign_home_visit, visit, actor=town.leader, staff=staff(town.handler))


# ---------------------------------------------------------------------------------------------- cases


def test_cases_registered_during_the_visit_carry_home_visit_and_are_linked(town):
    # given clerk Li sent to 刘秀英
    visit = assigned(town, to=town.clerk)
    # when Li registers her application at her home
    case = register_on(town, visit, name="刘秀英", id_number=VALID_ID_2).case
    # then
    assert case.channel == Channel.HOME_VISIT
    assert OutreachCase.objects.get(case=case).home_visit == visit
    assert selectors.home_visit_for(town.leader, visit.pk).matters_registered == 1
    assert list(selectors.home_visit_cases(town.leader, visit)) == [case]
    # and a visit with cases on record happened: it is recorded, not cancelled
    refused("visit_has_cases", actions.cancel_home_visit, visit, actor=town.leader, reason="x")


def test_no_case_is_registered_on_a_visit_not_under_way(town):
    requested = visit_request(town)
    refused("visit_not_assigned", register_on, town, requested)
    done = assigned(town)
    actions.record_home_visit(done, actor=town.handler, note="已办", now=MARKET_MORNING)
    refused("visit_done", register_on, town, done)
    refused("not_center_staff", register_on, town, assigned(town), actor=town.county_admin)
    assert not Case.objects.exists()
