"""What every seal action shares: the rights, the limits, the actor's staff row, the locked seal, its history row
and the subject (a case or a document) a use or a request is for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.models import Case
from bianmin.cases.selectors import case_scope
from bianmin.lib.errors import DomainError, typed_text
from bianmin.orgs.models import Staff
from bianmin.orgs.scope import lock_in_scope
from bianmin.orgs.selectors import staff_of
from bianmin.seals.models import (
    MAX_IMPRESSIONS,
    Seal,
    SealEvent,
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


def _custodian(org_id: int, custodian: Staff | int | None) -> Staff:
    pk = custodian.pk if isinstance(custodian, Staff) else custodian
    found = Staff.objects.filter(pk=pk, org_id=org_id).first() if pk else None
    if found is None:
        raise DomainError("custodian_not_of_center", _("保管人应为本中心的工作人员"))
    return found
