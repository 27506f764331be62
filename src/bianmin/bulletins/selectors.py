"""Reads of public notices (公告) shared by the hall page, the station page, the hall screen's ticker, the
counter and the API.

What a place shows (``current``): the published notices valid today of the place itself and of every org
above it — a village station shows its town's and its county's, a town its own and its county's — pinned
first, then the newest. The org's ancestors come from its materialised path, so this is one query.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from bianmin.bulletins.models import Bulletin, BulletinState
from bianmin.orgs.models import Org, OrgKind
from bianmin.orgs.selectors import visible_org_ids

CENTER_KINDS = (OrgKind.COUNTY, OrgKind.TOWN)
PUBLIC_ORG_KINDS = (OrgKind.COUNTY, OrgKind.TOWN, OrgKind.VILLAGE)


def lineage_ids(org: Org) -> list[int]:
    """The org and every org above it, from its path ("/1/4/9/")."""
    ids = [int(part) for part in (org.path or "").split("/") if part.isdigit()]
    return ids or [org.pk]


def valid_on(today: dt.date) -> Q:
    return Q(valid_from__lte=today) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))


def shown_at(org: Org, today: dt.date) -> QuerySet[Bulletin]:
    """The published notices valid on ``today`` that ``org``'s hall shows, pinned first, newest next."""
    return (
        Bulletin.objects.filter(org_id__in=lineage_ids(org), state=BulletinState.PUBLISHED)
        .filter(valid_on(today))
        .select_related("org")
        .order_by("-pinned", "-valid_from", "-published_at", "-id")
    )


def current(org: Org, today: dt.date) -> list[Bulletin]:
    """公告 shown at ``org`` on ``today``: valid today, the org's own and its county's (and, for a village
    station, its town's), pinned first. One query."""
    return list(shown_at(org, today))


def public_org(code: str) -> Org | None:
    """The county, town or village org with division code ``code`` (None for anything else)."""
    code = (code or "").strip()
    if not code or len(code) > 12:
        return None
    return Org.objects.filter(code=code, kind__in=PUBLIC_ORG_KINDS).first()


def public_bulletin(org: Org, pk: int, today: dt.date) -> Bulletin | None:
    """One notice as ``org``'s public page may show it: published, valid today, of the org or above it."""
    return shown_at(org, today).filter(pk=pk).first()


def staff_bulletins(user: Any) -> QuerySet[Bulletin]:
    """Every notice of the centers the staff member sees (drafts and withdrawn ones too), newest first."""
    return (
        Bulletin.objects.filter(org_id__in=sorted(visible_org_ids(user)))
        .select_related("org", "created_by", "published_by", "withdrawn_by")
        .order_by("-created_at", "-id")
    )
