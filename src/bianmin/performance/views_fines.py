"""罚款 page (003 太湖乡 第十八–二十一条): a month's cash fines per staff member, each with its rule and source,
and the totals in 元, at a center that uses the fines table that month; with its Excel download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bianmin.lib.errors import DomainError
from bianmin.performance import exports, selectors


@login_required
def fines_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("performance.view_scoreentry"):
        raise PermissionDenied
    this_month = timezone.localdate().strftime("%Y-%m")
    try:
        period = selectors.month_period(request.GET.get("period") or this_month)
    except DomainError as e:
        messages.error(request, e.message)
        period = selectors.month_period(this_month)
    result = selectors.fines(request.user, selectors.ranking_org_ids(request.user), period)
    if request.GET.get("format") == "xlsx":
        return exports.fines_response(result)
    return render(
        request,
        "performance/fines.html",
        {"fines": result, "period": period, "sees_all": selectors.sees_all(request.user)},
    )
