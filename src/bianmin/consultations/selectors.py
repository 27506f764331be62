"""Read queries of the consultation log and the FAQ, shared by the pages, the API and the reports.

Scope is the org rule of ``orgs.selectors``: a center's staff see their own center's consultations (and its
stations'), county roles the county's. Lists select what their rows show, so a list costs the same number
of queries however many rows it has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Case as SqlCase
from django.db.models import Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth

from bianmin.catalog.models import ServiceItem
from bianmin.consultations.models import Consultation, ConsultationEvent, Faq, FaqState, State
from bianmin.orgs.models import Org, OrgKind, Staff
from bianmin.orgs.selectors import staff_of, visible_org_ids

# ---------------------------------------------------------------------------------------------- the log


def consultations(user: Any) -> QuerySet[Consultation]:
    """Consultations in the user's scope with what a list row shows, in one query; latest first."""
    return (
        Consultation.objects.filter(org_id__in=sorted(visible_org_ids(user)))
        .select_related("org", "window", "item__current", "owner", "first_contact", "case")
        .order_by("-asked_at", "-id")
    )


def consultation_for(user: Any, pk: int) -> Consultation | None:
    """One consultation in the user's scope with its log of events, or None (out of scope is not found)."""
    events = ConsultationEvent.objects.select_related("actor__staff", "from_staff", "to_staff")
    return (
        consultations(user)
        .select_related("answered_by__staff", "market_day")
        .prefetch_related(Prefetch("events", queryset=events.order_by("at", "id")))
        .filter(pk=pk)
        .first()
    )


def of_day(rows: QuerySet[Consultation], day: dt.date) -> QuerySet[Consultation]:
    return rows.filter(asked_on=day)


def follow_ups(user: Any) -> QuerySet[Consultation]:
    """Consultations still being followed up in the user's scope, the earliest due first."""
    return consultations(user).filter(state=State.FOLLOW_UP).order_by("due_date", "asked_at", "id")


def my_follow_ups(user: Any) -> QuerySet[Consultation]:
    """The follow-ups the user answers for now (首问负责: until the matter is settled)."""
    staff = staff_of(user)
    if staff is None:
        return Consultation.objects.none()
    return follow_ups(user).filter(owner=staff)


def colleagues(org_id: int) -> QuerySet[Staff]:
    """Who a consultation can be handed to: the staff of its center."""
    return Staff.objects.filter(org_id=org_id).order_by("name", "pk")


def center_items(org: Org) -> QuerySet[ServiceItem]:
    """The items a consultation at ``org`` may name: those enabled at the center (a station's: its town's)."""
    center = org.parent_id if org.kind == OrgKind.VILLAGE and org.parent_id else org.pk
    return (
        ServiceItem.objects.filter(active=True, current__isnull=False, enabled_at=center)
        .select_related("current")
        .order_by("code")
    )


def recent_topics(org_id: int, today: dt.date, limit: int = 30) -> list[str]:
    """The topics asked most at the center lately, for the quick form's suggestions: the same wording
    for the same question is what lets the FAQ count it."""
    since = today - dt.timedelta(days=settings.CONSULTATION_FAQ_DAYS)
    rows = (
        Consultation.objects.filter(org_id=org_id, asked_on__gte=since)
        .values("topic")
        .annotate(n=Count("id"))
        .order_by("-n", "topic")[:limit]
    )
    return [r["topic"] for r in rows]


# ---------------------------------------------------------------------------------------------- counting

# What ``counts`` groups by: a center, window, item, month (its first day), channel, or village station (a
# consultation at a station; None at the center itself).
DIMENSIONS = ("center", "window", "item", "month", "channel", "station")


def _dimension(name: str) -> Any:
    if name == "center":
        return F("org_id")
    if name == "window":
        return F("window_id")
    if name == "item":
        return F("item_id")
    if name == "month":
        return TruncMonth("asked_on")
    if name == "channel":
        return F("channel")
    if name == "station":
        return SqlCase(
            When(org__kind=OrgKind.VILLAGE, then=F("org_id")),
            default=Value(None),
            output_field=IntegerField(),
        )
    raise ValueError(name)


def counts(
    org_ids: Iterable[int], start: dt.date, end: dt.date, by: str | Sequence[str] = ()
) -> dict[tuple[Any, ...], int]:
    """Consultations asked at ``org_ids`` from ``start`` to ``end`` (both included, the centers' local
    dates), grouped ``by`` one or more of ``DIMENSIONS``: {(value, …): n}; ``by`` empty gives {(): n}.
    One query; nothing is asked for an empty range."""
    dims = (by,) if isinstance(by, str) else tuple(by)
    ids = sorted(set(org_ids))
    if start > end or not ids:
        return {}
    rows = Consultation.objects.filter(org_id__in=ids, asked_on__gte=start, asked_on__lte=end)
    if not dims:
        total = rows.count()
        return {(): total} if total else {}
    named = {f"d_{d}": _dimension(d) for d in dims}
    grouped = rows.annotate(**named).values(*named).annotate(n=Count("id")).order_by()
    return {tuple(row[f"d_{d}"] for d in dims): row["n"] for row in grouped}


# ---------------------------------------------------------------------------------------------- the FAQ


@dataclass(frozen=True)
class Frequent:
    """A topic asked at least ``CONSULTATION_FAQ_MIN_ASKED`` times in the last ``CONSULTATION_FAQ_DAYS``."""

    item_id: int
    topic: str
    asked: int


def frequent_topics(
    org_ids: Iterable[int], today: dt.date, *, item_ids: Iterable[int] | None = None
) -> list[Frequent]:
    """The frequent questions per item (常见问题的来源), most asked first; one query."""
    since = today - dt.timedelta(days=settings.CONSULTATION_FAQ_DAYS)
    rows = Consultation.objects.filter(
        org_id__in=sorted(set(org_ids)), item__isnull=False, asked_on__gt=since, asked_on__lte=today
    )
    if item_ids is not None:
        rows = rows.filter(item_id__in=sorted(set(item_ids)))
    grouped = (
        rows.values("item_id", "topic")
        .annotate(n=Count("id"))
        .filter(n__gte=settings.CONSULTATION_FAQ_MIN_ASKED)
        .order_by("-n", "item_id", "topic")
    )
    return [Frequent(r["item_id"], r["topic"], r["n"]) for r in grouped]


def faqs(user: Any) -> QuerySet[Faq]:
    """The FAQ rows of the user's centers, every state, by item."""
    return (
        Faq.objects.filter(org_id__in=sorted(visible_org_ids(user)))
        .select_related("org", "item__current")
        .order_by("item__code", "position", "id")
    )


def published_faq(item: ServiceItem, org: Org | None = None, limit: int = 20) -> list[Faq]:
    """An item's published FAQ for its public guide page: the chosen center's, or every center's when none
    is chosen (a question answered at two centers shown once). One query."""
    rows = Faq.objects.filter(item=item, state=FaqState.PUBLISHED)
    if org is not None:
        rows = rows.filter(
            Q(org=org) | Q(org_id=org.parent_id) if org.kind == OrgKind.VILLAGE else Q(org=org)
        )
    seen: set[str] = set()
    out: list[Faq] = []
    for faq in rows.order_by("position", "-published_at", "id")[: limit * 3]:
        if faq.question not in seen:
            seen.add(faq.question)
            out.append(faq)
    return out[:limit]
