"""印章使用审批、登记: a use is requested and approved where the seal's kind needs it, then logged by the custodian;
a refused use is written down as an attempt in its own transaction, after the refused one rolled back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.orgs.models import Staff
from bianmin.orgs.scope import lock_in_scope
from bianmin.orgs.selectors import staff_of
from bianmin.seals.actions._base import (
    APPROVE,
    ATTEMPT_CODES,
    REQUEST,
    SEAL_NOT_FOUND,
    USE,
    _impressions,
    _lock_seal,
    _now,
    _seal_not_found,
    _staff,
    _subject,
    find_seal,
)
from bianmin.seals.models import (
    HandoverState,
    RequestState,
    Seal,
    SealAttempt,
    SealHandover,
    SealRequest,
    SealStatus,
    SealUse,
)

# ---------------------------------------------------------------------------------------------- 审批


def request_use(
    seal: Seal | str | int,
    *,
    actor: Any,
    purpose: Any,
    impressions: Any,
    case_number: Any = "",
    document: Any = "",
    now: dt.datetime | None = None,
) -> SealRequest:
    """用印申请: anyone at the counter asks to stamp a case's or a document's papers with a seal of the center."""
    now = _now(now)
    require_permission(actor, REQUEST, _("您没有申请用印的权限"))
    staff = _staff(actor)
    text = typed_text(purpose, max_length=200, code="purpose_required", message=_("请填写用印事由"))
    count = _impressions(impressions)
    case, title = _subject(actor, case_number, document)
    with transaction.atomic():
        locked = _lock_seal(seal, actor)
        if locked.status != SealStatus.IN_USE:
            raise DomainError("seal_not_in_use", _("该印章已停用或销毁"), kind="conflict")
        return SealRequest.objects.create(
            seal=locked,
            org_id=locked.org_id,
            requested_by=staff,
            requested_at=now,
            purpose=text,
            case=case,
            document=title,
            impressions=count,
        )


def _lock_request(request: SealRequest | int, actor: Any) -> SealRequest:
    return lock_in_scope(SealRequest.objects, request, actor, "approval_not_found", _("找不到该用印申请"))


def check_decide(req: SealRequest, actor: Any) -> Staff:
    """Who decides: a duty leader or the director of the request's center, never the one who asked."""
    require_permission(actor, APPROVE, _("您没有审批用印的权限"))
    staff = _staff(actor)
    if staff.org_id != req.org_id:
        raise DomainError("not_of_center", _("只能审批本中心的用印申请"), kind="forbidden")
    if req.requested_by_id == staff.pk:
        raise DomainError("own_request", _("不能审批本人的用印申请"), kind="forbidden")
    if req.state != RequestState.PENDING:
        raise DomainError(
            "already_decided",
            _("该申请已处理（%(state)s）") % {"state": req.get_state_display()},
            kind="conflict",
        )
    return staff


def decide_request(
    request: SealRequest | int,
    *,
    actor: Any,
    approve: bool,
    note: Any = "",
    now: dt.datetime | None = None,
) -> SealRequest:
    """审批: approve (or refuse, with the reason) a pending request. Two approvers at once: the first decides."""
    now = _now(now)
    with transaction.atomic():
        req = _lock_request(request, actor)
        staff = check_decide(req, actor)
        text = typed_text(note, max_length=300)
        if not approve and not text:
            raise DomainError("note_required", _("不批准时请写明理由"))
        req.state = RequestState.APPROVED if approve else RequestState.REFUSED
        req.decided_by, req.decided_at, req.decision_note = staff, now, text
        req.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    return req


# ---------------------------------------------------------------------------------------------- 登记


def _check_use(seal: Seal, actor: Any, staff: Staff | None) -> Staff:
    """Who may stamp: the seal's custodian, while it is in use and not in hand-over."""
    if seal.status != SealStatus.IN_USE:
        raise DomainError(
            "seal_not_in_use",
            _("印章 %(number)s 为“%(status)s”，不能用印")
            % {"number": seal.number, "status": seal.get_status_display()},
            kind="conflict",
        )
    require_permission(actor, USE, _("您没有登记用印的权限"))
    if staff is None or seal.custodian_id != staff.pk:
        raise DomainError(
            "not_custodian",
            _("印章 %(number)s 由%(name)s保管，只有保管人可以用印")
            % {"number": seal.number, "name": seal.custodian.name},
            kind="forbidden",
        )
    if SealHandover.objects.filter(seal=seal, state=HandoverState.PENDING).exists():
        raise DomainError("handover_pending", _("印章正在交接，接收人签收前不能用印"), kind="conflict")
    return staff


def can_use(seal: Seal, actor: Any) -> bool:
    """Whether the page offers the use form: the same check the action makes (approval apart)."""
    try:
        _check_use(seal, actor, staff_of(actor))
    except DomainError:
        return False
    return True


def _approved(seal: Seal, request: SealRequest | int | None) -> SealRequest | None:
    if request in (None, ""):
        if seal.needs_approval:
            raise DomainError(
                "approval_required",
                _("印章 %(number)s 用印须经审批，请先提交用印申请") % {"number": seal.number},
                kind="forbidden",
            )
        return None
    pk = request.pk if isinstance(request, SealRequest) else request
    req = SealRequest.objects.select_for_update().filter(pk=pk, seal=seal).first()
    if req is None:
        raise DomainError("approval_not_found", _("找不到该印章的这份用印申请"), kind="conflict")
    if req.state == RequestState.USED:
        raise DomainError("approval_used", _("该用印申请已用过印，一次审批只能用印一次"), kind="conflict")
    if req.state != RequestState.APPROVED:
        raise DomainError(
            "approval_not_approved",
            _("该用印申请%(state)s，不能用印") % {"state": req.get_state_display()},
            kind="conflict",
        )
    return req


def log_use(
    seal: Seal | str | int,
    *,
    actor: Any,
    impressions: Any,
    purpose: Any = "",
    case_number: Any = "",
    document: Any = "",
    request: SealRequest | int | None = None,
    now: dt.datetime | None = None,
) -> SealUse:
    """用印登记: the custodian logs a use — against its approval when the seal needs one (the approval's case,
    document and purpose are the use's unless given), else directly. A refused use is logged as an attempt."""
    now = _now(now)
    found = find_seal(seal)
    if found is None:
        raise DomainError(SEAL_NOT_FOUND, _seal_not_found(), kind="not_found")
    try:
        with transaction.atomic():
            return _log_use(found, actor, impressions, purpose, case_number, document, request, now)
    except DomainError as err:
        if err.code in ATTEMPT_CODES:
            _attempt(found, actor, err, now, case_number, document, impressions)
        raise


def _log_use(
    found: Seal,
    actor: Any,
    impressions: Any,
    purpose: Any,
    case_number: Any,
    document: Any,
    request: Any,
    now: dt.datetime,
) -> SealUse:
    locked = lock_in_scope(Seal.objects, found.pk, actor, SEAL_NOT_FOUND, _seal_not_found())
    staff = _check_use(locked, actor, staff_of(actor))
    req = _approved(locked, request)
    count = _impressions(impressions)
    if req is not None and count > req.impressions:
        raise DomainError(
            "impressions_exceed_approval",
            _("用印次数超过批准的 %(n)d 次") % {"n": req.impressions},
            kind="forbidden",
        )
    if req is not None and not str(case_number or "").strip() and not str(document or "").strip():
        case, title = req.case, req.document
    else:
        case, title = _subject(actor, case_number, document)
    text = typed_text(purpose, max_length=200) or (req.purpose if req is not None else "")
    if not text:
        text = _("办件 %(number)s 办结用印") % {"number": case.number} if case is not None else title[:200]
    if req is not None:
        req.state = RequestState.USED
        req.save(update_fields=["state"])
    return SealUse.objects.create(
        seal=locked,
        org_id=locked.org_id,
        used_by=staff,
        used_at=now,
        used_on=timezone.localdate(now),
        purpose=text,
        case=case,
        document=title,
        impressions=count,
        request=req,
        requested_by=req.requested_by if req is not None else None,
        approver=req.decided_by if req is not None else None,
    )


def _attempt(
    seal: Seal,
    actor: Any,
    err: DomainError,
    now: dt.datetime,
    case_number: Any,
    document: Any,
    impressions: Any,
) -> None:
    """违规用印尝试: written after the refused transaction rolled back, in a transaction of its own. Nobody is
    recorded for a user outside the seal's scope (they see no seal to try)."""
    if actor is None or getattr(actor, "pk", None) is None:
        return
    with transaction.atomic():
        SealAttempt.objects.create(
            seal=seal,
            org_id=seal.org_id,
            actor=actor,
            at=now,
            code=err.code,
            reason=str(err.message)[:300],
            case_number=str(case_number or "").strip()[:50],
            document=str(document or "").strip()[:200],
            impressions=impressions
            if isinstance(impressions, int) and not isinstance(impressions, bool) and 0 <= impressions < 32768
            else None,
        )
