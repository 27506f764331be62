"""统计报表 pages: the statistics table of an org (chosen within the user's scope), a period and a
breakdown, with totals, each number a link to the cases behind it; the same table as Excel and CSV."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_name
from bianmin.lib.periods import Period, parse_period
from bianmin.orgs.models import Org
from bianmin.reports import exports, selectors
from bianmin.reports.figures import BREAKDOWNS, COLUMN

DRILL_PAGE = 50


def _breakdowns() -> list[tuple[str, str]]:
    labels = {
        "total": _("合计"),
        "window": _("按窗口"),
        "item": _("按事项"),
        "station": _("按代办点"),
        "kind": _("按办件类型"),
        "channel": _("按申请渠道"),
        "town": _("按乡镇"),
    }
    return [(code, labels[code]) for code in BREAKDOWNS]


def _choice(request: HttpRequest) -> tuple[Org, Period, str]:
    """The org, period and breakdown a request asks for; a bad period or breakdown falls back to this
    month's total with a message; an org out of scope is refused."""
    if not request.user.has_perm("reports.view_statistics"):
        raise PermissionDenied
    try:
        org = selectors.statistics_org(request.user, request.GET.get("org"))
    except DomainError as e:
        if e.kind == "not_found":
            raise Http404(str(e.message)) from None
        raise PermissionDenied(str(e.message)) from None
    this_month = timezone.localdate().strftime("%Y-%m")
    try:
        period = parse_period(request.GET.get("period") or this_month)
    except DomainError as e:
        messages.error(request, e.message)
        period = parse_period(this_month)
    by = request.GET.get("by") or "total"
    if by not in BREAKDOWNS:
        messages.error(request, _("未知的分组方式"))
        by = "total"
    return org, period, by


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    org, period, by = _choice(request)
    table = selectors.statistics(org, period, by, today=timezone.localdate())
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return exports.xlsx_response(table)
    if fmt == "csv":
        return exports.csv_response(table)
    base = {"org": org.code, "period": period.key, "by": by}

    def cells(row: selectors.Row) -> list[dict[str, Any]]:
        out = []
        for c in table.columns:
            value = row.values.get(c.code)
            link = None
            if c.drillable and value:
                link = "?" + urlencode({**base, "figure": c.code, "key": row.key})
            out.append({"value": value, "kind": c.kind, "link": link})
        return out

    return render(
        request,
        "reports/statistics.html",
        {
            "table": table,
            "rows": [{"row": r, "cells": cells(r)} for r in table.rows] if by != "total" else [],
            "total_cells": cells(table.total),
            "orgs": selectors.statistics_orgs(request.user),
            "breakdowns": _breakdowns(),
            "query": urlencode(base),
        },
    )


@login_required
def drill_page(request: HttpRequest) -> HttpResponse:
    """The cases behind one number: paginated, applicants' names masked, each linking to its case page."""
    org, period, by = _choice(request)
    figure = request.GET.get("figure", "")
    key = request.GET.get("key") or None
    try:
        cases = selectors.drill(org, period, figure, key, by, today=timezone.localdate())
    except DomainError as e:
        raise Http404(str(e.message)) from None
    cases = cases.select_related("org", "window", "item__current").only(
        "number",
        "applicant_name",
        "state",
        "kind",
        "registered_at",
        "concluded_at",
        "due_date",
        "org__name",
        "org__short_name",
        "window__name",
        "window__number",
        "item__current__name",
        "item__code",
    )
    page = Paginator(cases, DRILL_PAGE).get_page(request.GET.get("page"))
    rows = [{"case": c, "applicant": mask_name(c.applicant_name)} for c in page.object_list]
    column = COLUMN[figure]
    return render(
        request,
        "reports/drill.html",
        {
            "org": org,
            "period": period,
            "by": by,
            "column": column,
            "key": key,
            "page": page,
            "rows": rows,
            "back": urlencode({"org": org.code, "period": period.key, "by": by}),
        },
    )
