"""Read queries of the public pages (no login): centers, the guide, the hall screen.

The catalog's own search lives in ``catalog.selectors.published_items``; this module only adds what the
public pages need around it, each in a fixed number of queries so the pages stay fast on a busy day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class WindowName:
    """How the public pages name a window: "1号窗口 民政窗口" at the chosen center, else its name alone."""

    code: str
    name: str
    number: int | None = None


def window_names(
    org: Org | None, codes: Iterable[str], own: list[Window] | None = None
) -> dict[str, WindowName]:
    """Names for catalog window codes ("MZ"), looked up once per page.

    The center's own windows (``own`` when the page has them already) give number and name. A code the
    center has no window for — no center chosen, or a county center without windows of its own — takes the
    name centers give it, nearest first (below the center, then in its county, then anywhere), in one query.
    Only a code no center has a window for is shown as the code.
    """
    wanted = set(codes)
    if own is None:
        own = center_windows(org, sorted(wanted)) if org is not None and wanted else []
    names = {w.code: WindowName(w.code, w.name, w.number) for w in own if w.code in wanted}
    missing = wanted - names.keys()
    if missing:
        county_path = f"/{org.path.strip('/').split('/')[0]}/" if org is not None else ""

        def nearness(path: str) -> int:
            if org is not None and path.startswith(org.path):
                return 0
            return 1 if county_path and path.startswith(county_path) else 2

        found = Window.objects.filter(code__in=missing, active=True).values_list("code", "name", "org__path")
        for code, name, _path in sorted(found, key=lambda row: (nearness(row[2]), row[2])):
            names.setdefault(code, WindowName(code, name))
    for code in wanted - names.keys():
        names[code] = WindowName(code, code)
    return names


def published_item(code: str) -> ServiceItem | None:
    """One item with its current version, materials and joint windows (three queries)."""
    return published_items().filter(code=code).first()


def screen_windows(org: Org) -> list[Window]:
    """The hall screen (去向公示牌): every active window with its posts and staff, A before B.

    A county center without windows of its own shows its towns' windows, town by town (its hall answers
    for the towns' service and villagers ask there who is at which town's window). Two queries whatever
    the number of windows: windows with their center, then posts joined to their staff.
    """
    posts = WindowPost.objects.select_related("staff").order_by("post", "staff__name")
    windows = (
        Window.objects.filter(active=True)
        .select_related("org")
        .prefetch_related(Prefetch("posts", queryset=posts))
    )
    own = list(windows.filter(org=org).order_by("number", "code"))
    if own or org.kind != OrgKind.COUNTY:
        return own
    towns = windows.filter(org__path__startswith=org.path, org__kind=OrgKind.TOWN)
    return list(towns.order_by("org__path", "number", "code"))


def staff_with_photo(staff_id: int) -> Staff | None:
    """A staff member whose photo the hall screen may show: one who holds a post at an active window.

    Photos are public on the board, but only for people the board shows; anyone else stays private.
    """
    return Staff.objects.filter(pk=staff_id, posts__window__active=True).exclude(photo="").distinct().first()
