"""签到 and 请假 pages: one click to sign in with today's state, leave requested and decided at the counter."""

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
from bianmin.attendance.forms import LeaveForm
from bianmin.attendance.models import LeaveState
from bianmin.lib.errors import DomainError
from bianmin.orgs.selectors import staff_of

LEAVES_SHOWN = 100


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
@permission_required("attendance.request_leave", raise_exception=True)
def leave_list(request: HttpRequest) -> HttpResponse:
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_leave(request.user, now=timezone.now(), **form.cleaned_data)
        except DomainError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("请假申请已提交"))
            return redirect("attendance-leave")
    leaves = list(selectors.leaves_for(request.user).order_by("-start_day", "-pk")[:LEAVES_SHOWN])
    designated = actions.designations(request.user)
    rows = [
        {
            "leave": lv,
            "may_decide": lv.state == LeaveState.PENDING and actions.may_decide(request.user, lv, designated),
        }
        for lv in leaves
    ]
    return render(request, "attendance/leave.html", {"form": form, "rows": rows})


@login_required
@require_POST
def leave_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    now = timezone.now()
    note = request.POST.get("note", "")
    try:
        if step == "approve":
            actions.approve_leave(
                request.user,
                pk,
                now=now,
                note=note,
                external_approval=request.POST.get("external_approval", ""),
            )
            messages.success(request, _("已批准"))
        elif step == "refuse":
            actions.refuse_leave(request.user, pk, now=now, note=note)
            messages.success(request, _("已不批准"))
        elif step == "record":
            actions.note_sick_record(request.user, pk, request.POST.get("record"))
            messages.success(request, _("病历已登记"))
        else:
            raise Http404
    except DomainError as refused:
        messages.error(request, refused.message)
    return redirect("attendance-leave")
