"""Reads of the outbox shared by the worker, pages and the API, scoped like every other app's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from bianmin.cases.models import CaseEvent, Notice
from bianmin.cases.steps import Step
from bianmin.lib.identity import mask_name, mask_phone
from bianmin.notify.kinds import DEFAULT_BODIES, ChannelKind, MessageKind
from bianmin.notify.models import DeliveryAttempt, Message, MessageState, MessageTemplate, OptOut
from bianmin.orgs.models import Org
from bianmin.orgs.selectors import staff_of, visible_org_ids


@dataclass(frozen=True)
class Wording:
    kind: str
    body: str
    gateway_template: str
    own: MessageTemplate | None  # the row that words it, None for the built-in wording


def _ancestor_ids(org: Org) -> list[int]:
    return [int(part) for part in org.path.strip("/").split("/") if part.isdigit()] or [org.pk]


def wording_for(org: Org, kind: str) -> Wording:
    """The wording of ``kind`` for ``org``: its own template, else the nearest one above it (a county's
    template words its towns'), else the built-in one."""
    ids = _ancestor_ids(org)
    rows = {t.org_id: t for t in MessageTemplate.objects.filter(kind=kind, org_id__in=ids)}
    for org_id in reversed(ids):
        if org_id in rows:
            row = rows[org_id]
            return Wording(kind, row.body, row.gateway_template, row)
    return Wording(kind, str(DEFAULT_BODIES[kind]), "", None)


def wordings_for(org: Org) -> list[Wording]:
    """Every kind's wording for ``org`` (the template page), in one query."""
    ids = _ancestor_ids(org)
    found: dict[str, MessageTemplate] = {}
    depth = {org_id: i for i, org_id in enumerate(ids)}
    for row in MessageTemplate.objects.filter(org_id__in=ids).select_related("updated_by"):
        if row.kind not in found or depth[row.org_id] > depth[found[row.kind].org_id]:
            found[row.kind] = row
    out = []
    for kind in MessageKind.values:
        chosen = found.get(kind)
        if chosen is not None:
            out.append(Wording(kind, chosen.body, chosen.gateway_template, chosen))
        else:
            out.append(Wording(kind, str(DEFAULT_BODIES[kind]), "", None))
    return out


def opted_out_phones(phones: Iterable[str]) -> set[str]:
    return set(OptOut.objects.filter(phone__in=list(phones)).values_list("phone", flat=True))


def messages_for(user: Any) -> QuerySet[Message]:
    """The messages of the centers the user sees (in-app notifications are their recipients' own and
    listed on the bell, not here)."""
    return (
        Message.objects.filter(org_id__in=visible_org_ids(user))
        .exclude(channel=ChannelKind.INAPP)
        .select_related("org")
        .order_by("-created_at", "-id")
    )


def message_with_attempts(user: Any, pk: int) -> Message | None:
    return (
        messages_for(user)
        .prefetch_related(Prefetch("attempt_log", queryset=DeliveryAttempt.objects.order_by("number", "id")))
        .filter(pk=pk)
        .first()
    )


def notifications_of(user: Any) -> QuerySet[Message]:
    """The bell: the user's own in-app notifications, newest first."""
    staff = staff_of(user)
    if staff is None:
        return Message.objects.none()
    return Message.objects.filter(staff=staff, channel=ChannelKind.INAPP).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    """One query: the bell's number."""
    staff = staff_of(user)
    if staff is None:
        return 0
    return Message.objects.filter(staff=staff, channel=ChannelKind.INAPP, read_at__isnull=True).count()


def print_list(user: Any) -> QuerySet[Message]:
    """Letters to print at the window (those without a phone): handed to the letter channel, not yet printed."""
    return (
        Message.objects.filter(
            org_id__in=visible_org_ids(user),
            channel=ChannelKind.LETTER,
            state__in=[MessageState.PENDING, MessageState.SENDING, MessageState.SENT],
            printed_at__isnull=True,
        )
        .select_related("org")
        .order_by("created_at", "id")
    )


def case_events_after(position: int, limit: int) -> list[tuple[int, str, Any]]:
    """The ledger after the cursor, in id order: (id, step, when) only — the harvest decides how far it may
    read before it loads anything."""
    return list(
        CaseEvent.objects.filter(pk__gt=position).order_by("pk").values_list("pk", "type", "at")[:limit]
    )


def case_events(ids: Iterable[int]) -> list[CaseEvent]:
    """The events with what a message needs: the case, its center, the staff to tell."""
    return list(
        CaseEvent.objects.filter(pk__in=list(ids))
        .select_related(
            "case__org", "case__handler__staff", "case__accepted_by__staff", "case__registered_by__staff"
        )
        .order_by("pk")
    )


def notice_data(numbers: Iterable[str]) -> dict[str, dict]:
    """The issued notices' contents by number (the one-time notice's list of missing materials)."""
    return dict(Notice.objects.filter(number__in=[n for n in numbers if n]).values_list("number", "data"))


def last_urge(event: CaseEvent) -> CaseEvent | None:
    """The urging a reply answers: the case's latest 督办 before it."""
    return (
        CaseEvent.objects.filter(case_id=event.case_id, type=Step.URGE, seq__lt=event.seq)
        .select_related("actor__staff")
        .order_by("-seq")
        .first()
    )


def last_event_id() -> int:
    return CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def mask_recipient(message: Message) -> str:
    """A phone as 138****0000, an e-mail as z****@example.com, a letter's name as 张*."""
    recipient = message.recipient
    if message.channel == "sms":
        return mask_phone(recipient)
    if message.channel == "email":
        local, _at, domain = recipient.partition("@")
        return f"{mask_name(local)}@{domain}" if domain else mask_name(recipient)
    if message.channel == "letter":
        return mask_name(recipient)
    return recipient
