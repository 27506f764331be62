"""请假 pages at the counter: the list with its filters and the request form, a leave's page with its approval
chain, and every step (approve, refuse, note the sick record, withdraw, cancel, end early) through the
actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bianmin.attendance import actions, selectors
from bianmin.attendance.filters import LeaveFilter
from bianmin.attendance.forms import LeaveForm
from bianmin.attendance.models import LeaveState
from bianmin.lib.errors import DomainError
from bianmin.lib.text import join_names

PAGE_SIZE = 50


@login_required
@permission_required("attendance.request_leave", raise_exception=True)
def leave_list(request: HttpRequest) -> HttpResponse:
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            leave = actions.request_leave(request.user, now=timezone.now(), **form.cleaned_data)
        except DomainError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("请假申请已提交"))
            return redirect("attendance-leave-detail", leave.pk)
    base = selectors.leaves_for(request.user).order_by("-start_day", "-pk")
    filters = LeaveFilter(request.GET or None, queryset=base)
    if filters.is_bound and not filters.form.is_valid():
        wrong = join_names(filters.form.fields[name].label for name in filters.form.errors)
        messages.error(request, _("部分筛选条件无效，已忽略：%(fields)s") % {"fields": wrong})
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    designated = actions.designations(request.user)
    rows = [
        {
            "leave": lv,
            "may_decide": lv.state == LeaveState.PENDING and actions.may_decide(request.user, lv, designated),
        }
        for lv in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "filters": filters, "rows": rows, "page": page, "query": query.urlencode()}
    return render(request, "attendance/leave.html", context)


@login_required
@permission_required("attendance.request_leave", raise_exception=True)
def leave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    leave = selectors.leave_page(request.user, pk)
    if leave is None:
        raise Http404
    now = timezone.now()
    context = {
        "leave": leave,
        "chain": selectors.approval_chain(leave),
        "events": list(leave.events.select_related("by")),
        "steps": actions.allowed_steps(request.user, leave, now),
    }
    return render(request, "attendance/leave_detail.html", context)


def _note(request: HttpRequest) -> str:
    return request.POST.get("note", "")


STEPS: dict[str, tuple[Callable[[HttpRequest, int, Any], Any], Any]] = {
    "approve": (
        lambda r, pk, now: actions.approve_leave(
            r.user, pk, now=now, note=_note(r), external_approval=r.POST.get("external_approval", "")
        ),
        gettext_lazy("已批准"),
    ),
    "refuse": (
        lambda r, pk, now: actions.refuse_leave(r.user, pk, now=now, note=_note(r)),
        gettext_lazy("已不批准"),
    ),
    "record": (
        lambda r, pk, now: actions.note_sick_record(r.user, pk, r.POST.get("record"), now=now),
        gettext_lazy("病历已登记"),
    ),
    "withdraw": (
        lambda r, pk, now: actions.withdraw_leave(r.user, pk, now=now, note=_note(r)),
        gettext_lazy("已撤回"),
    ),
    "cancel": (
        lambda r, pk, now: actions.cancel_leave(r.user, pk, now=now, note=_note(r)),
        gettext_lazy("已取消"),
    ),
    "end_early": (
        lambda r, pk, now: actions.end_leave_early(r.user, pk, now=now, note=_note(r)),
        gettext_lazy("已提前销假"),
    ),
}


@login_required
@require_POST
def leave_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    run, done = STEPS[step]
    try:
        run(request, pk, timezone.now())
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    if request.POST.get("back") == "list":
        return redirect("attendance-leave")
    return redirect("attendance-leave-detail", pk)
