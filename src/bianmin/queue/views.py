"""The counter's queue pages: the clerk's calling panel (叫号) and the waiting and service figures per window
and day. Every button posts to a page view that calls the same ``queue.actions`` as the API."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Window
from bianmin.orgs.selectors import staff_of
from bianmin.queue import actions, selectors
from bianmin.queue.announce import announcement
from bianmin.queue.models import Ticket


def _pick(windows: list[Window], code: Any) -> Window | None:
    return next((w for w in windows if w.code == code), windows[0] if windows else None)


def intake_url(ticket: Ticket) -> str:
    """The counter's intake page for the ticket in service: its appointment's item and person carried over."""
    query: dict[str, object] = {"ticket": ticket.pk}
    if ticket.appointment is not None:
        query = {"item": ticket.appointment.item.code, **query}
    return f"{reverse('counter-intake')}?{urlencode(query)}"


@login_required
@permission_required(actions.CALL, raise_exception=True)
def counter(request: HttpRequest) -> HttpResponse:
    windows = selectors.counter_windows(request.user)
    window = _pick(windows, request.GET.get("window"))
    today = timezone.localdate()
    current = selectors.current_at(window) if window else None
    waiting = (
        list(selectors.waiting_for(window, today).select_related("business_type")[:20]) if window else []
    )
    context = {
        "windows": windows,
        "window": window,
        "current": current,
        "waiting": waiting,
        "intake_url": intake_url(current) if current else "",
        "announcement": announcement(current.number, window.number) if current and window else "",
        "links": list(current.case_links.select_related("case")) if current else [],
        "screen_org": me.org if (me := staff_of(request.user)) else None,
    }
    return render(request, "queue/counter.html", context)


@login_required
@require_POST
def counter_act(request: HttpRequest, step: str) -> HttpResponse:
    windows = selectors.counter_windows(request.user)
    window = next((w for w in windows if w.code == request.POST.get("window")), None)
    back = (
        f"{reverse('queue-counter')}?{urlencode({'window': window.code})}"
        if window
        else reverse("queue-counter")
    )
    if window is None:
        messages.error(request, _("找不到该窗口"))
        return redirect(back)
    steps = {
        "call_next": lambda: actions.call_next(actor=request.user, window=window),
        "recall": lambda: actions.recall(actor=request.user, window=window),
        "skip": lambda: actions.skip(actor=request.user, window=window),
        "finish": lambda: actions.finish(actor=request.user, window=window),
        "transfer": lambda: actions.transfer(
            actor=request.user, window=window, to_window=request.POST.get("to", "")
        ),
    }
    if step not in steps:
        messages.error(request, _("无效的操作"))
        return redirect(back)
    try:
        ticket = steps[step]()
    except DomainError as err:
        messages.error(request, str(err.message))
        return redirect(back)
    done = {
        "call_next": _("已叫号 %(number)s"),
        "recall": _("已重呼 %(number)s"),
        "skip": _("%(number)s 已过号"),
        "finish": _("%(number)s 已办理完毕"),
        "transfer": _("%(number)s 已转窗口"),
    }
    messages.success(request, done[step] % {"number": ticket.number})
    return redirect(back)


@login_required
@permission_required("queue.view_ticket", raise_exception=True)
def figures(request: HttpRequest) -> HttpResponse:
    """Per window and day: tickets, served, skipped, average wait and service (the API's figures, same
    selector); a county's staff pick one of their towns with ``?org=``."""
    today = timezone.localdate()
    org = selectors.figures_center(request.user, request.GET.get("org"))
    days = selectors.figure_range(request.GET.get("start"), request.GET.get("end"), today)
    if days is None:
        messages.error(request, _("日期范围不正确（最多 %(days)d 天）") % {"days": selectors.FIGURE_DAYS_MAX})
        days = (today - dt.timedelta(days=6), today)
    start, end = days
    rows = selectors.window_day_figures(org, start, end) if org else []
    return render(request, "queue/figures.html", {"rows": rows, "start": start, "end": end, "org": org})
