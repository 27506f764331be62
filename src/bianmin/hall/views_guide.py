"""办事指南: the service guide with the six disclosures (六公开), sample files and the printable 便民卡."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from bianmin.catalog.models import Material, ServiceItem, ServiceItemVersion
from bianmin.hall import selectors
from bianmin.hall.views import chosen_center
from bianmin.lib.qr import qr_svg
from bianmin.orgs.models import Org

PAGE_SIZE = 20


def _current(item: ServiceItem) -> ServiceItemVersion:
    # The guide's selectors return published items only, so every item here has a current version.
    assert item.current is not None
    return item.current


def guide(request: HttpRequest) -> HttpResponse:
    """Browse by window and category, search by name, code or pinyin initials (dbsq → 低保申请)."""
    org = chosen_center(request)
    q = request.GET.get("q", "").strip()[:50]
    category = request.GET.get("category", "").strip()[:40]
    window = request.GET.get("window", "").strip()[:20] if org else ""
    online = request.GET.get("online") == "1"
    windows = selectors.center_windows(org)
    items = selectors.guide_items(org=org, q=q, window=window, category=category, online_only=online)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    versions = [(item, _current(item)) for item in page]
    names = selectors.window_names(org, (c for _i, v in versions for c in v.window_codes), own=windows)
    rows = [{"item": i, "v": v, "windows": [names[c] for c in v.window_codes]} for i, v in versions]
    # Every filter link keeps the others, so paging a search stays inside the search.
    params = {
        k: v
        for k, v in {
            "org": org.code if org else "",
            "q": q,
            "category": category,
            "window": window,
            "online": "1" if online else "",
        }.items()
        if v
    }
    return render(
        request,
        "hall/guide_list.html",
        {
            "org": org,
            "centers": list(selectors.centers()) if org is None else [],
            "q": q,
            "category": category,
            "window": window,
            "online": online,
            "windows": windows,
            "categories": selectors.guide_categories(org),
            "page": page,
            "rows": rows,
            "query": urlencode(params),
            "section": "apply" if online else "guide",
            "org_query": urlencode({"org": org.code}) if org else "",
        },
    )


def _procedure(version: ServiceItemVersion) -> list[dict[str, str]]:
    """Steps as the catalog stores them: plain strings, or objects with a name and a description."""
    steps = []
    for step in version.procedure or []:
        if isinstance(step, dict):
            steps.append(
                {
                    "name": str(step.get("name") or step.get("step") or ""),
                    "detail": str(step.get("description") or step.get("detail") or ""),
                }
            )
        else:
            steps.append({"name": str(step), "detail": ""})
    return steps


def item_or_404(code: str) -> ServiceItem:
    item = selectors.published_item(code)
    if item is None:
        raise Http404("no such item")
    return item


def item_context(item: ServiceItem, org: Org | None) -> dict[str, Any]:
    version = _current(item)
    participants = list(version.participants.all())
    codes = list(version.window_codes) + [
        p.window_code for p in participants if p.window_code not in version.window_codes
    ]
    windows = selectors.window_names(org, codes)
    enabled = [o for o in item.enabled_at.all() if o.kind in selectors.CENTER_KINDS]
    return {
        "item": item,
        "v": version,
        "org": org,
        "materials": list(version.materials.all()),
        "participants": [{"p": p, "window": windows[p.window_code]} for p in participants],
        "windows": [windows[code] for code in version.window_codes],
        "procedure": _procedure(version),
        "enabled_centers": enabled,
        "enabled_here": org is not None and any(o.pk == org.pk for o in enabled),
        "org_query": urlencode({"org": org.code}) if org else "",
        "section": "guide",
    }


def item_page(request: HttpRequest, code: str) -> HttpResponse:
    """One item's six disclosures (六公开), its flags and the windows that take it."""
    context = item_context(item_or_404(code), chosen_center(request))
    return render(request, "hall/guide_item.html", context)


def public_item_url(item: ServiceItem, org: Org | None) -> str:
    """The absolute address a printed card points to: it must work from a phone outside the hall."""
    url = f"{settings.PUBLIC_BASE_URL}{reverse('hall-item', args=[item.code])}"
    return f"{url}?{urlencode({'org': org.code})}" if org else url


def card(request: HttpRequest, code: str) -> HttpResponse:
    """便民卡: a one-page printable card (A5) with a QR code to the item page."""
    item = item_or_404(code)
    org = chosen_center(request)
    context = item_context(item, org)
    url = public_item_url(item, org)
    # segno writes the SVG from our own URL only; nothing a visitor typed goes into it unescaped.
    context.update(qr=mark_safe(qr_svg(url, scale=4)), qr_url=url)
    return render(request, "hall/card.html", context)


def sample(request: HttpRequest, pk: int) -> FileResponse:
    """A material's sample form (样表), served through this view since uploads are not public."""
    material = (
        Material.objects.filter(pk=pk, version__item__active=True)
        .exclude(sample="")
        .select_related("version")
        .first()
    )
    if material is None or not material.sample.storage.exists(material.sample.name):
        raise Http404("no sample")
    suffix = PurePosixPath(material.sample.name).suffix.lower()
    content_type = mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"
    return FileResponse(
        material.sample.open("rb"),
        as_attachment=True,
        filename=f"{material.name}{suffix}",
        content_type=content_type,
    )
