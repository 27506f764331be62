"""Supervision of a case's handling: the extension asked for and decided (申请延期、批准延期), the leader's
daily review (批示) and urging (督办) with the handler's reply.

行政许可法 Art. 42 and 003 曾家镇 (限时办结: 延期办结不得超过10天, 须出具延期办结通知书): the handler asks
with a reason and a number of working days, a duty leader or the director decides, once per case and only
before the due date has passed — a late case keeps its card. 000 篇2 (帶班領導): each working day the duty
leader reviews the day's cases (批示) and urges those that cannot be finished (督办, 直至办结). Urging,
replying and reviewing are events on the case's ledger; the state never changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bianmin.cases.actions._base import (
    MAX_EXTENSION_DAYS,
    Effect,
    Outcome,
    User,
    action,
    clean_text,
    current_time,
    local_date,
    perform,
    region_of,
    require,
    reschedule,
)
from bianmin.cases.events import actor_display
from bianmin.cases.lifecycle import TRANSITION
from bianmin.cases.models import Case
from bianmin.cases.selectors_supervision import registered_unreviewed
from bianmin.cases.steps import Step
from bianmin.lib.errors import DomainError
from bianmin.workdays.services import add_workdays, is_workday

REVIEWED = "已阅"  # the leader's 批示 when nothing more is said (000 篇2 批示)


def _days(days: Any) -> int:
    try:
        value = int(days)
    except (TypeError, ValueError) as exc:
        raise DomainError("invalid_days", _("延期天数应为整数")) from exc
    if not 1 <= value <= MAX_EXTENSION_DAYS:
        raise DomainError(
            "invalid_days",
            ngettext(
                "延期天数应为 1 到 %(max)d 个工作日", "延期天数应为 1 到 %(max)d 个工作日", MAX_EXTENSION_DAYS
            )
            % {"max": MAX_EXTENSION_DAYS},
        )
    return value


def _note(note: Any, *, required: bool, code: str, message: str, default: str = "") -> str:
    text = str(note or "").strip()
    if not text and not required:
        return default
    return clean_text(text, code, message)


@action(Step.REQUEST_EXTENSION)
def request_extension(
    case: Case | str, *, actor: User, days: int, reason: str, now: dt.datetime | None = None
) -> Outcome:
    """申请延期: the handler asks for 1 to 10 working days with a reason, before the due date has passed."""
    days = _days(days)
    reason = clean_text(reason, "reason_required", _("申请延期必须写明理由"))

    def change(case: Case, now: dt.datetime) -> Effect:
        case.extension_requested_days, case.extension_reason = days, reason
        return Effect(event={"days": days, "reason": reason, "due_date": str(case.due_date or "")})

    return perform(Step.REQUEST_EXTENSION, case, actor=actor, now=now, change=change)


@action(Step.APPROVE_EXTENSION)
def approve_extension(
    case: Case | str, *, actor: User, note: str = "", now: dt.datetime | None = None
) -> Outcome:
    """批准延期: a duty leader or the director approves the pending request before the due date; the due
    date moves by the working days asked for and the 延期办结通知书 tells the applicant why."""
    note = _note(note, required=False, code="note_too_long", message=_("请填写审批意见"))

    def change(case: Case, now: dt.datetime) -> Effect:
        days, reason = case.extension_requested_days, case.extension_reason
        old_due = case.due_date
        case.extended_days = days
        case.extension_requested_days, case.extension_reason = 0, ""
        reschedule(case)
        dates = {"old_due_date": str(old_due), "due_date": str(case.due_date)}
        return Effect(
            event={"days": days, "reason": reason, "note": note, **dates},
            notice={"days": days, "reason": reason, **dates, "approved_by": actor_display(actor)},
        )

    return perform(Step.APPROVE_EXTENSION, case, actor=actor, now=now, change=change)


@action(Step.REFUSE_EXTENSION)
def refuse_extension(case: Case | str, *, actor: User, note: str, now: dt.datetime | None = None) -> Outcome:
    """不批准延期: the leader refuses the pending request with a reason; the due date stays."""
    note = clean_text(note, "note_required", _("不批准延期必须写明理由"))

    def change(case: Case, now: dt.datetime) -> Effect:
        days, reason = case.extension_requested_days, case.extension_reason
        case.extension_requested_days, case.extension_reason = 0, ""
        return Effect(event={"days": days, "reason": reason, "note": note})

    return perform(Step.REFUSE_EXTENSION, case, actor=actor, now=now, change=change)


def _reply_by(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise DomainError("invalid_reply_by", _("回复期限应为日期，如 2026-03-02")) from exc


@action(Step.URGE)
def urge(
    case: Case | str,
    *,
    actor: User,
    note: str,
    reply_by: dt.date | str | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """督办: a duty leader, the director or a supervisor urges an open case, with a note and the working day
    the handler must reply by (the next working day unless said)."""
    note = clean_text(note, "note_required", _("督办必须写明督办意见"))
    wanted = _reply_by(reply_by)

    def change(case: Case, now: dt.datetime) -> Effect:
        today = local_date(now)
        region = region_of(case)
        by = wanted or add_workdays(today, 1, region).date
        if by < today:
            raise DomainError(
                "reply_by_past", _("回复期限不能早于今天（%(today)s）") % {"today": today.isoformat()}
            )
        if not is_workday(by, region):
            raise DomainError(
                "reply_by_not_workday", _("回复期限 %(day)s 不是工作日") % {"day": by.isoformat()}
            )
        if case.urge_reply_by is None or by < case.urge_reply_by:
            case.urge_reply_by = by
        return Effect(event={"note": note, "reply_by": by.isoformat()})

    return perform(Step.URGE, case, actor=actor, now=now, change=change)


@action(Step.REPLY_URGE)
def reply_urge(case: Case | str, *, actor: User, note: str, now: dt.datetime | None = None) -> Outcome:
    """督办回复: the handler answers every open urging of the case at once; a reply after the deadline is
    recorded as late."""
    note = clean_text(note, "note_required", _("回复督办必须写明办理情况"))

    def change(case: Case, now: dt.datetime) -> Effect:
        by = case.urge_reply_by
        assert by is not None  # the guard refused a case without an open urging
        case.urge_reply_by = None
        return Effect(event={"note": note, "reply_by": by.isoformat(), "late_reply": local_date(now) > by})

    return perform(Step.REPLY_URGE, case, actor=actor, now=now, change=change)


@action(Step.REVIEW)
def review(case: Case | str, *, actor: User, note: str = "", now: dt.datetime | None = None) -> Outcome:
    """批示: the duty leader's note on a case of the day; "已阅" when nothing more is said."""
    note = _note(note, required=False, code="note_too_long", message=_("请填写批示"), default=REVIEWED)

    def change(case: Case, now: dt.datetime) -> Effect:
        case.reviewed_at = now
        return Effect(event={"note": note})

    return perform(Step.REVIEW, case, actor=actor, now=now, change=change)


def review_all(
    *, actor: Any, numbers: list[str] | None = None, now: dt.datetime | None = None
) -> list[Outcome]:
    """全部已阅: "已阅" on every listed case (by default today's unreviewed cases the leader sees), one event
    per case, in one transaction: a refusal writes none of them. A case another leader reviewed meanwhile
    is passed over — it has its 批示."""
    require(actor, TRANSITION[Step.REVIEW].permission, TRANSITION[Step.REVIEW].denied)
    now = current_time(now)
    outcomes = []
    with transaction.atomic():
        if numbers is None:
            today = local_date(now)
            numbers = list(registered_unreviewed(actor, today).values_list("number", flat=True))
        for number in dict.fromkeys(numbers):
            try:
                outcomes.append(review(number, actor=actor, now=now))
            except DomainError as err:
                if err.code != "already_reviewed":
                    raise
    return outcomes
