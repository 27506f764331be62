"""After the result, and at any open moment: delivery, archive, withdrawal, ID reveal, recomputed due dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bianmin.cases.actions._base import (
    clean_text,
    current_time,
    expect,
    lock_case,
    require,
    reschedule,
)
from bianmin.cases.events import record_event
from bianmin.cases.models import (
    Case,
    CaseState,
    DeliveryMethod,
)
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_id

# --------------------------------------------------------------------------------------- after result


@transaction.atomic
def deliver(
    case: Case | str, *, actor: Any, method: str, collected_by: str = "", now: dt.datetime | None = None
) -> Case:
    """送达: how the applicant was told, and who collected the result (取件人)."""
    now = current_time(now)
    require(actor, "cases.deliver_case", _("您没有送达办理结果的权限"))
    if method not in DeliveryMethod.values:
        raise DomainError("invalid_method", _("送达方式应为窗口领取、电话、短信、上门或邮寄"))
    collected_by = str(collected_by or "").strip()
    if method in {DeliveryMethod.WINDOW, DeliveryMethod.VISIT} and not collected_by:
        raise DomainError("collected_by_required", _("窗口领取或上门送达须登记取件人"))
    case = lock_case(case, actor)
    expect(case, {CaseState.CONCLUDED}, pgettext("case action", "送达"))
    case.state, case.delivery_method, case.collected_by, case.delivered_at = (
        CaseState.DELIVERED,
        method,
        collected_by[:100],
        now,
    )
    record_event(
        case,
        "deliver",
        actor=actor,
        now=now,
        from_state=CaseState.CONCLUDED,
        to_state=case.state,
        data={"method": method, "collected_by": collected_by},
    )
    case.save()
    return case


@transaction.atomic
def archive(case: Case | str, *, actor: Any, now: dt.datetime | None = None) -> Case:
    """归档: the ledger is complete and the documents are filed."""
    now = current_time(now)
    require(actor, "cases.archive_case", _("您没有归档的权限"))
    case = lock_case(case, actor)
    expect(case, {CaseState.DELIVERED}, pgettext("case action", "归档"))
    case.state, case.archived_at = CaseState.ARCHIVED, now
    record_event(case, "archive", actor=actor, now=now, from_state=CaseState.DELIVERED, to_state=case.state)
    case.save()
    return case


@transaction.atomic
def withdraw(case: Case | str, *, actor: Any, reason: str, now: dt.datetime | None = None) -> Case:
    """撤回: at the applicant's request, from any open state."""
    now = current_time(now)
    require(actor, "cases.register_case", _("您没有登记撤回申请的权限"))
    reason = clean_text(reason, "reason_required", _("请写明申请人撤回的原因"))
    case = lock_case(case, actor)
    expect(case, CaseState.open_states(), pgettext("case action", "撤回"))
    from_state = case.state
    case.state, case.close_reason, case.closed_at = CaseState.WITHDRAWN, reason, now
    record_event(
        case,
        "withdraw",
        actor=actor,
        now=now,
        from_state=from_state,
        to_state=case.state,
        data={"reason": reason},
    )
    case.save()
    return case


@transaction.atomic
def reveal_id_number(case: Case | str, *, actor: Any, purpose: str, now: dt.datetime | None = None) -> str:
    """The full ID number, for roles that need it; every reveal is an audit event (PIPL Art. 28)."""
    now = current_time(now)
    require(actor, "cases.reveal_id_number", _("您无权查看完整证件号码"))
    purpose = clean_text(purpose, "purpose_required", _("查看完整证件号码须写明用途"), max_length=200)
    case = lock_case(case, actor)
    record_event(
        case,
        "reveal_id_number",
        actor=actor,
        now=now,
        from_state=case.state,
        to_state=case.state,
        data={"purpose": purpose, "shown": mask_id(case.applicant_id_number or case.applicant_credit_code)},
    )
    case.save(update_fields=["event_count", "last_hash"])
    return case.applicant_id_number or case.applicant_credit_code


@transaction.atomic
def recompute_provisional(case_id: int, *, now: dt.datetime | None = None) -> tuple[dt.date, dt.date] | None:
    """After a calendar import: recompute a provisional due date; the change is recorded as an event."""
    now = current_time(now)
    case = Case.objects.select_for_update().get(pk=case_id)
    if not case.due_provisional or case.accepted_on is None:
        return None
    old_due, old_prov = case.due_date, case.due_provisional
    reschedule(case)
    if (case.due_date, case.due_provisional) == (old_due, old_prov):
        return None
    record_event(
        case,
        "recompute_due",
        actor=None,
        now=now,
        from_state=case.state,
        to_state=case.state,
        data={
            "old_due_date": str(old_due),
            "due_date": str(case.due_date),
            "provisional": case.due_provisional,
        },
    )
    case.save()
    assert old_due is not None and case.due_date is not None
    return old_due, case.due_date
