"""Read queries over cases, shared by pages, the API and the supervision board."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from bianmin.cases.models import Case, CaseState, PendingUpload
from bianmin.orgs.selectors import station_ids_below, station_of, visible_org_ids
from bianmin.workdays.services import add_workdays

RUNNING = CaseState.running_states()


def _readable_org_ids(actor: Any) -> frozenset[int]:
    return visible_org_ids(actor) | station_ids_below(actor)


def case_scope(actor: Any) -> Q:
    """Cases an actor may see: their centers' (county roles: the county's; a town's staff: the town's and
    its stations' own), plus, for a village agent, every case their station took, whichever center owns it.
    A town never sees another town's cases, nor the county's (its escalations' results come back on its
    own case). Acting is narrower: ``lifecycle.holder_refusal``."""
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
