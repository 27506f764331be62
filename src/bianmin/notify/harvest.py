"""The harvest: the case ledger read with a stored cursor, and the messages its steps require.

A case step is written with its hash-chained ``CaseEvent`` (and its numbered ``Notice``) in the case's own
transaction; that row is the durable cause of the message. In one transaction per batch the harvest creates
the messages the ``RULES`` table requires for the events after the cursor and moves the cursor past them; a
run that dies midway commits neither, and a run repeated creates nothing twice (a message is unique on its
cause, channel and recipient).

An event is read only once it has settled (``NOTIFY_SETTLE_SECONDS`` after its time), and the harvest stops
at the first one that has not: ids are handed out before commit, so a later id can commit first, and a
cursor that jumped over a still-open transaction would never come back for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bianmin.cases.models import CaseEvent
from bianmin.cases.steps import Step
from bianmin.lib.cursors import advance, lock_cursor, settled_prefix
from bianmin.lib.identity import clean_phone
from bianmin.notify import actions, selectors
from bianmin.notify.kinds import MessageKind
from bianmin.notify.models import Cursor, Message

CURSOR = "case_events"


@dataclass(frozen=True)
class Rule:
    """Which message a step requires. ``to``: the applicant, or a staff member found by ``staff``.
    ``letter``: whether an applicant without a phone gets a letter (a notice handed over at the window
    in person needs none)."""

    kind: str
    to: str = "applicant"
    letter: bool = True
    staff: Callable[[CaseEvent], Any] | None = None


def _handler(event: CaseEvent) -> Any:
    case = event.case
    for user in (case.handler, case.accepted_by, case.registered_by):
        staff = getattr(user, "staff", None) if user is not None else None
        if staff is not None:
            return staff
    return None


def _urger(event: CaseEvent) -> Any:
    urge = selectors.last_urge(event)
    return getattr(urge.actor, "staff", None) if urge is not None and urge.actor is not None else None


# Which steps tell whom (cases/lifecycle.py names the notices each step issues).
RULES: dict[str, Rule] = {
    Step.ACCEPT: Rule(MessageKind.ACCEPTANCE, letter=False),  # 受理通知书 (Art. 32)
    Step.NOTIFY_MISSING: Rule(MessageKind.ONE_TIME, letter=False),  # 一次性告知书
    Step.REJECT: Rule(MessageKind.REJECTION, letter=False),  # 不予受理通知书
    Step.APPROVE_EXTENSION: Rule(MessageKind.EXTENSION),  # 延期办结通知书 (Art. 42)
    Step.SUSPEND: Rule(MessageKind.SUSPENSION),  # 特别程序告知书 (Art. 45)
    Step.CONCLUDE: Rule(MessageKind.RESULT_READY),  # 办结: come and collect (000 篇1 以电话或上门回覆)
    "dispatch_mail": Rule(MessageKind.RESULT_MAILED),  # 邮寄送达: the tracking number
    Step.URGE: Rule(MessageKind.URGED, to="staff", staff=_handler),  # 督办: the handler, in the counter
    Step.REPLY_URGE: Rule(MessageKind.URGE_REPLIED, to="staff", staff=_urger),  # 督办回复: the leader
}


def _params(event: CaseEvent, notices: dict[str, dict]) -> dict[str, Any]:
    case, data = event.case, event.data or {}
    notice = notices.get(str(data.get("notice") or ""), {})
    missing = notice.get("missing") or data.get("missing") or []
    names = [m.get("name", "") if isinstance(m, dict) else str(m) for m in missing]
    return {
        "number": case.number,
        "item": case.item_name,
        "due_date": data.get("due_date") or (case.due_date.isoformat() if case.due_date else ""),
        "days": data.get("days", ""),
        "reason": data.get("reason", ""),
        "materials": "、".join(n for n in names if n),
        "tracking": data.get("tracking_number", ""),
        "note": data.get("note", ""),
        "date": data.get("reply_by", ""),
        "by": event.actor_name,
    }


def _messages_for(event: CaseEvent, rule: Rule, notices: dict[str, dict]) -> list[Message]:
    case = event.case
    common: dict[str, Any] = {
        "org": case.org,
        "params": _params(event, notices),
        "source": f"event:{event.pk}",
        "case_number": case.number,
        "event": event,
        "now": event.at,
    }
    if rule.to == "staff":
        staff = rule.staff(event) if rule.staff else None
        if staff is None:
            return []
        return actions.enqueue(rule.kind, staff=staff, **common)
    if rule.kind == MessageKind.RESULT_READY and case.mail_address:
        return []  # mailed: told when it is posted, with the tracking number
    phone = clean_phone(case.applicant_phone or "") or clean_phone(case.agent_phone or "") or ""
    if not phone and not rule.letter:
        return []
    return actions.enqueue(
        rule.kind,
        recipient_phone=phone,
        recipient_name=case.applicant_name,
        address=case.mail_address or case.applicant_address,
        **common,
    )


def harvest(*, now: dt.datetime | None = None, limit: int = 500, start: int | None = None) -> int:
    """One batch: messages for the settled events after the cursor, and the cursor moved past them.
    Returns how many events were read. The first run starts after the ledger's last event (a new outbox
    does not tell people about old steps) unless ``start`` says where."""
    now = now or timezone.now()
    settled = now - dt.timedelta(seconds=settings.NOTIFY_SETTLE_SECONDS)
    with transaction.atomic():
        cursor = lock_cursor(Cursor, CURSOR, selectors.last_event_id if start is None else start)
        if start is not None:
            cursor.position = start
        rows = selectors.case_events_after(cursor.position, limit)
        ready = settled_prefix(((pk, at) for pk, _step, at in rows), settled)
        wanted = [pk for pk, step, _at in rows[: len(ready)] if step in RULES]
        events = selectors.case_events(wanted)
        notices = selectors.notice_data(str((e.data or {}).get("notice") or "") for e in events)
        for event in events:
            _messages_for(event, RULES[event.type], notices)
        advance(cursor, ready, now)
    return len(ready)


def harvest_all(*, now: dt.datetime | None = None, start: int | None = None) -> int:
    """Batches until the settled ledger is read."""
    total = 0
    while True:
        read = harvest(now=now, start=start)
        start = None
        total += read
        if read == 0:
            return total
