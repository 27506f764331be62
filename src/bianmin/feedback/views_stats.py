"""评价统计: 002 天彭镇 — 电子评价器由镇纪委每周一次统计，每月一次评定. The week's counts by level per window and
per staff member, the month's 满意度 per window and per staff member with a bar chart (plain CSS, drawn by
the server), each row leading to its ratings; the same figures as Excel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bianmin.feedback.models import Level
from bianmin.feedback.selectors import month_of, statistics, week_of
from bianmin.feedback.stats import export_xlsx, parse_period
from bianmin.lib.errors import DomainError
from bianmin.orgs.selectors import sees_many_centers, visible_centers, visible_org_ids

STATS = "feedback.view_all_ratings"


def _day(raw: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def _month(raw: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{raw}-01") if raw else default
    except ValueError:
        return default


@login_required
@permission_required(STATS, raise_exception=True)
def stats_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    if request.GET.get("format") == "xlsx":
        try:
            return export_xlsx(parse_period(request.user, request.GET, today=today))
        except DomainError as err:
            messages.error(request, str(err.message))
    org_ids = visible_org_ids(request.user)
    center = request.GET.get("center", "")
    if center:
        found = visible_centers(request.user).filter(code=center).values_list("pk", flat=True).first()
        org_ids = frozenset({found}) if found is not None else frozenset()
    week_start, week_end = week_of(_day(request.GET.get("week", ""), today))
    month_start, month_end = month_of(_month(request.GET.get("month", ""), today))
    weekly = {by: statistics(org_ids, week_start, week_end, by) for by in ("window", "staff")}
    monthly = {by: statistics(org_ids, month_start, month_end, by) for by in ("window", "staff")}
    context: dict[str, Any] = {
        "levels": Level.choices,
        "week_start": week_start,
        "week_end": week_end,
        "prev_week": week_start - dt.timedelta(days=7),
        "next_week": week_start + dt.timedelta(days=7),
        "month_start": month_start,
        "month_end": month_end,
        "prev_month": month_of(month_start - dt.timedelta(days=1))[0],
        "next_month": month_end + dt.timedelta(days=1),
        "weekly": weekly,
        "monthly": monthly,
        "center": center,
        "many_centers": sees_many_centers(request.user),
        "centers": list(visible_centers(request.user)) if sees_many_centers(request.user) else [],
    }
    return render(request, "feedback/stats.html", context)
