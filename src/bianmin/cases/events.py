"""Writing the audit trail (留痕): one hash-chained CaseEvent per change, in the change's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.cases.models import Case, CaseEvent
from bianmin.lib.hashchain import GENESIS, link_hash


def actor_display(actor: Any) -> str:
    if actor is None:
        return ""
    staff = getattr(actor, "staff", None)
    return staff.name if staff is not None else actor.get_username()


def event_payload(
    *,
    number: str,
    seq: int,
    type: str,
    actor_id: int | None,
    at: dt.datetime,
    from_state: str,
    to_state: str,
    data: dict[str, Any],
) -> dict[str, Any]:
    """What an event's hash covers. ``at`` is written in UTC with microseconds, as every backend stores it."""
    return {
        "case": number,
        "seq": seq,
        "type": type,
        "actor": actor_id,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "from": from_state,
        "to": to_state,
        "data": data,
    }


def payload_of(event: CaseEvent, number: str) -> dict[str, Any]:
    return event_payload(
        number=number,
        seq=event.seq,
        type=event.type,
        actor_id=event.actor_id,
        at=event.at,
        from_state=event.from_state,
        to_state=event.to_state,
        data=event.data,
    )


def record_event(
    case: Case,
    type: str,
    *,
    actor: Any,
    now: dt.datetime,
    from_state: str = "",
    to_state: str = "",
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    """Append an event to ``case`` (locked by the caller) and advance its chain; the caller saves the case."""
    seq = case.event_count + 1
    prev = case.last_hash or GENESIS
    data = data or {}
    payload = event_payload(
        number=case.number,
        seq=seq,
        type=type,
        actor_id=actor.pk if actor else None,
        at=now,
        from_state=from_state,
        to_state=to_state,
        data=data,
    )
    event = CaseEvent.objects.create(
        case=case,
        org_id=case.org_id,
        seq=seq,
        type=type,
        actor=actor,
        actor_name=actor_display(actor),
        at=now,
        from_state=from_state,
        to_state=to_state,
        data=data,
        prev_hash=prev,
        hash=link_hash(prev, payload),
    )
    case.event_count = seq
    case.last_hash = event.hash
    return event
