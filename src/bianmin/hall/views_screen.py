"""去向公示牌: the hall screen showing, per window, who holds it (AB岗) and where they are right now."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from bianmin.hall import selectors
from bianmin.orgs.models import Post, Staff, Whereabouts

REFRESH_SECONDS = 60
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


def initials(name: str) -> str:
    """What stands in for a missing photo: the surname of a Chinese name, the initials of a Latin one."""
    name = name.strip()
    if not name:
        return "?"
    if name.isascii():
        return "".join(part[0] for part in name.split()[:2]).upper()
    return name[0]


def _window_row(window: Any) -> dict[str, Any]:
    posts = [{"post": p, "staff": p.staff, "initials": initials(p.staff.name)} for p in window.posts.all()]
    on_duty = [p for p in posts if p["staff"].whereabouts == Whereabouts.ON_DUTY]
    # AB岗: when post A is away, post B takes the window; the board says who serves it now.
    serving = next((p for p in on_duty if p["post"].post == Post.A), None) or next(iter(on_duty), None)
    return {"window": window, "posts": posts, "serving": serving}


def screen(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.center(code)
    if org is None:
        raise Http404("no such center")
    now = timezone.localtime()
    rows = [_window_row(w) for w in selectors.screen_windows(org)]
    return render(
        request,
        "hall/screen.html",
        {
            "org": org,
            "rows": rows,
            "now": now,
            "refresh": REFRESH_SECONDS,
            "section": "screen",
            "hours": org.office_hours_on(now.date()),
        },
    )


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
