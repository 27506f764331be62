"""去向公示牌: the hall screen showing, per window, who holds it (AB岗) and where they are right now.

Where each person is comes from attendance alone (``attendance.selectors_cover``: leave, trips out,
sign-ins, the office hours; a whereabouts typed in the admin only as an override), and so does who serves
each window and which window is empty (空岗, in red). Today's 带班领导 and duty staff come from the roster.
It runs unattended on a wall screen (a kiosk): no site navigation, every window visible without scrolling.
A hall with more windows than one screen holds pages through them, one page every ``PAGE_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from dataclasses import dataclass
from itertools import groupby
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from bianmin.attendance.selectors_cover import WindowCover, moment_at, window_cover
from bianmin.duty.models import DutyKind
from bianmin.duty.selectors import on_duty
from bianmin.hall import selectors
from bianmin.orgs.models import Org, Staff, Window

REFRESH_SECONDS = 60
# Five columns by two rows fill a 1920×1080 screen; more windows are shown a page at a time.
PAGE_SIZE = 10
PAGE_SECONDS = 20
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


def initials(name: str) -> str:
    """What stands in for a missing photo: the surname of a Chinese name, the initials of a Latin one."""
    name = name.strip()
    if not name:
        return "?"
    if name.isascii():
        return "".join(part[0] for part in name.split()[:2]).upper()
    return name[0]


def _window_row(cover: WindowCover) -> dict[str, Any]:
    posts: list[dict[str, Any]] = [
        {
            "post": p,
            "staff": p.staff,
            "initials": initials(p.staff.name),
            "status": (presence.state, presence.label),
            "note": presence.note,
        }
        for p, presence in cover.holders
    ]
    # AB岗: when post A is away, post B takes the window; the board says who serves it now.
    serving = next((p for p in posts if p["post"] == cover.serving), None)
    return {"window": cover.window, "posts": posts, "serving": serving, "empty": cover.empty}


def duty_today(center: Org, day: dt.date) -> dict[str, list[Staff]]:
    """The roster's 带班领导 and everyone else on duty at the center today (000 篇2: 每天至少1名领导带班)."""
    entries = on_duty(center, day)
    return {
        "leaders": [e.staff for e in entries if e.kind == DutyKind.LEADER],
        "others": [e.staff for e in entries if e.kind != DutyKind.LEADER],
    }


@dataclass(frozen=True)
class ScreenPage:
    """One screenful: up to ``PAGE_SIZE`` windows of one center (``town`` when a county shows its towns)."""

    town: Org | None
    windows: list[Window]


def screen_pages(org: Org, windows: list[Window]) -> list[ScreenPage]:
    """Pages of at most ``PAGE_SIZE`` windows; a county's towns never share a page, so each has its title."""
    pages = []
    for org_id, group in groupby(windows, key=lambda w: w.org_id):
        chunk = list(group)
        town = None if org_id == org.pk else chunk[0].org
        pages += [ScreenPage(town, chunk[i : i + PAGE_SIZE]) for i in range(0, len(chunk), PAGE_SIZE)]
    return pages or [ScreenPage(None, [])]


def board(org: Org, now: dt.datetime, page_number: int = 1) -> dict[str, Any]:
    """Everything the screen shows at ``now`` (local time): one page of windows and the hall's period.

    The period (办公/午休/下班) is the one of the center whose windows the page shows: a county's screen
    paging through its towns tells each town's own hours."""
    pages = screen_pages(org, selectors.screen_windows(org))
    number = page_number if 1 <= page_number <= len(pages) else 1
    page = pages[number - 1]
    center = page.town or org
    prefetch_related_objects([center], "office_hours")  # read twice below, fetched once
    staff = list({p.staff_id: p.staff for w in page.windows for p in w.posts.all()}.values())
    moment = moment_at(center, staff, now)
    return {
        "period": moment.period,
        "hours": center.office_hours_on(now.date()),
        "town": page.town,
        "rows": [_window_row(c) for c in window_cover(page.windows, moment)],
        "duty": duty_today(center, moment.day),
        "page_number": number,
        "page_count": len(pages),
        "next_page": number % len(pages) + 1,
    }


def screen(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.center(code)
    if org is None:
        raise Http404("no such center")
    now = timezone.localtime()
    page = request.GET.get("page", "1")
    context = board(org, now, int(page) if page.isdigit() and len(page) < 4 else 1)
    many = context["page_count"] > 1
    context.update(
        org=org,
        now=now,
        # One page refreshes itself every minute; several turn to the next page, which is fresh as well.
        refresh=PAGE_SECONDS if many else REFRESH_SECONDS,
        next_url=f"?{urlencode({'page': context['next_page']})}" if many else "",
        page_seconds=PAGE_SECONDS,
    )
    return render(request, "hall/screen.html", context)


@cache_control(max_age=300, public=True)
def staff_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A staff photo for the board. Media is not public, so only photos the board shows are served."""
    staff: Staff | None = selectors.staff_with_photo(pk)
    if staff is None or not staff.photo.storage.exists(staff.photo.name):
        raise Http404("no photo")
    content_type = mimetypes.guess_type(f"x{PurePosixPath(staff.photo.name).suffix.lower()}")[0]
    if content_type not in PHOTO_TYPES:
        raise Http404("not an image")
    return FileResponse(staff.photo.open("rb"), content_type=content_type)
