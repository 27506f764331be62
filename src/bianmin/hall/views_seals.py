"""办件留痕日封存公示: a center's sealed days on its public page, so the roots are copied outside the database."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from bianmin.cases.selectors_audit import PUBLISHED_DAYS, published_seals
from bianmin.hall import selectors


def seals(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.center(code)
    if org is None:
        raise Http404("no such center")
    return render(
        request,
        "hall/seals.html",
        {"org": org, "seals": published_seals(org), "days": PUBLISHED_DAYS, "section": "seals"},
    )
