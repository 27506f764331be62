"""签到 and 窗口在岗 pages: one click to sign in with today's state; the director's and duty leader's view of
who serves each window now, the windows left empty (空岗) and the month's recorded alerts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bianmin.attendance import actions, selectors
from bianmin.attendance.selectors_cover import alerts_for, cover_now, window_staffing
from bianmin.lib.errors import DomainError
from bianmin.lib.periods import month_start
from bianmin.orgs.selectors import staff_of


@login_required
@permission_required("attendance.sign_in", raise_exception=True)
def sign_in_page(request: HttpRequest) -> HttpResponse:
    staff = staff_of(request.user)
    if staff is None:
        raise Http404
    now = timezone.now()
    context = {
        "state": selectors.today_state(staff, now),
        "empty": selectors.empty_windows(staff.org, now),
        "now": now,
    }
    return render(request, "attendance/sign_in.html", context)


STEPS = {
    "in": lambda request, now: actions.sign_in(request.user, now),
    "out": lambda request, now: actions.sign_out(request.user, now),
    "trip": lambda request, now: actions.start_trip(request.user, request.POST.get("reason"), now),
    "back": lambda request, now: actions.end_trip(request.user, now),
}
DONE = {
    "in": gettext_lazy("已签到"),
    "out": gettext_lazy("已签退"),
    "trip": gettext_lazy("已登记外出"),
    "back": gettext_lazy("已登记返回"),
}


@login_required
@require_POST
def sign_in_step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    try:
        STEPS[step](request, timezone.now())
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, DONE[step])
    return redirect("attendance-sign-in")


@login_required
@permission_required("attendance.view_attendance", raise_exception=True)
def windows_page(request: HttpRequest) -> HttpResponse:
    """窗口在岗: each window now (AB岗, 空岗 in red), the month's 空岗提醒 to acknowledge, and the month's
    staffed and empty half days per window — all derived live, the alerts kept by ``attendance_alerts``."""
    staff = staff_of(request.user)
    if staff is None:
        raise Http404
    now = timezone.now()
    today = timezone.localdate(now)
    moment, covers = cover_now(staff.org, now)
    first = month_start(today)
    context = {
        "org": staff.org,
        "moment": moment,
        "covers": covers,
        "empty": [c for c in covers if c.empty],
        "alerts": list(alerts_for(request.user, first, today).filter(org=staff.org)),
        "staffing": window_staffing(staff.org, first, today, now=now, windows=[c.window for c in covers]),
        "month": first,
        "can_acknowledge": request.user.has_perm("attendance.acknowledge_alert"),
    }
    return render(request, "attendance/windows.html", context)


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        actions.acknowledge_alert(request.user, pk, now=timezone.now(), note=request.POST.get("note", ""))
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("已确认"))
    return redirect("attendance-windows")
