"""印章加编号 and 备案: a seal is registered with its number, custodian and impression, edited, suspended, restored
or destroyed; every change leaves a row of the seal's history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.lib.uploads import sniff
from bianmin.orgs.models import OrgKind, Staff, Window
from bianmin.seals.actions._base import (
    IMPRESSION_MAX_BYTES,
    IMPRESSION_TYPES,
    MANAGE,
    _custodian,
    _event,
    _lock_seal,
    _now,
    _staff,
)
from bianmin.seals.models import (
    APPROVAL_BY_KIND,
    NUMBER_RE,
    EventType,
    HandoverState,
    Seal,
    SealHandover,
    SealKind,
    SealStatus,
)

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
