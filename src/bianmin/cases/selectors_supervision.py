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

from bianmin.cases.deadlines import closing_time
from bianmin.cases.models import Case, CaseEvent
from bianmin.cases.selectors import visible_cases
from bianmin.cases.steps import Step
from bianmin.orgs.models import Org
from bianmin.orgs.selectors import visible_org_ids

# How far back a case still waits for its 批示 on the board: a month (the centers report monthly, 001).
REVIEW_LOOKBACK_DAYS = 31
URGINGS_LIMIT = 200
URGING_STEPS = (Step.URGE, Step.REPLY_URGE)


def _org_ids(user_or_orgs: Any) -> list[int]:
    """A user's visible centers, or the orgs (or their ids) given."""
    if hasattr(user_or_orgs, "has_perm"):
        return sorted(visible_org_ids(user_or_orgs))
    return sorted(o.pk if isinstance(o, Org) else int(o) for o in user_or_orgs)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


# ------------------------------------------------------------------------------------------------ 批示


def registered_today(user: Any, today: dt.date) -> QuerySet[Case]:
    """The cases the user sees registered on ``today``, oldest first (the leader's list to review)."""
    start = _day_start(today)
    return (
        visible_cases(user)
        .filter(registered_at__gte=start, registered_at__lt=start + dt.timedelta(days=1))
        .select_related("org", "window", "handler__staff")
        .order_by("registered_at", "id")
    )


def registered_unreviewed(user: Any, today: dt.date) -> QuerySet[Case]:
    """Today's cases still without a 批示: what 全部已阅 reviews."""
    return registered_today(user, today).filter(reviewed_at__isnull=True)


def _day_over(org_ids: Iterable[int], today: dt.date, now: dt.datetime) -> tuple[list[int], list[int]]:
    """The orgs whose business day is over at ``now`` (past their closing hours), and the others."""
    local = timezone.localtime(now)
    over: list[int] = []
    open_: list[int] = []
    orgs = Org.objects.filter(pk__in=list(org_ids)).prefetch_related("office_hours")
    for org in orgs:
        closes = closing_time(org, today)
        done = local.date() > today or (closes is not None and local.time() >= closes)
        (over if done else open_).append(org.pk)
    return over, open_


def unreviewed_cases(
    user_or_orgs: Any, today: dt.date, now: dt.datetime, *, since: dt.date | None = None
) -> QuerySet[Case]:
    """Cases left without the leader's 批示 (000 篇2 批示: 对当天申办事项…进行批示): registered on an earlier
    day (within the last month, ``since``), or today once the center's business day is over.

    Read from the ``case_unreviewed`` partial index (org, registered_at WHERE reviewed_at IS NULL)."""
    org_ids = _org_ids(user_or_orgs)
    since = since or today - dt.timedelta(days=REVIEW_LOOKBACK_DAYS)
    start, end = _day_start(since), _day_start(today)
    closed = Q(org_id__in=org_ids, registered_at__lt=end)
    over, _open = _day_over(org_ids, today, now) if org_ids else ([], [])
    if over:
        closed |= Q(org_id__in=over, registered_at__lt=end + dt.timedelta(days=1))
    return Case.objects.filter(closed, registered_at__gte=start, reviewed_at__isnull=True)


def unreviewed_count(user_or_orgs: Any, today: dt.date, now: dt.datetime, **kwargs: Any) -> int:
    """``unreviewed_cases`` counted (the board's figure)."""
    return unreviewed_cases(user_or_orgs, today, now, **kwargs).order_by().count()


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
    org_ids = _org_ids(user_or_orgs)
    since = since or today - dt.timedelta(days=REVIEW_LOOKBACK_DAYS)
    events = list(
        CaseEvent.objects.filter(org_id__in=org_ids, type__in=URGING_STEPS, at__gte=_day_start(since))
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
