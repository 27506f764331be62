"""Read queries of the seal registry and its uses, shared by the pages, the API, the case panel, the archive and
the reports.

Scope is the org rule of ``orgs.selectors``: a center's staff see their own center's seals, county roles the
county's. Lists select what their rows show, so a list costs the same number of queries however long it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, QuerySet, Sum
from django.db.models.functions import TruncMonth

from bianmin.lib.periods import month_end, month_start
from bianmin.orgs.models import Staff
from bianmin.orgs.selectors import staff_of, visible_org_ids
from bianmin.seals.models import (
    HandoverState,
    RequestState,
    Seal,
    SealAttempt,
    SealEvent,
    SealHandover,
    SealRequest,
    SealStatus,
    SealUse,
)

# ---------------------------------------------------------------------------------------------- the registry


def seals(user: Any) -> QuerySet[Seal]:
    """Seals of the user's centers with what a registry row shows, in one query; by center and number."""
    return (
        Seal.objects.filter(org_id__in=sorted(visible_org_ids(user)))
        .select_related("org", "window", "custodian")
        .order_by("org__path", "number")
    )


def seal_for(user: Any, number: Any) -> Seal | None:
    """One seal of the user's scope by its number (out of scope is not found)."""
    text = str(number or "").strip().upper()[:16]
    return seals(user).filter(number=text).first() if text else None


def seal_page(user: Any, number: Any) -> Seal | None:
    """``seal_for`` with its history and its hand-overs, for the seal's page."""
    text = str(number or "").strip().upper()[:16]
    if not text:
        return None
    events = SealEvent.objects.select_related("actor__staff").order_by("at", "id")
    handovers = SealHandover.objects.select_related("from_staff", "to_staff").order_by("-handed_at", "-id")
    return (
        seals(user)
        .prefetch_related(Prefetch("events", queryset=events), Prefetch("handovers", queryset=handovers))
        .filter(number=text)
        .first()
    )


def pending_handover(seal: Seal) -> SealHandover | None:
    return next((h for h in seal.handovers.all() if h.state == HandoverState.PENDING), None)


def kept_by(user: Any) -> QuerySet[Seal]:
    """The seals the user keeps (is custodian of) and may stamp with."""
    staff = staff_of(user)
    if staff is None:
        return Seal.objects.none()
    return seals(user).filter(custodian=staff, status=SealStatus.IN_USE)


def colleagues(org_id: int) -> QuerySet[Staff]:
    """Who may keep a seal of the center (a custodian, a receiver of a hand-over)."""
    return Staff.objects.filter(org_id=org_id, left_on__isnull=True).order_by("name", "pk")


def handovers_to(user: Any) -> QuerySet[SealHandover]:
    """The hand-overs waiting for the user's signature (接收)."""
    staff = staff_of(user)
    if staff is None:
        return SealHandover.objects.none()
    return SealHandover.objects.filter(to_staff=staff, state=HandoverState.PENDING).select_related(
        "seal", "from_staff"
    )


# ---------------------------------------------------------------------------------------------- uses


def uses(user: Any) -> QuerySet[SealUse]:
    """Uses of the user's centers' seals with what a row shows, latest first, in one query."""
    return (
        SealUse.objects.filter(org_id__in=sorted(visible_org_ids(user)))
        .select_related("seal", "org", "used_by", "case", "approver", "requested_by")
        .order_by("-used_at", "-id")
    )


def requests(user: Any) -> QuerySet[SealRequest]:
    """Use requests of the user's centers, latest first."""
    return (
        SealRequest.objects.filter(org_id__in=sorted(visible_org_ids(user)))
        .select_related("seal", "org", "requested_by", "decided_by", "case")
        .order_by("-requested_at", "-id")
    )


def pending_requests(user: Any) -> QuerySet[SealRequest]:
    """The approval queue: pending requests, the oldest first."""
    return requests(user).filter(state=RequestState.PENDING).order_by("requested_at", "id")


def approved_for(user: Any) -> QuerySet[SealRequest]:
    """Approved requests not used yet on the seals the user keeps (what a use is logged against)."""
    staff = staff_of(user)
    if staff is None:
        return SealRequest.objects.none()
    return (
        requests(user).filter(state=RequestState.APPROVED, seal__custodian=staff).order_by("decided_at", "id")
    )


def attempts(user: Any) -> QuerySet[SealAttempt]:
    """Refused uses of the user's centers' seals, latest first."""
    return (
        SealAttempt.objects.filter(org_id__in=sorted(visible_org_ids(user)))
        .select_related("seal", "org", "actor__staff")
        .order_by("-at", "-id")
    )


@dataclass(frozen=True)
class CaseSealUse:
    """One use of a seal on a case, as the case's page and its archive show it."""

    seal_number: str
    seal_name: str
    used_by: str
    used_at: dt.datetime
    impressions: int
    approver: str
    purpose: str
    document: str


def uses_of_case(case_id: int) -> list[CaseSealUse]:
    """The seal uses logged for a case (seal number and name, who, when, impressions, approver), in the order they
    were made; one query. The caller has checked the case is in the reader's scope."""
    rows = (
        SealUse.objects.filter(case_id=case_id)
        .select_related("seal", "used_by", "approver")
        .order_by("used_at", "id")
    )
    return [
        CaseSealUse(
            seal_number=u.seal.number,
            seal_name=u.seal.name,
            used_by=u.used_by.name,
            used_at=u.used_at,
            impressions=u.impressions,
            approver=u.approver.name if u.approver is not None else "",
            purpose=u.purpose,
            document=u.document,
        )
        for u in rows
    ]


# ---------------------------------------------------------------------------------------------- the month's register


@dataclass
class SealMonth:
    """One seal's page of the month's register (用印登记簿): its uses and the impressions they made."""

    seal: Seal
    uses: list[SealUse] = field(default_factory=list)

    @property
    def impressions(self) -> int:
        return sum(u.impressions for u in self.uses)


def parse_month(text: Any) -> dt.date | None:
    """The first day of a month written YYYY-MM, or None."""
    found = re.fullmatch(r"([1-9][0-9]{3})-(0[1-9]|1[0-2])", str(text or ""))
    return dt.date(int(found[1]), int(found[2]), 1) if found else None


def monthly_register(org_ids: Iterable[int], month: dt.date) -> list[SealMonth]:
    """Every seal of ``org_ids`` that is not destroyed before the month, with its uses in the month (by date);
    two queries whatever the month holds."""
    first, last = month_start(month), month_end(month)
    ids = sorted(set(org_ids))
    kept = (
        Seal.objects.filter(org_id__in=ids)
        .exclude(destroyed_on__lt=first)
        .select_related("org", "window", "custodian")
        .order_by("org__path", "number")
    )
    pages = {s.pk: SealMonth(s) for s in kept}
    month_uses = (
        SealUse.objects.filter(org_id__in=ids, used_on__gte=first, used_on__lte=last)
        .select_related("seal", "org", "used_by", "case", "approver", "requested_by")
        .order_by("used_at", "id")
    )
    for use in month_uses:
        page = pages.get(use.seal_id)
        if page is not None:
            page.uses.append(use)
    return list(pages.values())


# ---------------------------------------------------------------------------------------------- counting

# What ``counts`` groups by: the center (org), the seal, its kind, the month (its first day), the staff who used it.
DIMENSIONS = ("org", "seal", "kind", "month", "used_by")


def _dimension(name: str) -> Any:
    if name == "org":
        return F("org_id")
    if name == "seal":
        return F("seal_id")
    if name == "kind":
        return F("seal__kind")
    if name == "month":
        return TruncMonth("used_on")
    if name == "used_by":
        return F("used_by_id")
    raise ValueError(name)


def counts(
    org_ids: Iterable[int],
    start: dt.date,
    end: dt.date,
    by: str | Sequence[str] = (),
    *,
    impressions: bool = False,
) -> dict[tuple[Any, ...], int]:
    """Seal uses at ``org_ids`` from ``start`` to ``end`` (both included, the centers' local dates), grouped
    ``by`` one or more of ``DIMENSIONS``: {(value, …): n}; ``by`` empty gives {(): n}. With ``impressions`` the
    numbers are impressions instead of uses. One query; nothing is asked for an empty range."""
    dims = (by,) if isinstance(by, str) else tuple(by)
    ids = sorted(set(org_ids))
    if start > end or not ids:
        return {}
    rows = SealUse.objects.filter(org_id__in=ids, used_on__gte=start, used_on__lte=end)
    measure = Sum("impressions") if impressions else Count("id")
    if not dims:
        total = rows.aggregate(n=measure)["n"] or 0
        return {(): total} if total else {}
    named = {f"d_{d}": _dimension(d) for d in dims}
    grouped = rows.annotate(**named).values(*named).annotate(n=measure).order_by()
    return {tuple(row[f"d_{d}"] for d in dims): row["n"] for row in grouped}
