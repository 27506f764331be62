"""Read queries of the public pages (no login): centers, the guide, the hall screen.

The catalog's own search lives in ``catalog.selectors.published_items``; this module only adds what the
public pages need around it, each in a fixed number of queries so the pages stay fast on a busy day.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from bianmin.catalog.models import ServiceItem
from bianmin.catalog.selectors import published_items
from bianmin.orgs.models import Org, OrgKind, Staff, Window, WindowPost

# Citizens apply at a county or town center; a village station forwards to its town (代办), so it is no
# "center" of its own on the public pages.
CENTER_KINDS = (OrgKind.COUNTY, OrgKind.TOWN)


def centers() -> QuerySet[Org]:
    return Org.objects.filter(kind__in=CENTER_KINDS).order_by("path")


def center(code: str) -> Org | None:
    """The center with division code ``code``, or None (an unknown code is no error on a public page)."""
    code = (code or "").strip()
    if not code or len(code) > 12:
        return None
    return centers().filter(code=code).first()


def guide_items(
    *, org: Org | None, q: str = "", window: str = "", category: str = "", online_only: bool = False
) -> QuerySet[ServiceItem]:
    """Items for the guide list. The list shows no materials, so the selector's prefetches are dropped."""
    items = published_items(q=q, org_code=org.code if org else "", window=window, category=category)
    if online_only:
        items = items.filter(current__online_allowed=True)
    return items.prefetch_related(None)


def guide_categories(org: Org | None) -> list[str]:
    """The categories that have at least one item (at the center, when one is chosen)."""
    items = (
        published_items(org_code=org.code if org else "").prefetch_related(None).exclude(current__category="")
    )
    return sorted(set(items.values_list("current__category", flat=True)))


def center_windows(org: Org | None, codes: list[str] | None = None) -> list[Window]:
    if org is None:
        return []
    windows = Window.objects.filter(org=org, active=True).order_by("number", "code")
    if codes is not None:
        windows = windows.filter(code__in=codes)
    return list(windows)


def published_item(code: str) -> ServiceItem | None:
    """One item with its current version, materials and joint windows (three queries)."""
    return published_items().filter(code=code).first()


def screen_windows(org: Org) -> list[Window]:
    """The hall screen (去向公示牌): every active window with its posts and staff, A before B.

    Two queries whatever the number of windows: windows, then posts joined to their staff.
    """
    posts = WindowPost.objects.select_related("staff").order_by("post", "staff__name")
    return list(
        Window.objects.filter(org=org, active=True)
        .order_by("number", "code")
        .prefetch_related(Prefetch("posts", queryset=posts))
    )


def staff_with_photo(staff_id: int) -> Staff | None:
    """A staff member whose photo the hall screen may show: one who holds a post at an active window.

    Photos are public on the board, but only for people the board shows; anyone else stays private.
    """
    return Staff.objects.filter(pk=staff_id, posts__window__active=True).exclude(photo="").distinct().first()
