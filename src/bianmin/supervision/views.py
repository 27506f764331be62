"""电子监察看板: counts by level per window, per staff and per center, the cards to decide, the
accountability table; the counts refresh themselves (a partial polled every minute)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bianmin.counter.display import Deadlines, case_rows
from bianmin.lib.errors import DomainError
from bianmin.supervision import actions, exports, present, selectors
from bianmin.supervision.filters import CardFilterForm
from bianmin.supervision.models import CardLevel, CardRule, CardStatus

CARDS_PAGE = 30
# How often the board's counts refresh themselves (supervision/poll.js reads it from data-poll-seconds).
POLL_SECONDS = 60
LEVEL_LABELS = {"warning": "预警", "yellow": "黄牌", "red": "红牌"}


def _require_view(request: HttpRequest) -> None:
    if not request.user.has_perm("supervision.view_cardrecord"):
        raise PermissionDenied


def _counts_context(request: HttpRequest, now: dt.datetime, orgs: list[Any] | None = None) -> dict[str, Any]:
    today = timezone.localdate(now)
    return {
        "board": present.board_payload(request.user, today, now, orgs),
        "now": now,
        "poll_seconds": POLL_SECONDS,
    }


@login_required
def board(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    now = timezone.now()
    today = timezone.localdate(now)
    orgs = selectors.board_orgs(request.user)
    form = CardFilterForm(request.GET or None)
    query = form.query() if form.is_valid() else selectors.CardQuery(status=CardStatus.PENDING)
    if not request.GET:
        query = selectors.CardQuery(status=CardStatus.PENDING)
    cards = selectors.cards(request.user, today, query, orgs)
    year = today.year
    accountability = selectors.accountability([o.pk for o in orgs], year)
    counts = _counts_context(request, now, orgs)
    if request.GET.get("format") == "xlsx":
        return exports.xlsx_response(counts["board"], present.card_rows(cards), accountability)
    page = Paginator(cards, CARDS_PAGE).get_page(request.GET.get("page"))
    windows, staff = selectors.card_filter_choices(request.user, orgs)
    context = {
        **counts,
        "cards": present.card_rows(page.object_list),
        "page": page,
        "form": form,
        "levels": CardLevel.choices,
        "statuses": CardStatus.choices,
        "rules": CardRule.choices,
        "windows": [(str(pk), label) for pk, label in windows],
        "staff": [(str(pk), label) for pk, label in staff],
        "accountability": accountability,
        "year": year,
        "today": today,
        "can_decide": request.user.has_perm("supervision.decide_card"),
        "params": request.GET,
    }
    return render(request, "supervision/board.html", context)


@login_required
def board_counts(request: HttpRequest) -> HttpResponse:
    """The counts alone, for the board's one-minute refresh."""
    _require_view(request)
    return render(request, "supervision/_counts.html", _counts_context(request, timezone.now()))


@login_required
def level_cases(request: HttpRequest, level: str) -> HttpResponse:
    """The cases behind a count: responsible staff and working days overdue."""
    _require_view(request)
    if level not in LEVEL_LABELS:
        raise PermissionDenied
    now = timezone.now()
    today = timezone.localdate(now)
    cases = selectors.level_cases(request.user, today, level)
    for name, field in (("window", "window_id"), ("staff", "handler_id"), ("center", "org_id")):
        raw = request.GET.get(name, "")
        if raw.isascii() and raw.isdigit() and len(raw) <= 18:
            cases = cases.filter(**{field: int(raw)})
        elif raw == "none" and name != "center":
            cases = cases.filter(**{f"{field}__isnull": True})
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/level_cases.html",
        {
            "rows": case_rows(page.object_list, Deadlines(today, now)),
            "page": page,
            "level_label": _(LEVEL_LABELS[level]),
            "params": request.GET,
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, ref: str, decision: str) -> HttpResponse:
    now = timezone.now()
    try:
        actions.decide_card(
            ref,
            decision,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            today=timezone.localdate(now),
            now=now,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已认定") if decision == "confirm" else _("已撤销"))
    return redirect("supervision-board")


@login_required
@require_POST
def flag_rejection(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    try:
        actions.flag_rejection(
            request.POST.get("number", ""),
            actor=request.user,
            reason=request.POST.get("reason", ""),
            today=timezone.localdate(now),
            now=now,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已记录为监察记录"))
    return redirect("supervision-board")
