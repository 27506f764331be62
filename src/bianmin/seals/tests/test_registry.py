"""印章加编号 and 备案 (003 第5篇 印章管理: "采取以“印章加编号”的形式,分授到社区各个服务中心 … 建立印章使用审批、
登记、备案、管理制度"): the director registers each seal under its number with its kind, custodian and impression
image; its status changes are on record, and destroyed is final. Hand-overs are signed for both ways."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bianmin.lib.errors import DomainError
from bianmin.seals import actions
from bianmin.seals.models import EventType, HandoverState, SealAttempt, SealKind, SealStatus
from bianmin.seals.tests.conftest import NOW, minutes

pytestmark = pytest.mark.django_db


def refused(call: Any) -> str:
    with pytest.raises(DomainError) as err:
        call()
    return err.value.code


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 0, 0)).save(buffer, "PNG")
    return SimpleUploadedFile("stamp.png", buffer.getvalue(), content_type="image/png")


def test_the_approval_rule_follows_the_kind_unless_said(sealed: Any, settings: Any, tmp_path: Any) -> None:
    """公章 and 个人名章 need an approval, the business and acceptance seals are logged only (APPROVAL_BY_KIND)."""
    w = sealed
    assert w.official.needs_approval and not w.business.needs_approval
    settings.MEDIA_ROOT = tmp_path
    seal = actions.register_seal(
        actor=w.director, number="xh-003", name="受理专用章", kind=SealKind.ACCEPTANCE, custodian=w.handler.staff,
        needs_approval=True, impression=png(), now=NOW,
    )  # fmt: skip
    assert seal.number == "XH-003" and seal.needs_approval
    assert seal.impression.name.endswith("XH-003.png")
    assert [e.type for e in seal.events.all()] == [EventType.REGISTERED]


def test_registration_refusals(sealed: Any) -> None:
    w = sealed

    def register(actor: Any = w.director, **extra: Any) -> Any:
        data = {
            "number": "XH-009",
            "name": "章",
            "kind": SealKind.BUSINESS,
            "custodian": w.clerk.staff,
            **extra,
        }
        return actions.register_seal(actor=actor, **data)

    assert refused(lambda: register(actor=w.clerk)) == "permission_denied"
    assert refused(lambda: register(number="XH9")) == "invalid_number"
    assert refused(lambda: register(number="XH-001")) == "number_taken"
    assert refused(lambda: register(kind="stamp")) == "invalid_kind"
    assert refused(lambda: register(name=" ")) == "name_required"
    assert refused(lambda: register(custodian=w.clerk2.staff)) == "custodian_not_of_center"
    assert refused(lambda: register(window=w.mz2.pk)) == "window_not_found"
    text = SimpleUploadedFile("stamp.png", b"not an image at all", content_type="image/png")
    assert refused(lambda: register(impression=text)) == "file_type_not_allowed"
    big = SimpleUploadedFile(
        "stamp.png", b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024), content_type="image/png"
    )
    assert refused(lambda: register(impression=big)) == "file_too_large"


def test_destroyed_is_final(sealed: Any) -> None:
    w = sealed
    actions.set_status(
        w.business, actor=w.director, status=SealStatus.SUSPENDED, reason="印面磨损", now=minutes(1)
    )
    actions.set_status(
        w.business, actor=w.director, status=SealStatus.IN_USE, reason="已修复", now=minutes(2)
    )
    done = actions.set_status(
        w.business, actor=w.director, status=SealStatus.DESTROYED, reason="机构更名", now=minutes(3)
    )
    assert done.destroyed_on == NOW.date() and done.status_reason == "机构更名"
    assert refused(
        lambda: actions.set_status(w.business, actor=w.director, status=SealStatus.IN_USE, reason="x")
    ) == ("status_not_allowed")
    assert refused(lambda: actions.edit_seal(w.business, actor=w.director, name="新")) == "seal_destroyed"
    assert refused(lambda: actions.set_status(w.business, actor=w.director, status="lost", reason="x")) == (
        "invalid_status"
    )
    assert refused(
        lambda: actions.set_status(w.official, actor=w.director, status="suspended", reason="")
    ) == ("reason_required")
    assert refused(lambda: actions.set_status(w.official, actor=w.clerk, status="suspended", reason="x")) == (
        "permission_denied"
    )
    assert [e.type for e in done.events.all()] == [
        EventType.REGISTERED,
        EventType.SUSPENDED,
        EventType.RESUMED,
        EventType.DESTROYED,
    ]


def test_a_handover_is_signed_out_and_signed_in_and_blocks_uses_meanwhile(sealed: Any) -> None:
    """交接: clerk Li signs the 业务专用章 out to handler Chen; until Chen signs it in, neither may stamp with it
    (it is in nobody's sole keeping); then Chen is its custodian and Li is not."""
    w = sealed
    handover = actions.hand_over(
        w.business, actor=w.clerk, to=w.handler.staff, note="休假交接", now=minutes(1)
    )
    assert handover.state == HandoverState.PENDING
    for who in (w.clerk, w.handler):
        code = refused(lambda who=who: actions.log_use(w.business, actor=who, impressions=1, document="x"))
        assert code in {"handover_pending", "not_custodian"}
    assert refused(lambda: actions.log_use(w.business, actor=w.clerk, impressions=1, document="x")) == (
        "handover_pending"
    )
    assert refused(lambda: actions.accept_handover(w.business, actor=w.leader)) == "not_receiver"
    assert (
        refused(lambda: actions.hand_over(w.business, actor=w.clerk, to=w.leader.staff)) == "handover_pending"
    )
    done = actions.accept_handover(w.business, actor=w.handler, note="已清点", now=minutes(2))
    assert done.state == HandoverState.ACCEPTED and done.closed_at == minutes(2)
    w.business.refresh_from_db()
    assert w.business.custodian == w.handler.staff
    actions.log_use(w.business, actor=w.handler, impressions=1, document="证明", now=minutes(3))
    assert (
        refused(lambda: actions.log_use(w.business, actor=w.clerk, impressions=1, document="x"))
        == "not_custodian"
    )
    assert SealAttempt.objects.filter(code="handover_pending").exists()
    assert [e.type for e in w.business.events.all()][-2:] == [EventType.HANDED_OVER, EventType.ACCEPTED]


def test_handover_refusals_and_cancel(sealed: Any) -> None:
    w = sealed
    assert (
        refused(lambda: actions.hand_over(w.business, actor=w.handler, to=w.leader.staff)) == "not_custodian"
    )
    assert refused(lambda: actions.hand_over(w.business, actor=w.clerk, to=w.clerk.staff)) == "same_custodian"
    assert refused(lambda: actions.hand_over(w.business, actor=w.clerk, to=w.clerk2.staff)) == (
        "custodian_not_of_center"
    )
    assert refused(lambda: actions.accept_handover(w.business, actor=w.handler)) == "no_pending_handover"
    actions.hand_over(w.business, actor=w.clerk, to=w.handler.staff)
    assert refused(lambda: actions.cancel_handover(w.business, actor=w.handler)) == "not_custodian"
    assert actions.cancel_handover(w.business, actor=w.clerk).state == HandoverState.CANCELLED
    w.business.refresh_from_db()
    assert w.business.custodian == w.clerk.staff
    actions.log_use(w.business, actor=w.clerk, impressions=1, document="证明")


def test_the_director_edits_a_seal_and_the_edit_is_on_record(
    sealed: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    w = sealed
    edited = actions.edit_seal(
        w.business, actor=w.director, name="象湖镇便民服务中心便民服务专用章", window=None, needs_approval=True,
        impression=png(), now=minutes(5),
    )  # fmt: skip
    assert (edited.name, edited.window, edited.needs_approval) == (
        "象湖镇便民服务中心便民服务专用章",
        None,
        True,
    )
    assert edited.impression.name.endswith("XH-002.png")
    assert [e.type for e in edited.events.all()][-1] == EventType.EDITED
    assert refused(lambda: actions.edit_seal(w.business, actor=w.clerk, name="x")) == "permission_denied"
    assert refused(lambda: actions.edit_seal(w.other, actor=w.director, name="x")) == "seal_not_found"


def test_refusals_of_who_may_act_on_seals(sealed: Any) -> None:
    """Seals are allotted to service centers (分授到各个服务中心): a village station registers none; a user with no
    staff record acts on none; only a director of the request's own center decides on it."""
    from django.contrib.auth.models import Group

    from bianmin.conftest import make_staff
    from bianmin.orgs.roles import Role

    w = sealed
    village_head = make_staff("cun", w.village, Role.DIRECTOR, "村主任")
    assert refused(
        lambda: actions.register_seal(
            actor=village_head,
            number="YZ-001",
            name="章",
            kind=SealKind.BUSINESS,
            custodian=village_head.staff,
        )
    ) == ("not_a_center")
    from bianmin.conftest import UserFactory

    root: Any = UserFactory(username="root", is_superuser=True)
    root.save()
    assert refused(
        lambda: actions.request_use(w.business, actor=root, purpose="x", document="x", impressions=1)
    ) == ("not_center_staff")
    req = actions.request_use(w.official, actor=w.clerk, purpose="盖章", document="文件", impressions=1)
    outsider = make_staff("wai", w.town2, Role.DIRECTOR, "外镇主任")
    outsider.is_superuser = True  # sees every center, still not this center's approver
    outsider.save()
    outsider.groups.add(Group.objects.get(name=Role.DIRECTOR))
    assert refused(lambda: actions.decide_request(req, actor=outsider, approve=True)) == "not_of_center"
    actions.set_status(w.business, actor=w.director, status=SealStatus.DESTROYED, reason="机构更名")
    assert (
        refused(lambda: actions.hand_over(w.business, actor=w.clerk, to=w.handler.staff)) == "seal_destroyed"
    )
