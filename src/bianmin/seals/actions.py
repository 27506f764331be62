"""Every change of the seal registry and every use of a seal, one function each; pages, API, the demo and the
case panel call these.

003 第5篇 印章管理: 印章加编号 (``register_seal``), 印章使用审批 (``request_use``, ``decide_request``), 登记
(``log_use``), 备案 (the impression image, the seal's history) and 管理 (status, ``hand_over``/``accept_handover``).

Each action checks the actor's right and scope, locks the rows it changes (``select_for_update``) and refuses with
a ``DomainError`` carrying a stable code. A refused use (``log_use``) is also written down as a ``SealAttempt`` —
in its own transaction, after the refused one rolled back, so the record of the attempt survives the refusal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.models import Case
from bianmin.cases.selectors import case_scope
from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.lib.uploads import sniff
from bianmin.orgs.models import OrgKind, Staff, Window
from bianmin.orgs.scope import lock_in_scope
from bianmin.orgs.selectors import staff_of
from bianmin.seals.models import (
    APPROVAL_BY_KIND,
    MAX_IMPRESSIONS,
    NUMBER_RE,
    EventType,
    HandoverState,
    RequestState,
    Seal,
    SealAttempt,
    SealEvent,
    SealHandover,
    SealKind,
    SealRequest,
    SealStatus,
    SealUse,
)

MANAGE = "seals.manage_seal"
USE = "seals.use_seal"
REQUEST = "seals.request_seal_use"
APPROVE = "seals.approve_seal_use"
IMPRESSION_MAX_BYTES = 2 * 1024 * 1024
IMPRESSION_TYPES = ("image/png", "image/jpeg")
SEAL_NOT_FOUND = "seal_not_found"

# The refusals of a use that are written down as attempts: the ones that say the seal was about to be stamped
# by the wrong person, without its approval, or while it may not be stamped at all.
ATTEMPT_CODES = frozenset(
    {
        "permission_denied",
        "not_custodian",
        "approval_required",
        "approval_not_found",
        "approval_used",
        "approval_not_approved",
        "impressions_exceed_approval",
        "seal_not_in_use",
        "handover_pending",
    }
)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _staff(actor: Any) -> Staff:
    staff = staff_of(actor)
    if staff is None:
        raise DomainError("not_center_staff", _("只有中心的工作人员可以办理印章事项"), kind="forbidden")
    return staff


def _seal_not_found() -> str:
    return _("找不到该印章")


def find_seal(seal: Seal | str | int) -> Seal | None:
    """A seal by instance, id or number (unlocked, unscoped: the caller checks the scope)."""
    if isinstance(seal, Seal):
        return seal
    if isinstance(seal, int):
        return Seal.objects.filter(pk=seal).first()
    return Seal.objects.filter(number=str(seal).strip().upper()[:16]).first()


def _lock_seal(seal: Seal | str | int, actor: Any) -> Seal:
    found = find_seal(seal)
    if found is None:
        raise DomainError(SEAL_NOT_FOUND, _seal_not_found(), kind="not_found")
    return lock_in_scope(Seal.objects, found.pk, actor, SEAL_NOT_FOUND, _seal_not_found())


def _event(seal: Seal, type_: str, actor: Any, now: dt.datetime, note: str = "") -> None:
    SealEvent.objects.create(seal=seal, type=type_, at=now, actor=actor, note=note[:300])


def _impressions(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_IMPRESSIONS:
        raise DomainError("invalid_impressions", _("用印次数应为 1 至 %(max)d 次") % {"max": MAX_IMPRESSIONS})
    return value


def _case(actor: Any, number: Any) -> Case | None:
    """The case named by its number, among the cases the actor sees."""
    text = str(number or "").strip()
    if not text:
        return None
    found = Case.objects.filter(case_scope(actor), number=text[:50]).first()
    if found is None:
        raise DomainError("case_not_found", _("找不到该办件（%(number)s）") % {"number": text[:50]})
    return found


def _subject(actor: Any, case_number: Any, document: Any) -> tuple[Case | None, str]:
    """What is stamped: a case (by number) or a document by its title; one of them is required."""
    case = _case(actor, case_number)
    title = typed_text(document, max_length=200)
    if case is None and not title:
        raise DomainError("subject_required", _("请填写办件编号或文件名称"))
    return case, title


# ---------------------------------------------------------------------------------------------- 印章加编号


def _checked_impression(upload: Any) -> str:
    """The extension of an impression image: PNG or JPEG by its content (``lib.uploads.sniff``), at most 2 MB."""
    if upload.size > IMPRESSION_MAX_BYTES:
        raise DomainError("file_too_large", _("印模图片不能超过 2 MB"))
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None or kind[0] not in IMPRESSION_TYPES:
        raise DomainError("file_type_not_allowed", _("印模图片应为 PNG 或 JPG 文件"))
    return kind[1]


def _save_impression(seal: Seal, upload: Any) -> str:
    """Store the image (a new one replaces the old) and return the old file's name to remove after commit."""
    extension = _checked_impression(upload)
    old = seal.impression.name if seal.impression else ""
    if old:
        default_storage.delete(old)
        old = ""
    seal.impression.save(f"{seal.number}{extension}", upload, save=False)
    return old


def _custodian(org_id: int, custodian: Staff | int | None) -> Staff:
    pk = custodian.pk if isinstance(custodian, Staff) else custodian
    found = Staff.objects.filter(pk=pk, org_id=org_id).first() if pk else None
    if found is None:
        raise DomainError("custodian_not_of_center", _("保管人应为本中心的工作人员"))
    return found


def _window(org_id: int, window: Window | int | None) -> Window | None:
    if window in (None, ""):
        return None
    pk = window.pk if isinstance(window, Window) else window
    found = Window.objects.filter(pk=pk, org_id=org_id).first()
    if found is None:
        raise DomainError("window_not_found", _("找不到本中心的该窗口"))
    return found


def register_seal(
    *,
    actor: Any,
    number: Any,
    name: Any,
    kind: Any,
    custodian: Staff | int,
    window: Window | int | None = None,
    needs_approval: bool | None = None,
    impression: Any = None,
    now: dt.datetime | None = None,
) -> Seal:
    """印章加编号 and 备案: the director registers a seal of the center under its number, with its kind, its
    custodian and the image of its impression. Whether its uses need an approval follows the kind
    (``APPROVAL_BY_KIND``) unless said."""
    now = _now(now)
    require_permission(actor, MANAGE, _("您没有登记印章的权限"))
    org = _staff(actor).org
    if org.kind == OrgKind.VILLAGE:
        raise DomainError("not_a_center", _("印章分授到便民服务中心，代办点不登记印章"), kind="forbidden")
    text = str(number or "").strip().upper()
    if not NUMBER_RE.match(text):
        raise DomainError("invalid_number", _("印章编号应为“字母-三位数字”，如 ZJ-001"))
    if kind not in SealKind.values:
        raise DomainError("invalid_kind", _("请选择印章种类"))
    seal = Seal(
        org=org,
        number=text,
        name=typed_text(name, max_length=100, code="name_required", message=_("请填写印章名称")),
        kind=kind,
        needs_approval=APPROVAL_BY_KIND[kind] if needs_approval is None else bool(needs_approval),
        custodian=_custodian(org.pk, custodian),
        window=_window(org.pk, window),
        registered_at=now,
        registered_by=actor,
        updated_at=now,
    )
    if impression is not None:
        _checked_impression(impression)
    try:
        with transaction.atomic():
            seal.save()
            if impression is not None:
                _save_impression(seal, impression)
                seal.save(update_fields=["impression"])
            _event(seal, EventType.REGISTERED, actor, now, seal.custodian.name)
    except IntegrityError as exc:
        raise DomainError(
            "number_taken", _("印章编号 %(number)s 已登记") % {"number": text}, kind="conflict"
        ) from exc
    return seal


def edit_seal(
    seal: Seal | str | int,
    *,
    actor: Any,
    name: Any = None,
    window: Window | int | None | str = "",
    needs_approval: bool | None = None,
    impression: Any = None,
    now: dt.datetime | None = None,
) -> Seal:
    """The director corrects a seal's name, window, approval rule or impression image (its number and kind stay:
    a seal with another number is another seal). ``window`` left as "" keeps it; None clears it."""
    now = _now(now)
    require_permission(actor, MANAGE, _("您没有修改印章的权限"))
    with transaction.atomic():
        locked = _lock_seal(seal, actor)
        if locked.status == SealStatus.DESTROYED:
            raise DomainError("seal_destroyed", _("已销毁的印章不能修改"), kind="conflict")
        changed = []
        if name is not None:
            locked.name = typed_text(name, max_length=100, code="name_required", message=_("请填写印章名称"))
            changed.append("name")
        if window != "":
            locked.window = _window(locked.org_id, window)  # type: ignore[arg-type]
            changed.append("window")
        if needs_approval is not None:
            locked.needs_approval = bool(needs_approval)
            changed.append("needs_approval")
        if impression is not None:
            _save_impression(locked, impression)
            changed.append("impression")
        locked.updated_at = now
        locked.save(update_fields=[*changed, "updated_at"])
        _event(locked, EventType.EDITED, actor, now, ", ".join(changed))
    return locked


def set_status(
    seal: Seal | str | int,
    *,
    actor: Any,
    status: Any,
    reason: Any,
    now: dt.datetime | None = None,
) -> Seal:
    """停用 / 恢复使用 / 销毁: the director changes a seal's status with a reason; destroyed is final and dated."""
    now = _now(now)
    require_permission(actor, MANAGE, _("您没有停用或销毁印章的权限"))
    if status not in SealStatus.values:
        raise DomainError("invalid_status", _("请选择印章状态"))
    text = typed_text(reason, max_length=200, code="reason_required", message=_("请写明原因"))
    with transaction.atomic():
        locked = _lock_seal(seal, actor)
        if not locked.can_become(status):
            raise DomainError(
                "status_not_allowed",
                _("印章当前为“%(status)s”，不能改为该状态") % {"status": locked.get_status_display()},
                kind="conflict",
            )
        locked.status = status
        locked.status_reason = text
        if status == SealStatus.DESTROYED:
            locked.destroyed_on = timezone.localdate(now)
            SealHandover.objects.filter(seal=locked, state=HandoverState.PENDING).update(
                state=HandoverState.CANCELLED, closed_at=now
            )
        locked.updated_at = now
        locked.save(update_fields=["status", "status_reason", "destroyed_on", "updated_at"])
        kind = {
            SealStatus.SUSPENDED: EventType.SUSPENDED,
            SealStatus.IN_USE: EventType.RESUMED,
            SealStatus.DESTROYED: EventType.DESTROYED,
        }[status]
        _event(locked, kind, actor, now, text)
    return locked


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


# ---------------------------------------------------------------------------------------------- 交接


def check_hand_over(seal: Seal, actor: Any) -> Staff:
    """Who signs a seal out: its custodian, or the director (the custodian away for good)."""
    staff = _staff(actor)
    if seal.custodian_id != staff.pk and not actor.has_perm(MANAGE):
        raise DomainError("not_custodian", _("只有保管人或中心主任可以交出印章"), kind="forbidden")
    if seal.status == SealStatus.DESTROYED:
        raise DomainError("seal_destroyed", _("已销毁的印章不能交接"), kind="conflict")
    return staff


def hand_over(
    seal: Seal | str | int,
    *,
    actor: Any,
    to: Staff | int,
    note: Any = "",
    now: dt.datetime | None = None,
) -> SealHandover:
    """交出: the custodian signs the seal out to a colleague of the center; the seal waits in hand-over (no use)
    until the colleague signs it in."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock_seal(seal, actor)
        check_hand_over(locked, actor)
        receiver = _custodian(locked.org_id, to)
        if receiver.pk == locked.custodian_id:
            raise DomainError("same_custodian", _("接收人已是该印章的保管人"), kind="conflict")
        if SealHandover.objects.filter(seal=locked, state=HandoverState.PENDING).exists():
            raise DomainError("handover_pending", _("该印章已有一项交接等待签收"), kind="conflict")
        handover = SealHandover.objects.create(
            seal=locked,
            org_id=locked.org_id,
            from_staff=locked.custodian,
            to_staff=receiver,
            handed_at=now,
            handed_by=actor,
            note=typed_text(note, max_length=300),
        )
        _event(locked, EventType.HANDED_OVER, actor, now, f"{locked.custodian.name} → {receiver.name}")
    return handover


def _lock_handover(seal: Seal, actor: Any) -> SealHandover:
    found = SealHandover.objects.select_for_update().filter(seal=seal, state=HandoverState.PENDING).first()
    if found is None:
        raise DomainError("no_pending_handover", _("该印章没有等待签收的交接"), kind="conflict")
    return found


def accept_handover(
    seal: Seal | str | int, *, actor: Any, note: Any = "", now: dt.datetime | None = None
) -> SealHandover:
    """接收: the receiver signs the seal in and becomes its custodian (signed for both ways)."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock_seal(seal, actor)
        handover = _lock_handover(locked, actor)
        staff = _staff(actor)
        if handover.to_staff_id != staff.pk:
            raise DomainError(
                "not_receiver",
                _("该印章交给%(name)s，只有接收人本人可以签收") % {"name": handover.to_staff.name},
                kind="forbidden",
            )
        handover.state = HandoverState.ACCEPTED
        handover.closed_at = now
        handover.accept_note = typed_text(note, max_length=300)
        handover.save(update_fields=["state", "closed_at", "accept_note"])
        locked.custodian = staff
        locked.updated_at = now
        locked.save(update_fields=["custodian", "updated_at"])
        _event(locked, EventType.ACCEPTED, actor, now, staff.name)
    return handover


def cancel_handover(
    seal: Seal | str | int, *, actor: Any, note: Any = "", now: dt.datetime | None = None
) -> SealHandover:
    """撤回: who signed the seal out (or the director) takes it back before the receiver signs it in."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock_seal(seal, actor)
        handover = _lock_handover(locked, actor)
        staff = _staff(actor)
        if handover.from_staff_id != staff.pk and not actor.has_perm(MANAGE):
            raise DomainError("not_custodian", _("只有交出人或中心主任可以撤回交接"), kind="forbidden")
        handover.state = HandoverState.CANCELLED
        handover.closed_at = now
        handover.save(update_fields=["state", "closed_at"])
        _event(locked, EventType.HANDOVER_CANCELLED, actor, now, typed_text(note, max_length=300))
    return handover
