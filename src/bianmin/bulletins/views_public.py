"""公告 public pages, no login: the notices a center or village station shows today, and one notice."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bianmin.bulletins import selectors
from bianmin.bulletins.limits import reserve_view
from bianmin.lib.errors import DomainError


def _reserve(request: HttpRequest) -> HttpResponse | None:
    try:
        reserve_view(request)
    except DomainError as err:
        return render(request, "bulletins/throttled.html", {"message": err.message}, status=err.status)
    return None


def public_list(request: HttpRequest, code: str) -> HttpResponse:
    if (refused := _reserve(request)) is not None:
        return refused
    org = selectors.public_org(code)
    if org is None:
        raise Http404("no such center")
    bulletins = selectors.current(org, timezone.localdate())
    return render(request, "bulletins/public_list.html", {"org": org, "bulletins": bulletins})


def public_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    if (refused := _reserve(request)) is not None:
        return refused
    org = selectors.public_org(code)
    bulletin = selectors.public_bulletin(org, pk, timezone.localdate()) if org is not None else None
    if bulletin is None:
        raise Http404("no such notice")
    return render(request, "bulletins/public_detail.html", {"org": org, "bulletin": bulletin})
