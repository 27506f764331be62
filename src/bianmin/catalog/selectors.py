"""Read queries over the catalog, shared by the public pages and the API."""

from __future__ import annotations

import copy
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from bianmin.catalog.models import (
    JointParticipant,
    Material,
    ServiceItem,
    ServiceItemVersion,
    StationDelegation,
)
from bianmin.orgs.models import Org


def published_items(
    *, q: str = "", org_code: str = "", window: str = "", category: str = ""
) -> QuerySet[ServiceItem]:
    """Active items with a published version, their materials prefetched (two queries in all)."""
    items = (
        ServiceItem.objects.filter(active=True, current__isnull=False)
        .select_related("current")
        .prefetch_related(
            Prefetch("current__materials", queryset=Material.objects.order_by("position", "id")),
            Prefetch("current__participants", queryset=JointParticipant.objects.order_by("id")),
        )
        .order_by("code")
    )
    if q:
        q = q.strip()
        items = items.filter(
            Q(code__icontains=q)
            | Q(current__name__icontains=q)
            | Q(current__implementation_code__icontains=q)
            | Q(current__aliases__icontains=q)
            | Q(current__pinyin_initials__contains=f" {q.lower()}")
            | Q(current__category__icontains=q)
        )
    if org_code:
        items = items.filter(enabled_at__code=org_code)
    if window:
        # A JSON-text match works alike on SQLite and PostgreSQL; codes are quoted so "MZ" never matches "MZ2".
        items = items.filter(current__window_codes__icontains=f'"{window}"')
    if category:
        items = items.filter(current__category=category)
    return items


_SNAPSHOTS: dict[tuple[int, str], dict[str, Any]] = {}


def version_snapshot(version: ServiceItemVersion) -> dict[str, Any]:
    """A frozen, JSON-ready copy of a version: what a case keeps of the rules it was registered under.

    A published version never changes, so its snapshot is kept in process, keyed by id and publication
    time (an id alone could be reused by another database in tests). Callers get a copy."""
    key = (version.pk, version.published_at.isoformat())
    if key not in _SNAPSHOTS:
        if len(_SNAPSHOTS) > 2000:
            _SNAPSHOTS.clear()
        _SNAPSHOTS[key] = _build_snapshot(version)
    return copy.deepcopy(_SNAPSHOTS[key])


def _build_snapshot(version: ServiceItemVersion) -> dict[str, Any]:
    fee = version.fee
    return {
        "code": version.item.code,
        "version": version.version,
        "name": version.name,
        "implementation_code": version.implementation_code,
        "category": version.category,
        "department": version.department,
        "kind": version.kind,
        "window_codes": list(version.window_codes),
        "conditions": version.conditions,
        "legal_basis": version.legal_basis,
        "notice_basis": version.notice_basis,
        "statutory_days": version.statutory_days,
        "promised_days": version.promised_days,
        "fee": str(fee),
        "fee_text": "不收费" if not fee else f"{fee} 元（{version.fee_basis}）",
        "fee_basis": version.fee_basis,
        "fee_due_at": version.fee_due_at,
        "fee_waivers": version.fee_waivers,
        "needs_seal": version.needs_seal,
        "decided_by": version.decided_by,
        "proxy_allowed": version.proxy_allowed,
        "in_person_required": version.in_person_required,
        "procedure": [str(step) for step in version.procedure or []],
        "mandatory_steps": [str(step) for step in version.mandatory_steps or []],
        "materials": [
            {
                "id": m.pk,
                "name": m.name,
                "originals": m.originals,
                "copies": m.copies,
                "mandatory": m.mandatory,
                "note": m.note,
            }
            for m in version.materials.all()
        ],
        "participants": [
            {"window_code": p.window_code, "task": p.task, "days": p.days} for p in version.participants.all()
        ],
    }


def delegated_to_station(item: ServiceItem, station: Org) -> bool:
    """Whether ``station`` may accept and conclude ``item`` itself: delegated to it, or to all stations of
    its town (004 第三条(二))."""
    orgs = [station.pk] + ([station.parent_id] if station.parent_id else [])
    return StationDelegation.objects.filter(item=item, org_id__in=orgs).exists()


def delegated_items(station: Org) -> QuerySet[ServiceItem]:
    """The items ``station`` accepts and concludes itself (its own, and its town's for all stations)."""
    orgs = [station.pk] + ([station.parent_id] if station.parent_id else [])
    return ServiceItem.objects.filter(delegations__org_id__in=orgs).distinct()
