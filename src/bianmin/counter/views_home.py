"""工作台: the clerk's start page — my open cases by due date, today's registrations, my handling queue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from bianmin.counter import selectors
from bianmin.counter.display import Deadlines, case_rows, window_label
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
    context = {
        "today": today,
        "my_cases": case_rows(selectors.my_open_cases(user), deadlines),
        "windows": [window_label(w) for w in windows],
        "registered_today": case_rows(selectors.registered_on(user, today, windows), deadlines),
        "handling": case_rows(selectors.waiting_for_handler(user), deadlines),
        "counts": selectors.center_counts(user, today),
        "can_register": user.has_perm("cases.register_case"),
        "many_centers": many,
        "per_center": selectors.per_center_counts(user, today) if many else [],
    }
    return render(request, "counter/home.html", context)
