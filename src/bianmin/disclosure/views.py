"""办结公告: a center's concluded cases of a quarter on a public page, with its figures and the archive of
published quarters. No account; every view takes a slot of the per-client limit (``limits``)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bianmin.disclosure import selectors
from bianmin.disclosure.limits import reserve_view
from bianmin.lib.errors import DomainError
from bianmin.lib.periods import quarter_of

PAGE_SIZE = 50


def disclosure(request: HttpRequest, code: str) -> HttpResponse:
    try:
        reserve_view(request)
    except DomainError as err:
        return render(request, "disclosure/disclosure.html", {"error": err.message}, status=err.status)
    org = selectors.center(code)
    if org is None:
        raise Http404("no such center")
    today = timezone.localdate()
    context: dict[str, Any] = {"org": org, "section": "disclosure", "current": quarter_of(today)}
    context["archive"] = selectors.archive(org)
    try:
        period = selectors.quarter_choice(request.GET.get("quarter"), today)
    except DomainError as err:
        context["error"] = err.message
        return render(request, "disclosure/disclosure.html", context, status=err.status)
    content = selectors.quarter_content(org, period, today)
    page = Paginator(content.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        content=content,
        page=page,
        rows=[{**row, "result_label": selectors.result_label(row["result"])} for row in page.object_list],
        previous=selectors.previous_quarter(period),
    )
    return render(request, "disclosure/disclosure.html", context)
