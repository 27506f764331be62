"""Reads of the leader's day (000 篇2 帶班領導: 批示 and 督办) and of pending extension requests, shared by
the counter's pages, the API and the supervision board.

The case row carries what the ledger says (``reviewed_at``, ``urge_reply_by``, ``extension_requested_days``)
so the counts are read from small partial indexes; the notes themselves are the events'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from bianmin.cases.models import Case, CaseEvent
from bianmin.cases.selectors import (
    REVIEW_LOOKBACK_DAYS,
    day_start,
    org_ids_of,
    running,
    visible_cases,
)
from bianmin.cases.steps import Step
from bianmin.workdays.services import add_workdays

URGINGS_LIMIT = 200
URGING_STEPS = (Step.URGE, Step.REPLY_URGE)


# ------------------------------------------------------------------------------------------------ 批示


def registered_today(user: Any, today: dt.date) -> QuerySet[Case]:
    """The cases the user sees registered on ``today``, oldest first (the leader's list to review)."""
    start = day_start(today)
    return (
        visible_cases(user)
        .filter(registered_at__gte=start, registered_at__lt=start + dt.timedelta(days=1))
        .select_related("org", "window", "handler__staff")
        .order_by("registered_at", "id")
    )


def registered_unreviewed(user: Any, today: dt.date) -> QuerySet[Case]:
    """Today's cases still without a 批示: what 全部已阅 reviews."""
    return registered_today(user, today).filter(reviewed_at__isnull=True)


def review_events(cases: Iterable[Case]) -> dict[int, CaseEvent]:
    """The 批示 of each of these cases (its first review event), in one query."""
    ids = [c.pk for c in cases if c.reviewed_at is not None]
    found: dict[int, CaseEvent] = {}
    if ids:
        rows = CaseEvent.objects.filter(case_id__in=ids, type=Step.REVIEW).order_by("seq")
        for e in rows.select_related("actor__staff"):
            found.setdefault(e.case_id, e)
    return found


# ------------------------------------------------------------------------------------------------ 督办


@dataclass(frozen=True)
class OpenUrging:
    """A case waiting for its handler's reply to one or more urgings."""

    case: Case
    reply_by: dt.date
    overdue: bool
    urgings: list[CaseEvent]  # the unanswered urge events, oldest first


def _urging_events() -> Prefetch:
    events = CaseEvent.objects.filter(type__in=URGING_STEPS).select_related("actor__staff").order_by("seq")
    return Prefetch("events", queryset=events, to_attr="urging_events")


def open_urgings(user: Any, today: dt.date) -> list[OpenUrging]:
    """The urgings the user owes a reply to (their cases as handler, or as the clerk who took a case not
    handed over yet), soonest deadline first, with whether the deadline has passed. Two queries."""
    if not getattr(user, "is_authenticated", False):
        return []
    mine = Q(handler=user) | Q(handler__isnull=True, first_contact=user)
    cases = (
        visible_cases(user)
        .filter(mine, urge_reply_by__isnull=False)
        .select_related("org", "window", "handler__staff")
        .prefetch_related(_urging_events())
        .order_by("urge_reply_by", "registered_at")
    )
    out = []
    for case in cases:
        assert case.urge_reply_by is not None
        events = case.urging_events  # type: ignore[attr-defined]
        last_reply = max((e.seq for e in events if e.type == Step.REPLY_URGE), default=0)
        unanswered = [e for e in events if e.type == Step.URGE and e.seq > last_reply]
        out.append(OpenUrging(case, case.urge_reply_by, today > case.urge_reply_by, unanswered))
    return out


def open_urging_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    mine = Q(handler=user) | Q(handler__isnull=True, first_contact=user)
    return visible_cases(user).filter(mine, urge_reply_by__isnull=False).count()


@dataclass(frozen=True)
class Urging:
    """One 督办 and its reply (None while unanswered); ``overdue``: unanswered past its deadline, or
    answered after it."""

    event: CaseEvent
    case: Case
    reply_by: dt.date | None
    reply: CaseEvent | None
    overdue: bool


def urgings_of(user_or_orgs: Any, today: dt.date, *, since: dt.date | None = None) -> list[Urging]:
    """The urgings of the user's centers (or the orgs given) since ``since`` (a month by default), newest
    first, each with its reply. Read from the ``event_urgings`` partial index; one query."""
    org_ids = org_ids_of(user_or_orgs)
    since = since or today - dt.timedelta(days=REVIEW_LOOKBACK_DAYS)
    events = list(
        CaseEvent.objects.filter(org_id__in=org_ids, type__in=URGING_STEPS, at__gte=day_start(since))
        .select_related("case__org", "case__handler__staff", "actor__staff")
        .order_by("-at", "-id")[: URGINGS_LIMIT * 2]
    )
    replies: dict[int, list[CaseEvent]] = {}
    for e in events:
        if e.type == Step.REPLY_URGE:
            replies.setdefault(e.case_id, []).append(e)
    out = []
    for e in events:
        if e.type != Step.URGE:
            continue
        reply = min(
            (r for r in replies.get(e.case_id, []) if r.seq > e.seq), key=lambda r: r.seq, default=None
        )
        by = _date(e.data.get("reply_by"))
        if reply is None:
            overdue = by is not None and today > by
        else:
            overdue = bool(by is not None and timezone.localdate(reply.at) > by)
        out.append(Urging(e, e.case, by, reply, overdue))
    return out[:URGINGS_LIMIT]


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


# ------------------------------------------------------------------------------------------- 延期申请


def pending_extensions(user: Any) -> QuerySet[Case]:
    """Cases with an extension request waiting for a leader's decision, soonest due first."""
    return (
        visible_cases(user)
        .filter(extension_requested_days__gt=0)
        .select_related("org", "handler__staff")
        .order_by("due_date", "id")
    )


# How far ahead the leader's list looks for cases about to be late: beyond any county's warning threshold
# (预警, ``cases.deadlines``); each row's level then decides whether it is shown.
LATE_HORIZON_WORKDAYS = 5
LATE_LIMIT = 100


def late_candidates(user: Any, today: dt.date, region: str | None = None) -> QuerySet[Case]:
    """Running cases due within the next few working days or overdue, most overdue first — the 督办 list's
    candidates; the page keeps those whose warning level is not normal."""
    horizon = add_workdays(today, LATE_HORIZON_WORKDAYS, region).date
    return (
        running(visible_cases(user))
        .filter(due_date__lte=horizon)
        .select_related("org", "window", "handler__staff")
        .order_by("due_date", "id")[:LATE_LIMIT]
    )
