"""Read queries over cases, shared by pages, the API and the supervision board."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from bianmin.cases.deadlines import closing_time
from bianmin.cases.models import Case, CaseState, PendingUpload
from bianmin.orgs.models import Org
from bianmin.orgs.selectors import station_ids_below, station_of, visible_org_ids
from bianmin.workdays.services import add_workdays

RUNNING = CaseState.running_states()
# How far back a case still waits for its 批示 on the board: a month (the centers report monthly, 001).
REVIEW_LOOKBACK_DAYS = 31


def _readable_org_ids(actor: Any) -> frozenset[int]:
    return visible_org_ids(actor) | station_ids_below(actor)


def case_scope(actor: Any) -> Q:
    """Cases an actor may see: their centers' (county roles: the county's; a town's staff: the town's and
    its stations' own), plus, for a village agent, every case their station took, whichever center owns it.
    A town never sees another town's cases, nor the county's (its escalations' results come back on its
    own case). Acting is narrower: ``guards.holder_refusal``."""
    # Literal ids (cached per user) rather than a subquery: the planner then knows the center it plans for.
    scope = Q(org_id__in=sorted(_readable_org_ids(actor)))
    station = station_of(actor)
    if station is not None:
        scope |= Q(station_id=station)
    return scope


def in_scope(case: Case, actor: Any) -> bool:
    """``case_scope`` for one case already in hand, without a query once the actor's orgs are known."""
    station = station_of(actor)
    return case.org_id in _readable_org_ids(actor) or (station is not None and case.station_id == station)


def visible_cases(user: Any) -> QuerySet[Case]:
    return Case.objects.filter(case_scope(user))


def list_cases(user: Any) -> QuerySet[Case]:
    """The scoped list with what a list row shows, in a fixed number of queries."""
    return (
        visible_cases(user)
        .select_related("org", "window", "handler__staff", "item")
        .order_by("-registered_at")
    )


def case_details(user: Any) -> QuerySet[Case]:
    """``list_cases`` with what the case's full view (API detail, action answers) also shows."""
    return (
        list_cases(user)
        # the network's links the API names (the station's code, the county case's number); the pages' lists
        # do without these joins
        .select_related("item_version", "first_contact", "station", "upstream_case")
        .prefetch_related("materials", "tasks__completed_by")
    )


def running(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases whose clock runs: accepted or in progress (a suspended case's clock is stopped)."""
    return cases.filter(state__in=RUNNING)


def due_today(cases: QuerySet[Case], today: dt.date) -> QuerySet[Case]:
    return running(cases).filter(due_date=today)


def due_within(cases: QuerySet[Case], days: int, today: dt.date, region: str | None = None) -> QuerySet[Case]:
    """Running cases due between today and the ``days``-th working day after today (not yet overdue)."""
    horizon = add_workdays(today, days, region).date if days > 0 else today
    return running(cases).filter(due_date__gte=today, due_date__lte=horizon)


def overdue(cases: QuerySet[Case], today: dt.date) -> QuerySet[Case]:
    """Running cases not concluded by the end of their due date."""
    return running(cases).filter(due_date__lt=today)


def per_window_counts(cases: QuerySet[Case], today: dt.date) -> list[dict[str, Any]]:
    """Open, due-today and overdue counts per window, in one query."""
    rows = (
        running(cases)
        .values("window_id", "window__name", "window__number")
        .annotate(
            # COUNT(*) and the due date the index carries: the counts are read from the index alone.
            open=Count("*"),
            due_today=Count("due_date", filter=Q(due_date=today)),
            overdue=Count("due_date", filter=Q(due_date__lt=today)),
        )
        .order_by("window__number")
    )
    return list(rows)


def held_uploads(token: str) -> dict[int, PendingUpload]:
    """The files held for an online application form (``actions.hold_upload``), the latest per material."""
    held: dict[int, PendingUpload] = {}
    if not token:
        return held
    for row in PendingUpload.objects.filter(token=token[:64]).order_by("material_id", "-id"):
        held.setdefault(row.material_id, row)
    return held


# ------------------------------------------------------------------------------------------------ 批示


def org_ids_of(user_or_orgs: Any) -> list[int]:
    """A user's visible centers, or the orgs (or their ids) given."""
    if hasattr(user_or_orgs, "has_perm"):
        return sorted(visible_org_ids(user_or_orgs))
    return sorted(o.pk if isinstance(o, Org) else int(o) for o in user_or_orgs)


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


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
    user_or_orgs: Any, today: dt.date, now: dt.datetime | None = None, *, since: dt.date | None = None
) -> QuerySet[Case]:
    """Cases left without the leader's 批示 (000 篇2 批示: 对当天申办事项…进行批示): registered on an earlier
    day (within the last month, ``since``), or today once the center's business day is over at ``now``
    (without ``now``, today's cases are not counted yet).

    Read from the ``case_unreviewed`` partial index (org, registered_at WHERE reviewed_at IS NULL)."""
    org_ids = org_ids_of(user_or_orgs)
    since = since or today - dt.timedelta(days=REVIEW_LOOKBACK_DAYS)
    start, end = day_start(since), day_start(today)
    closed = Q(org_id__in=org_ids, registered_at__lt=end)
    over, _open = _day_over(org_ids, today, now) if org_ids and now is not None else ([], [])
    if over:
        closed |= Q(org_id__in=over, registered_at__lt=end + dt.timedelta(days=1))
    return Case.objects.filter(closed, registered_at__gte=start, reviewed_at__isnull=True)


def unreviewed_count(user_or_orgs: Any, today: dt.date, now: dt.datetime | None = None, **kwargs: Any) -> int:
    """``unreviewed_cases`` counted (the board's figure)."""
    return unreviewed_cases(user_or_orgs, today, now, **kwargs).order_by().count()
