"""效能评估考核 pages: the ranking (with a bar chart drawn by the server), the score entries (own; a
director's and supervisor's: everyone's), a manual entry, its approval, the month's scoring and the Excel
export."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bianmin.lib.errors import DomainError
from bianmin.lib.periods import parse_period
from bianmin.orgs.models import Org, Staff
from bianmin.orgs.selectors import staff_of
from bianmin.performance import actions, exports, selectors
from bianmin.performance.filters import ScoreEntryFilter
from bianmin.performance.models import EntryStatus, Source, TableKind

ENTRIES_PAGE = 50


def _require(request: HttpRequest, perm: str = "performance.view_scoreentry") -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _bars(rows: list[Any]) -> list[dict[str, Any]]:
    """Each row's score as a bar of width 0–100 (the best score is the full width)."""
    top = max((r.score for r in rows), default=Decimal(0))
    out = []
    for r in rows:
        width = int(max(r.score, Decimal(0)) * 100 / top) if top > 0 else 0
        out.append({"row": r, "width": width})
    return out


@login_required
def ranking_page(request: HttpRequest) -> HttpResponse:
    _require(request)
    now = timezone.now()
    key = request.GET.get("period") or timezone.localtime(now).strftime("%Y-%m")
    try:
        period = parse_period(key)
    except DomainError as e:
        messages.error(request, e.message)
        period = parse_period(timezone.localtime(now).strftime("%Y-%m"))
    org_ids = selectors.ranking_org_ids(request.user)
    result = selectors.ranking(org_ids, period)
    if request.GET.get("format") == "xlsx":
        if not selectors.sees_all(request.user):
            raise PermissionDenied
        entries = (
            selectors.visible_entries(request.user)
            .filter(
                org_id__in=org_ids,
                status=EntryStatus.APPROVED,
                month__range=(period.first, period.last),
            )
            .order_by("day", "pk")
        )
        return exports.xlsx_response(result, entries)
    return render(
        request,
        "performance/ranking.html",
        {
            "period": period,
            "ranking": result,
            "staff_bars": _bars(result.staff),
            "window_bars": _bars(result.windows),
            "sees_all": selectors.sees_all(request.user),
            "can_score": request.user.has_perm("performance.run_scoring"),
        },
    )


@login_required
def entries_page(request: HttpRequest) -> HttpResponse:
    _require(request)
    qs = selectors.visible_entries(request.user).order_by("-day", "-pk")
    filtered = ScoreEntryFilter(request.GET or None, queryset=qs)
    page = Paginator(filtered.qs, ENTRIES_PAGE).get_page(request.GET.get("page"))
    params = {k: v for k, v in request.GET.items() if v}
    return render(
        request,
        "performance/entries.html",
        {
            "page": page,
            "entries": page.object_list,
            "params": params,
            "statuses": EntryStatus.choices,
            "sources": Source.choices,
            "can_decide": request.user.has_perm("performance.decide_score"),
            "can_record": request.user.has_perm("performance.record_manual_score"),
        },
    )


def _manual_choices(request: HttpRequest) -> tuple[list[Staff], list[Any]]:
    org_ids = selectors.ranking_org_ids(request.user)
    staff = list(Staff.objects.filter(org_id__in=org_ids).select_related("org").order_by("org__path", "name"))
    me = staff_of(request.user)
    org = me.org if me is not None else None
    table = (
        selectors.table_in_force(org, TableKind.POINTS, timezone.localdate().replace(day=1)) if org else None
    )
    rules = list(table.rules.all()) if table else []
    return staff, rules


@login_required
def manual_new(request: HttpRequest) -> HttpResponse:
    _require(request, "performance.record_manual_score")
    staff, rules = _manual_choices(request)
    values: dict[str, str] = {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in ("staff", "rule", "day", "evidence")}
        target = next((s for s in staff if str(s.pk) == values["staff"]), None)
        day = parse_date(values["day"] or "")
        try:
            if target is None:
                raise DomainError("staff_required", _("请选择工作人员"))
            if day is None:
                raise DomainError("day_required", _("请填写日期"))
            actions.record_manual(
                actor=request.user,
                org=Org.objects.get(pk=target.org_id),
                staff=target,
                rule_code=values["rule"],
                day=day,
                evidence=values["evidence"],
                now=timezone.now(),
            )
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("记分已登记，待中心主任审核后计入"))
            return redirect("performance-entries")
    return render(request, "performance/manual.html", {"staff": staff, "rules": rules, "values": values})


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    _require(request, "performance.decide_score")
    if decision not in ("approve", "refuse"):
        raise PermissionDenied
    try:
        actions.decide(
            actor=request.user,
            entry_id=pk,
            approve=decision == "approve",
            note=request.POST.get("note", ""),
            now=timezone.now(),
        )
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已认定") if decision == "approve" else _("未认定"))
    return redirect("performance-entries")


@login_required
@require_POST
def score(request: HttpRequest) -> HttpResponse:
    """Run the month's scoring for the director's own center and its stations (idempotent)."""
    _require(request, "performance.run_scoring")
    try:
        period = parse_period(request.POST.get("period", ""))
        if period.kind != "month":
            raise DomainError("bad_period", _("请按月计分"))
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("performance-ranking")
    written = 0
    for org in Org.objects.filter(pk__in=selectors.ranking_org_ids(request.user)):
        written += actions.score_month(org, period.first, now=timezone.now())
    messages.success(request, _("已计分 %(n)s 条") % {"n": written})
    return redirect(f"{reverse('performance-ranking')}?period={period.key}")
