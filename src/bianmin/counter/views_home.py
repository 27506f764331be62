"""工作台: the clerk's start page — my open cases by due date, today's registrations, my handling queue."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from bianmin.cases.selectors_supervision import open_urgings
from bianmin.counter import selectors
from bianmin.counter.display import CaseRow, Deadlines, case_rows, window_label
from bianmin.counter.forms import ReplyUrgeForm
from bianmin.orgs.selectors import sees_many_centers


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    today = timezone.localdate(now)
    deadlines = Deadlines(today, now)  # one per page: the calendar is looked up once for all three lists
    windows = selectors.my_windows(user)
    # A county role sums every town: the page says 本县 and lists the centers one by one.
    many = sees_many_centers(user)
    name = user.get_username()
    day = today.isoformat()
    today_at = {"registered_after": day, "registered_before": day}
    if windows:
        today_at["window"] = ",".join(w.code for w in windows)
    # 督办 first (000 篇2: 帶班領導…負責全程督辦): what the user owes a reply to, with the reply form.
    urgings = [
        (u, ReplyUrgeForm(case=u.case, user=user, auto_id=f"reply-{u.case.pk}-%s"))
        for u in open_urgings(user, today)
    ]
    context = {
        "today": today,
        "urgings": urgings,
        "home_limit": selectors.HOME_LIMIT,
        "my_cases": _first(
            selectors.my_open_cases(user),
            deadlines,
            [("responsible", name), *(("state", s) for s in sorted(selectors.PENDING))],
        ),
        "windows": [window_label(w) for w in windows],
        "registered_today": _first(
            selectors.registered_on(user, today, windows), deadlines, today_at.items()
        ),
        "handling": _first(
            selectors.waiting_for_handler(user),
            deadlines,
            [("handler", name), *(("state", s) for s in selectors.HANDLER_STATES)],
        ),
        "counts": selectors.center_counts(user, today),
        "can_register": user.has_perm("cases.register_case"),
        "many_centers": many,
        "per_center": selectors.per_center_counts(user, today) if many else [],
    }
    return render(request, "counter/home.html", context)


def _first(cases: Any, deadlines: Deadlines, full_list: Any) -> dict[str, Any]:
    """The list's first ``HOME_LIMIT`` rows (the selector reads one more, to know whether there are more)
    and the case list's address with the same question, for 查看全部."""
    rows: list[CaseRow] = case_rows(cases, deadlines)
    more = len(rows) > selectors.HOME_LIMIT
    url = f"{reverse('counter-cases')}?{urlencode(list(full_list))}"
    return {"rows": rows[: selectors.HOME_LIMIT], "more": more, "url": url}
