"""交接: a seal handed to another custodian is signed for both ways — the one handing it over starts the hand-over,
the one receiving accepts it (or it is cancelled); until then the seal is not stamped."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError, typed_text
from bianmin.orgs.models import Staff
from bianmin.seals.actions._base import (
    MANAGE,
    _custodian,
    _event,
    _lock_seal,
    _now,
    _staff,
)
from bianmin.seals.models import (
    EventType,
    HandoverState,
    Seal,
    SealHandover,
    SealStatus,
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
