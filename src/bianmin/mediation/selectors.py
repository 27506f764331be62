"""Read queries of the mediations, shared by the pages, the API, the supervision board and the reports.

Scope is the org rule of ``orgs.selectors``: a town's staff see their center's mediations (those its stations
registered too), a village agent the ones registered at the station, county roles the county's. Lists select
what their rows show, so a list costs the same number of queries however many rows it has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet

from bianmin.mediation.models import (
    OPEN_STATES,
    Mediation,
    MediationEvent,
    MediationState,
    Outcome,
    Party,
    Session,
)
from bianmin.orgs.models import Org, OrgKind, Staff
from bianmin.orgs.selectors import visible_org_ids


def in_scope(user: Any) -> Q:
    """The mediations ``user`` sees: of a visible center, or registered at a visible station."""
    if getattr(user, "is_superuser", False):
        return Q()
    ids = sorted(visible_org_ids(user))
    return Q(org_id__in=ids) | Q(station_id__in=ids)


def mediations(user: Any) -> QuerySet[Mediation]:
    """Mediations in the user's scope with what a list row shows; latest first."""
    return (
        Mediation.objects.filter(in_scope(user))
        .select_related("org", "station")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.order_by("position")),
            Prefetch("mediators", queryset=Staff.objects.order_by("name")),
        )
        .order_by("-registered_at", "-id")
    )


def mediation_for(user: Any, pk: int) -> Mediation | None:
    """One mediation in the user's scope with its sessions, agreement, signatures and events, or None."""
    sessions = Session.objects.prefetch_related("attendees").order_by("held_on", "id")
    events = MediationEvent.objects.select_related("actor__staff").order_by("at", "id")
    return (
        mediations(user)
        .select_related("market_day", "registered_by__staff", "agreement")
        .prefetch_related(
            Prefetch("sessions", queryset=sessions),
            Prefetch("events", queryset=events),
            "agreement__signatures",
        )
        .filter(pk=pk)
        .first()
    )


def session_for(user: Any, pk: int) -> Session | None:
    """One session of a mediation in the user's scope, or None."""
    return (
        Session.objects.filter(pk=pk).filter(mediation__in=Mediation.objects.filter(in_scope(user))).first()
    )


def overdue(rows: QuerySet[Mediation], today: dt.date) -> QuerySet[Mediation]:
    """Open mediations past their limit, and agreements whose follow-up visit is past due."""
    return rows.filter(
        Q(state__in=OPEN_STATES, due_on__lt=today) | Q(state=MediationState.AGREED, follow_up_due__lt=today)
    )


def mediator_choices(org: Org) -> QuerySet[Staff]:
    """Who may mediate a dispute of ``org`` (a town center): its staff and its stations' agents."""
    return Staff.objects.filter(Q(org=org) | Q(org__parent=org, org__kind=OrgKind.VILLAGE)).order_by(
        "org__kind", "name", "pk"
    )


def signed_party_ids(mediation: Mediation) -> set[int]:
    agreement = getattr(mediation, "agreement", None)
    if agreement is None:
        return set()
    return {s.party_id for s in agreement.signatures.all()}


# ---------------------------------------------------------------------------------------------- supervision


@dataclass(frozen=True)
class Warning:
    """One line of the supervision board's mediation panel."""

    mediation: Mediation
    what: str  # "near" (the limit is ≤ MEDIATION_WARNING_DAYS away), "overdue", "follow_up_overdue"
    due: dt.date
    days: int  # days left (near) or days late (overdue)


def due_warnings(org_ids: Iterable[int], today: dt.date) -> list[Warning]:
    """Open mediations of ``org_ids`` near (≤ ``MEDIATION_WARNING_DAYS`` calendar days) or past their limit,
    and agreements whose follow-up visit (回访) is overdue; the latest first. One query."""
    ids = sorted(set(org_ids))
    if not ids:
        return []
    near = today + dt.timedelta(days=settings.MEDIATION_WARNING_DAYS)
    rows = (
        Mediation.objects.filter(Q(org_id__in=ids) | Q(station_id__in=ids))
        .filter(
            Q(state__in=OPEN_STATES, due_on__lte=near)
            | Q(state=MediationState.AGREED, follow_up_due__lt=today)
        )
        .select_related("org")
        .order_by("due_on", "id")
    )
    out: list[Warning] = []
    for m in rows:
        if m.state == MediationState.AGREED and m.follow_up_due is not None:
            out.append(Warning(m, "follow_up_overdue", m.follow_up_due, (today - m.follow_up_due).days))
        elif m.due_on < today:
            out.append(Warning(m, "overdue", m.due_on, (today - m.due_on).days))
        else:
            out.append(Warning(m, "near", m.due_on, (m.due_on - today).days))
    order = {"overdue": 0, "follow_up_overdue": 1, "near": 2}
    return sorted(out, key=lambda w: (order[w.what], w.due, w.mediation.pk))


# ---------------------------------------------------------------------------------------------- counting

DIMENSIONS = ("org",)


def counts(
    org_ids: Iterable[int], start: dt.date, end: dt.date, by: str | Sequence[str] = ()
) -> dict[tuple[Any, ...], dict[str, int]]:
    """Mediations of ``org_ids`` (town centers) from ``start`` to ``end`` (both included): {(value, …):
    {"mediations": registered then, "mediation_agreements": agreements that took effect then,
    "mediations_referred": referrals closed then}}, grouped ``by`` ``"org"`` or nothing ({(): {…}}).
    Two queries; nothing is asked for an empty range. Rows with every figure 0 are left out."""
    dims = (by,) if isinstance(by, str) else tuple(by)
    for d in dims:
        if d not in DIMENSIONS:
            raise ValueError(d)
    ids = sorted(set(org_ids))
    if start > end or not ids:
        return {}
    named = {"d_org": F("org_id")} if dims else {}
    registered = Mediation.objects.filter(org_id__in=ids, registered_on__gte=start, registered_on__lte=end)
    ended = Mediation.objects.filter(org_id__in=ids, ended_on__gte=start, ended_on__lte=end)
    out: dict[tuple[Any, ...], dict[str, int]] = {}

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(row[f"d_{d}"] for d in dims)

    def slot(k: tuple[Any, ...]) -> dict[str, int]:
        return out.setdefault(k, {"mediations": 0, "mediation_agreements": 0, "mediations_referred": 0})

    if dims:
        regs = list(registered.annotate(**named).values(*named).annotate(n=Count("id")).order_by())
        ends = list(
            ended.annotate(**named)
            .values(*named)
            .annotate(
                agreements=Count("id", filter=Q(outcome=Outcome.AGREEMENT)),
                referred=Count("id", filter=Q(outcome=Outcome.REFERRED)),
            )
            .order_by()
        )
    else:
        regs = [registered.aggregate(n=Count("id"))]
        ends = [
            ended.aggregate(
                agreements=Count("id", filter=Q(outcome=Outcome.AGREEMENT)),
                referred=Count("id", filter=Q(outcome=Outcome.REFERRED)),
            )
        ]
    for row in regs:
        if row["n"]:
            slot(key(row))["mediations"] = row["n"]
    for row in ends:
        if row["agreements"] or row["referred"]:
            s = slot(key(row))
            s["mediation_agreements"] = row["agreements"]
            s["mediations_referred"] = row["referred"]
    return {k: v for k, v in out.items() if any(v.values())}
