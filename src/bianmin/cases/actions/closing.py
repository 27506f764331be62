"""After the result, and at any open moment: dispatch by mail, delivery, archive, withdrawal, ID reveal,
recomputed due dates."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from bianmin.cases.actions._base import (
    Effect,
    Outcome,
    User,
    action,
    clean_text,
    current_time,
    finish,
    local_date,
    perform,
    reschedule,
    values_of,
)
from bianmin.cases.mailing import clean_tracking_number
from bianmin.cases.models import Case, DeliveryMethod
from bianmin.cases.steps import Step
from bianmin.lib.errors import DomainError, typed_text
from bianmin.lib.identity import mask_address, mask_id


@action(Step.DISPATCH_MAIL)
def dispatch_mail(
    case: Case | str,
    *,
    actor: User,
    tracking_number: str,
    carrier: str = "",
    now: dt.datetime | None = None,
) -> Outcome:
    """邮寄寄出: the result is posted to the address the applicant chose; the tracking number is recorded.
    The case stays concluded until the recipient signs (``deliver`` with method mail)."""
    number = clean_tracking_number(tracking_number)
    carrier = typed_text(carrier, max_length=40) or _("中国邮政")

    def change(case: Case, now: dt.datetime) -> Effect:
        case.mail_tracking_number, case.mail_carrier, case.mail_dispatched_at = number, carrier, now
        return Effect(
            event={"tracking_number": number, "carrier": carrier, "to": mask_address(case.mail_address)}
        )

    return perform(Step.DISPATCH_MAIL, case, actor=actor, now=now, change=change)


@action(Step.DELIVER)
def deliver(
    case: Case | str,
    *,
    actor: User,
    method: str,
    collected_by: str = "",
    signed_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """送达: how the applicant was told, and who collected the result (取件人). By mail: who signed for the
    posted result (签收人) and on which day — only after it was dispatched."""
    if method not in DeliveryMethod.values or method == DeliveryMethod.AGENT:  # hand_back is the agent's
        raise DomainError("invalid_method", _("送达方式应为窗口领取、电话、短信、上门或邮寄"))
    collected_by = str(collected_by or "").strip()
    if method in {DeliveryMethod.WINDOW, DeliveryMethod.VISIT} and not collected_by:
        raise DomainError("collected_by_required", _("窗口领取或上门送达须登记取件人"))
    by_mail = method == DeliveryMethod.MAIL
    if by_mail and not collected_by:
        raise DomainError("signer_required", _("邮寄送达须登记签收人"))
    if signed_on is not None and (not isinstance(signed_on, dt.date) or isinstance(signed_on, dt.datetime)):
        raise DomainError("invalid_signed_on", _("签收日期格式不正确"))

    def change(case: Case, now: dt.datetime) -> Effect:
        event: dict[str, str] = {"method": method, "collected_by": collected_by}
        if by_mail:
            if case.mail_dispatched_at is None:
                raise DomainError(
                    "mail_not_dispatched", _("办理结果尚未寄出，请先登记邮寄寄出"), kind="conflict"
                )
            day = signed_on or local_date(now)
            if not local_date(case.mail_dispatched_at) <= day <= local_date(now):
                raise DomainError("invalid_signed_on", _("签收日期应在寄出日与今天之间"))
            case.mail_signed_on = day
            event.update(signed_on=day.isoformat(), tracking_number=case.mail_tracking_number)
        case.delivery_method, case.collected_by, case.delivered_at = method, collected_by[:100], now
        return Effect(event=event)

    return perform(Step.DELIVER, case, actor=actor, now=now, change=change)


@action(Step.ARCHIVE)
def archive(case: Case | str, *, actor: User, now: dt.datetime | None = None) -> Outcome:
    """归档: the ledger is complete and the documents are filed."""

    def change(case: Case, now: dt.datetime) -> Effect:
        case.archived_at = now
        return Effect()

    return perform(Step.ARCHIVE, case, actor=actor, now=now, change=change)


@action(Step.WITHDRAW)
def withdraw(case: Case | str, *, actor: User, reason: str, now: dt.datetime | None = None) -> Outcome:
    """撤回: at the applicant's request, from any open state."""
    reason = clean_text(reason, "reason_required", _("请写明申请人撤回的原因"))

    def change(case: Case, now: dt.datetime) -> Effect:
        case.close_reason, case.closed_at = reason, now
        return Effect(event={"reason": reason})

    return perform(Step.WITHDRAW, case, actor=actor, now=now, change=change)


@action(Step.REVEAL_ID_NUMBER)
def reveal_id_number(
    case: Case | str, *, actor: User, purpose: str, now: dt.datetime | None = None
) -> Outcome:
    """The full ID number, for roles that need it; every reveal is an audit event (PIPL Art. 28). The
    outcome's ``value`` is the number."""
    purpose = clean_text(purpose, "purpose_required", _("查看完整证件号码须写明用途"), max_length=200)

    def change(case: Case, now: dt.datetime) -> Effect:
        full = case.applicant_id_number or case.applicant_credit_code
        return Effect(event={"purpose": purpose, "shown": mask_id(full)}, value=full)

    return perform(Step.REVEAL_ID_NUMBER, case, actor=actor, now=now, change=change)


@transaction.atomic
def recompute_provisional(case_id: int, *, now: dt.datetime | None = None) -> tuple[dt.date, dt.date] | None:
    """After a calendar import: recompute a provisional due date; the change is recorded as an event.

    The system's own step (no actor): not in the lifecycle's actor transitions, recorded like them."""
    now = current_time(now)
    case = Case.objects.select_for_update(of=("self",)).select_related("org").get(pk=case_id)
    if not case.due_provisional or case.accepted_on is None:
        return None
    before = values_of(case)
    old_due = case.due_date
    reschedule(case)
    if (case.due_date, case.due_provisional) == (old_due, before["due_provisional"]):
        return None
    finish(
        case,
        Step.RECOMPUTE_DUE,
        actor=None,
        now=now,
        from_state=case.state,
        before=before,
        effect=Effect(
            event={
                "old_due_date": str(old_due),
                "due_date": str(case.due_date),
                "provisional": case.due_provisional,
            }
        ),
    )
    assert old_due is not None and case.due_date is not None
    return old_due, case.due_date
