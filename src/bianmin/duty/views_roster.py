"""值班表 pages: a month's roster as a calendar, the director's generation and hand edits, swaps, the log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bianmin.duty import actions, selectors
from bianmin.duty.forms import AssignForm, LogForm, SwapForm
from bianmin.duty.models import DutyEntry, DutyKind
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org, Staff
from bianmin.orgs.selectors import staff_of

VIEW = "duty.view_dutyentry"


def _month(request: HttpRequest) -> tuple[int, int]:
    parsed = selectors.parse_month(request.GET.get("month"))
    if parsed is None:
        today = timezone.localdate()
        return today.year, today.month
    return parsed


def _org(request: HttpRequest, code: str | None) -> Org:
    orgs = selectors.roster_orgs(request.user)
    if code:
        org = orgs.filter(code=code).first()
        if org is None:
            raise Http404
        return org
    own = staff_of(request.user)
    if own is not None:
        return own.org
    org = orgs.first()
    if org is None:
        raise Http404
    return org


def _shift(year: int, month: int, by: int) -> str:
    index = year * 12 + month - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@login_required
@permission_required(VIEW, raise_exception=True)
def roster_month(request: HttpRequest) -> HttpResponse:
    year, month = _month(request)
    org = _org(request, request.GET.get("org"))
    entries = list(selectors.month_entries(request.user, year, month, org=org))
    kinds = [(k, DutyKind(k).label) for k in selectors.kinds_for(org)]
    days = selectors.roster_month(org, entries, year, month)
    me = staff_of(request.user)
    context = {
        "org": org,
        "orgs": list(selectors.roster_orgs(request.user))
        if request.user.has_perm("duty.edit_roster")
        else [],
        "month": f"{year:04d}-{month:02d}",
        "prev": _shift(year, month, -1),
        "next": _shift(year, month, 1),
        "kinds": kinds,
        "rows": [
            {"day": d, "cells": [(k, d.entries.get(k), k in d.missing) for k, _label in kinds]} for d in days
        ],
        "gaps": sum(len(d.missing) for d in days),
        "me": me.pk if me else None,
        "can_edit": request.user.has_perm("duty.edit_roster"),
    }
    return render(request, "duty/roster_month.html", context)


@login_required
@require_POST
def roster_generate(request: HttpRequest) -> HttpResponse:
    year, month = _month(request)
    org = _org(request, request.GET.get("org"))
    try:
        created = actions.generate_month(org, year, month, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已按轮值新排 %(n)d 个班次，已有的安排未改动") % {"n": len(created)})
    return redirect(f"{reverse('duty-roster')}?month={year:04d}-{month:02d}&org={org.code}")


def _entry(request: HttpRequest, pk: int) -> DutyEntry:
    entry = selectors.entry_for(request.user, pk)
    if entry is None:
        raise Http404
    return entry


@login_required
@permission_required(VIEW, raise_exception=True)
def roster_day(request: HttpRequest, org_code: str, day: str, kind: str) -> HttpResponse:
    """One cell of the roster: who is on it, the hand edit, swap and log forms, the swap history."""
    org = _org(request, org_code)
    try:
        date = dt.date.fromisoformat(day)
    except ValueError as exc:
        raise Http404 from exc
    if kind not in selectors.kinds_for(org):
        raise Http404
    entry = selectors.rosters(request.user).filter(org=org, date=date, kind=kind).first()
    staff = Staff.objects.filter(org=org).order_by("name", "pk")
    forms: dict[str, Any] = {
        "assign": AssignForm(staff=staff, initial={"staff": entry.staff_id if entry else None}),
        "swap": SwapForm(staff=staff),
        "log": LogForm(initial={"log": entry.log, "hall_cleaned": entry.hall_cleaned} if entry else None),
    }
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "assign":
                assign_form = forms["assign"] = AssignForm(request.POST, staff=staff)
                if assign_form.is_valid():
                    actions.assign(
                        actor=request.user,
                        org=org,
                        date=date,
                        kind=kind,
                        staff=assign_form.cleaned_data["staff"],
                        note=assign_form.cleaned_data["note"],
                    )
                    messages.success(request, _("值班安排已保存"))
                    return redirect(request.path)
            elif step == "swap" and entry is not None:
                swap_form = forms["swap"] = SwapForm(request.POST, staff=staff)
                if swap_form.is_valid():
                    other = None
                    if swap_form.cleaned_data["other_date"]:
                        other = DutyEntry.objects.filter(
                            org=org, date=swap_form.cleaned_data["other_date"], kind=kind
                        ).first()
                        if other is None:
                            raise DomainError("swap_other_invalid", _("对调的那一天没有这一类值班"))
                    actions.swap(
                        entry,
                        actor=request.user,
                        to_staff=swap_form.cleaned_data["to_staff"],
                        reason=swap_form.cleaned_data["reason"],
                        other=other,
                    )
                    messages.success(request, _("调班已登记"))
                    return redirect(request.path)
            elif step == "log" and entry is not None:
                log_form = forms["log"] = LogForm(request.POST)
                if log_form.is_valid():
                    actions.write_log(
                        entry,
                        actor=request.user,
                        log=log_form.cleaned_data["log"],
                        hall_cleaned=log_form.cleaned_data["hall_cleaned"],
                    )
                    messages.success(request, _("值班记录已保存"))
                    return redirect(request.path)
            else:
                raise DomainError("unknown_step", _("无法识别的操作"))
        except DomainError as exc:
            messages.error(request, exc.message)
    me = staff_of(request.user)
    context = {
        "org": org,
        "date": date,
        "kind": DutyKind(kind),
        "entry": entry,
        "month": f"{date:%Y-%m}",
        "forms": forms,
        "swaps": list(selectors.swaps_of(entry)) if entry else [],
        "can_edit": request.user.has_perm("duty.edit_roster"),
        "can_log": entry is not None
        and request.user.has_perm("duty.write_dutylog")
        and (request.user.has_perm("duty.edit_roster") or (me is not None and me.pk == entry.staff_id)),
    }
    return render(request, "duty/roster_day.html", context)
