"""用印审批、登记 (003 第5篇 印章管理: "群众办事中涉及的各类印章,采取以“印章加编号”的形式, 分授到社区各个服务中心,
同时,加强印章管理,建立印章使用审批、登记、备案、管理制度。"): each use is approved where the seal needs it and
logged; a use by someone who is not the custodian, or without the approval, is refused and logged as an attempt."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.cases import actions as case_actions
from bianmin.conftest import person
from bianmin.lib.errors import DomainError
from bianmin.seals import actions, selectors
from bianmin.seals.models import RequestState, SealAttempt, SealStatus, SealUse
from bianmin.seals.tests.conftest import minutes

pytestmark = pytest.mark.django_db


def refused(call: Any) -> str:
    with pytest.raises(DomainError) as err:
        call()
    return err.value.code


def approved(w: Any, impressions: int = 2) -> Any:
    req = actions.request_use(
        w.official, actor=w.clerk, purpose="出具情况说明", document="关于张三家庭情况的说明", impressions=impressions,
        now=minutes(1),
    )  # fmt: skip
    return actions.decide_request(req, actor=w.leader, approve=True, note="同意", now=minutes(2))


def test_a_seal_used_without_approval_is_refused_and_logged(sealed: Any) -> None:
    """003 第5篇: 印章使用审批 — director Wu keeps the 公章 but stamps without an approval: refused, and the attempt
    stays on record although the use's transaction rolled back."""
    w = sealed
    # when the custodian stamps the 公章 with no approval
    code = refused(
        lambda: actions.log_use(w.official, actor=w.director, impressions=1, document="证明", now=minutes(5))
    )
    # then it is refused, nothing is logged as a use, and the attempt is logged with who, when, which seal, why
    assert code == "approval_required"
    assert not SealUse.objects.exists()
    attempt = SealAttempt.objects.get()
    assert (attempt.seal, attempt.actor, attempt.at, attempt.code) == (
        w.official,
        w.director,
        minutes(5),
        code,
    )
    assert attempt.document == "证明" and attempt.impressions == 1


def test_a_use_by_someone_who_is_not_the_custodian_is_refused_and_logged(sealed: Any) -> None:
    """管理制度: only the custodian (保管人) stamps; handler Chen trying clerk Li's 业务专用章 is refused and logged."""
    w = sealed
    code = refused(
        lambda: actions.log_use(w.business, actor=w.handler, impressions=1, document="证明", now=minutes(5))
    )
    assert code == "not_custodian"
    assert SealAttempt.objects.get().actor == w.handler
    assert not SealUse.objects.exists()


def test_an_approved_use_is_logged_with_requester_and_approver(sealed: Any) -> None:
    """审批 then 登记: clerk Li asks, duty leader Zhou approves, director Wu (custodian) stamps against the approval."""
    w = sealed
    req = approved(w)
    use = actions.log_use(w.official, actor=w.director, impressions=2, request=req.pk, now=minutes(10))
    assert (use.requested_by, use.approver, use.used_by) == (w.clerk.staff, w.leader.staff, w.director.staff)
    assert use.document == "关于张三家庭情况的说明" and use.purpose == "出具情况说明"
    req.refresh_from_db()
    assert req.state == RequestState.USED


def test_one_approval_covers_one_use(sealed: Any) -> None:
    w = sealed
    req = approved(w)
    actions.log_use(w.official, actor=w.director, impressions=2, request=req.pk, now=minutes(10))
    code = refused(
        lambda: actions.log_use(w.official, actor=w.director, impressions=1, request=req.pk, now=minutes(11))
    )
    assert code == "approval_used"
    assert SealAttempt.objects.get().code == "approval_used"


def test_approval_refusals(sealed: Any) -> None:
    """The approval must exist for this seal, be approved, and cover the impressions stamped."""
    w = sealed
    pending = actions.request_use(
        w.official, actor=w.clerk, purpose="盖章", document="文件", impressions=1, now=minutes(1)
    )
    assert refused(
        lambda: actions.log_use(w.official, actor=w.director, impressions=1, request=pending.pk)
    ) == ("approval_not_approved")
    assert refused(lambda: actions.log_use(w.official, actor=w.director, impressions=1, request=99999)) == (
        "approval_not_found"
    )
    req = approved(w, impressions=2)
    assert refused(lambda: actions.log_use(w.official, actor=w.director, impressions=3, request=req.pk)) == (
        "impressions_exceed_approval"
    )
    assert sorted(SealAttempt.objects.values_list("code", flat=True)) == [
        "approval_not_approved",
        "approval_not_found",
        "impressions_exceed_approval",
    ]


def test_the_requester_does_not_approve_their_own_request(sealed: Any) -> None:
    """审批 is another person's check: director Wu's own request waits for the duty leader."""
    w = sealed
    req = actions.request_use(w.official, actor=w.director, purpose="盖章", document="文件", impressions=1)
    assert refused(lambda: actions.decide_request(req, actor=w.director, approve=True)) == "own_request"
    assert refused(lambda: actions.decide_request(req, actor=w.clerk, approve=True)) == "permission_denied"
    assert refused(lambda: actions.decide_request(req, actor=w.leader, approve=False)) == "note_required"
    done = actions.decide_request(req, actor=w.leader, approve=False, note="请附依据")
    assert done.state == RequestState.REFUSED
    assert refused(lambda: actions.decide_request(req, actor=w.leader, approve=True)) == "already_decided"


def test_a_business_seal_is_logged_without_approval_and_linked_to_its_case(sealed: Any) -> None:
    """业务专用章: stamped on the window's routine papers (000 篇8 "蓋一次章辦好"), logged (登记) without approval;
    the case's archive reads the uses through ``uses_of_case``."""
    w = sealed
    case = case_actions.register(
        actor=w.clerk, item_code="ZH009", applicant=person(), received_materials=["居民身份证", "户口簿", "家庭收入证明"],
        now=minutes(3),
    ).case  # fmt: skip
    actions.log_use(w.business, actor=w.clerk, impressions=1, case_number=case.number, now=minutes(20))
    [row] = selectors.uses_of_case(case.pk)
    assert (row.seal_number, row.seal_name, row.used_by, row.impressions, row.approver) == (
        "XH-002",
        "象湖镇便民服务中心业务专用章",
        "李窗口",
        1,
        "",
    )
    assert row.used_at == minutes(20)


def test_use_refusals_of_the_subject_and_count(sealed: Any) -> None:
    w = sealed
    assert refused(lambda: actions.log_use(w.business, actor=w.clerk, impressions=1)) == "subject_required"
    assert refused(lambda: actions.log_use(w.business, actor=w.clerk, impressions=0, document="x")) == (
        "invalid_impressions"
    )
    assert refused(lambda: actions.log_use(w.business, actor=w.clerk, impressions=1, case_number="NOPE")) == (
        "case_not_found"
    )
    assert not SealAttempt.objects.exists()  # a typing slip is not an attempt on the seal


def test_a_suspended_seal_is_not_stamped(sealed: Any) -> None:
    w = sealed
    actions.set_status(w.business, actor=w.director, status=SealStatus.SUSPENDED, reason="印面磨损，待重刻")
    assert (
        refused(lambda: actions.log_use(w.business, actor=w.clerk, impressions=1, document="x"))
        == "seal_not_in_use"
    )
    assert refused(
        lambda: actions.request_use(w.business, actor=w.clerk, purpose="x", document="x", impressions=1)
    ) == ("seal_not_in_use")
    assert SealAttempt.objects.get().code == "seal_not_in_use"


def test_another_towns_seal_is_not_found_and_leaves_no_attempt(sealed: Any) -> None:
    w = sealed
    assert (
        refused(lambda: actions.log_use(w.other, actor=w.clerk, impressions=1, document="x"))
        == "seal_not_found"
    )
    assert (
        refused(lambda: actions.log_use("ZZ-999", actor=w.clerk, impressions=1, document="x"))
        == "seal_not_found"
    )
    assert not SealAttempt.objects.exists()


def test_a_user_without_the_right_is_refused_and_logged(sealed: Any) -> None:
    w = sealed
    assert refused(lambda: actions.log_use(w.business, actor=w.supervisor, impressions=1, document="x")) == (
        "permission_denied"
    )
    assert SealAttempt.objects.get().actor == w.supervisor
    assert refused(
        lambda: actions.request_use(w.business, actor=w.supervisor, purpose="x", document="x", impressions=1)
    ) == ("permission_denied")
    assert refused(
        lambda: actions.request_use(w.business, actor=w.clerk, purpose="", document="x", impressions=1)
    ) == ("purpose_required")
