"""上门服务 pages: requests from people who cannot come to the hall, who was sent, what was done."""

from __future__ import annotations

import datetime as dt
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

from bianmin.cases.deadlines import Deadlines
from bianmin.counter.display import case_rows
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_id, mask_phone
from bianmin.lib.step_views import run_step
from bianmin.lib.text import join_names
from bianmin.orgs.selectors import sees_many_centers
from bianmin.outreach import actions, selectors
from bianmin.outreach.filters import HomeVisitFilter
from bianmin.outreach.forms import AssignForm, CancelForm, HomeVisitForm, VisitForm
from bianmin.outreach.models import HomeVisit, VisitReason, VisitState

VIEW = "outreach.view_homevisit"
PAGE_SIZE = 50
CASES_SHOWN = 200


@login_required
@permission_required(VIEW, raise_exception=True)
def home_visit_list(request: HttpRequest) -> HttpResponse:
    filters = HomeVisitFilter(request.GET or None, queryset=selectors.home_visits(request.user))
    if filters.is_bound and not filters.form.is_valid():
        wrong = join_names(filters.form.fields[name].label for name in filters.form.errors)
        messages.error(request, _("部分筛选条件无效，已忽略：%(fields)s") % {"fields": wrong})
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        # 联系电话 masked on the list (lib.identity); the visit's own page shows it to call ahead.
        "rows": [{"visit": v, "phone": mask_phone(v.requester_phone)} for v in page.object_list],
        "params": request.GET,
        "states": VisitState.choices,
        "reasons": VisitReason.choices,
        "many_centers": sees_many_centers(request.user),
        "centers": list(selectors.centers(request.user)) if sees_many_centers(request.user) else [],
        "can_request": request.user.has_perm("outreach.add_homevisit") and selectors.own_center(request.user),
    }
    return render(request, "outreach/home_visit_list.html", context)


@login_required
@permission_required("outreach.add_homevisit", raise_exception=True)
def home_visit_new(request: HttpRequest) -> HttpResponse:
    center = selectors.own_center(request.user)
    if center is None:
        messages.error(request, _("只有便民服务中心的工作人员可以登记上门服务"))
        return redirect("outreach-home-visits")
    form = HomeVisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = actions.request_home_visit(
                actor=request.user, org=center, now=timezone.now(), **form.cleaned_data
            )
        except DomainError as err:
            messages.error(request, str(err.message))
        else:
            messages.success(request, _("已登记上门服务申请，请派员"))
            return redirect("outreach-home-visit", pk=visit.pk)
    elif request.method == "POST":
        messages.error(request, _("请检查标出的栏目"))
    status = 400 if request.method == "POST" else 200
    return render(request, "outreach/home_visit_new.html", {"form": form, "center": center}, status=status)


def _visit_or_404(request: HttpRequest, pk: int) -> HomeVisit:
    visit = selectors.home_visit_for(request.user, pk)
    if visit is None:
        raise Http404(_("找不到该上门服务"))
    return visit


def _may_record(user: Any, visit: HomeVisit) -> bool:
    """Who went records the visit; whoever dispatches may record it for them (the action checks again)."""
    mine = visit.assigned_to is not None and visit.assigned_to.user_id == user.pk
    return user.has_perm("outreach.record_homevisit") and (mine or user.has_perm("outreach.assign_homevisit"))


def render_visit(
    request: HttpRequest, visit: HomeVisit, *, bound: Any = None, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    user = request.user
    forms: dict[str, Any] = {}
    open_ = visit.state in (VisitState.REQUESTED, VisitState.ASSIGNED)
    if open_ and user.has_perm("outreach.assign_homevisit"):
        forms["assign"] = AssignForm(org=visit.org_id, initial={"staff": visit.assigned_to_id})
        forms["cancel"] = CancelForm()
    if visit.state == VisitState.ASSIGNED and _may_record(user, visit):
        forms["visit"] = VisitForm()
    if bound is not None:
        forms[bound.step] = bound
    context = {
        "visit": visit,
        "id_masked": mask_id(visit.requester_id_number),
        "cases": case_rows(
            selectors.home_visit_cases(user, visit)[:CASES_SHOWN], Deadlines(timezone.localdate(now), now)
        ),
        "forms": forms,
        "on_site": visit.state == VisitState.ASSIGNED and user.has_perm("cases.register_case"),
        "many_centers": sees_many_centers(user),
    }
    return render(request, "outreach/home_visit.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def home_visit_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render_visit(request, _visit_or_404(request, pk))


def _assign(visit: HomeVisit, form: Any, user: Any, now: dt.datetime) -> HomeVisit:
    return actions.assign_home_visit(visit, actor=user, staff=form.cleaned_data["staff"], now=now)


def _visit(visit: HomeVisit, form: Any, user: Any, now: dt.datetime) -> HomeVisit:
    d = form.cleaned_data
    return actions.record_home_visit(
        visit, actor=user, note=d["note"], visited_at=d.get("visited_at"), now=now
    )


def _cancel(visit: HomeVisit, form: Any, user: Any, now: dt.datetime) -> HomeVisit:
    return actions.cancel_home_visit(visit, actor=user, reason=form.cleaned_data["reason"], now=now)


STEPS: dict[str, tuple[Any, Any, Any]] = {
    "assign": (AssignForm, _assign, gettext_lazy("已派员上门")),
    "visit": (VisitForm, _visit, gettext_lazy("已记录上门情况")),
    "cancel": (CancelForm, _cancel, gettext_lazy("已取消该上门服务")),
}


@login_required
@require_POST
def home_visit_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    return run_step(
        request,
        pk,
        step,
        steps=STEPS,
        find=_visit_or_404,
        page=render_visit,
        org_form=AssignForm,
        url_name="outreach-home-visit",
    )
