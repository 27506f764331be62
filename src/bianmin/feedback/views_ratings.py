"""好差评 pages in the counter: the ratings list, a rating's page with its rectification and 回访, the 整改通知书,
and the clerk's 请评价 from a case page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bianmin.cases.models import Case
from bianmin.cases.selectors import visible_cases
from bianmin.feedback import actions, evaluator, rectification, selectors
from bianmin.feedback.filters import RatingFilter
from bianmin.feedback.forms import AssignForm, CallForm, CloseForm, ExcludeForm, MeasuresForm
from bianmin.feedback.models import Level, Occasion, Rating, RatingChannel, RectificationState
from bianmin.feedback.notice import rectification_pdf
from bianmin.lib.errors import DomainError
from bianmin.lib.text import join_names
from bianmin.orgs.models import Window
from bianmin.orgs.selectors import sees_many_centers

VIEW = "feedback.view_rating"
PAGE_SIZE = 50


@login_required
@permission_required(VIEW, raise_exception=True)
def rating_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = RatingFilter(request.GET or None, queryset=selectors.visible_ratings(request.user))
    if filters.is_bound and not filters.form.is_valid():
        wrong = join_names(filters.form.fields[name].label for name in filters.form.errors)
        messages.error(request, _("部分筛选条件无效，已忽略：%(fields)s") % {"fields": wrong})
    page = Paginator(filters.qs.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"rating": r, "rect": selectors.rectification_status(r, today)} for r in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "params": request.GET,
        "query": query.urlencode(),
        "levels": Level.choices,
        "channels": RatingChannel.choices,
        "occasions": Occasion.choices,
        "rect_states": RectificationState.choices,
        "many_centers": sees_many_centers(request.user),
        "sees_all": request.user.has_perm("feedback.view_all_ratings"),
    }
    return render(request, "feedback/rating_list.html", context)


def _rating_or_404(request: HttpRequest, pk: int) -> Rating:
    rating = selectors.rating_detail(request.user, pk)
    if rating is None:
        raise Http404(_("找不到该评价"))
    return rating


def render_rating(
    request: HttpRequest, rating: Rating, *, bound: Any = None, status: int = 200
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    rect = selectors.rectification_of(rating)
    forms: dict[str, Any] = {}
    if not rating.excluded and user.has_perm("feedback.exclude_rating"):
        forms["exclude"] = ExcludeForm()
    if rect is not None and rect.state != RectificationState.CLOSED:
        if user.has_perm("feedback.assign_rectification"):
            forms["assign"] = AssignForm(org=rect.org_id, initial={"owner": rect.owner_id})
        if rectification.may_handle(user, rect):
            forms["measures"] = MeasuresForm(initial={"measures": rect.measures})
            forms["call"] = CallForm(initial={"called_on": today})
        if rect.state == RectificationState.RECTIFIED and user.has_perm("feedback.verify_rectification"):
            forms["close"] = CloseForm()
    if bound is not None:
        forms[bound.step] = bound
    context = {
        "rating": rating,
        "rect": rect,
        "rect_status": selectors.rectification_status(rating, today) if rect else "",
        "overdue": rect is not None and rect.is_overdue(today),
        "forms": forms,
        "many_centers": sees_many_centers(user),
    }
    return render(request, "feedback/rating.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def rating_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render_rating(request, _rating_or_404(request, pk))


def _exclude(rating: Rating, form: Any, user: Any, now: dt.datetime) -> Any:
    d = form.cleaned_data
    return actions.exclude_rating(rating, actor=user, kind=d["kind"], reason=d["reason"], now=now)


def _assign(rating: Rating, form: Any, user: Any, now: dt.datetime) -> Any:
    return rectification.assign_owner(
        rectification.of_rating(rating), actor=user, owner=form.cleaned_data["owner"], now=now
    )


def _measures(rating: Rating, form: Any, user: Any, now: dt.datetime) -> Any:
    return rectification.record_measures(
        rectification.of_rating(rating), actor=user, measures=form.cleaned_data["measures"], now=now
    )


def _call(rating: Rating, form: Any, user: Any, now: dt.datetime) -> Any:
    d = form.cleaned_data
    return rectification.record_call(
        rectification.of_rating(rating),
        actor=user,
        called_on=d["called_on"],
        response=d["response"],
        satisfied=d["satisfied"],
        now=now,
    )


def _close(rating: Rating, form: Any, user: Any, now: dt.datetime) -> Any:
    return rectification.close_rectification(
        rectification.of_rating(rating), actor=user, note=form.cleaned_data["note"], now=now
    )


STEPS: dict[str, tuple[Any, Any, Any]] = {
    "exclude": (ExcludeForm, _exclude, gettext_lazy("已认定，该评价不计入统计")),
    "assign": (AssignForm, _assign, gettext_lazy("已指派整改责任人")),
    "measures": (MeasuresForm, _measures, gettext_lazy("已填报整改措施")),
    "call": (CallForm, _call, gettext_lazy("已登记回访")),
    "close": (CloseForm, _close, gettext_lazy("整改已核实办结")),
}


@login_required
@require_POST
@permission_required(VIEW, raise_exception=True)
def rating_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    form_class, act, done = STEPS[step]
    rating = _rating_or_404(request, pk)
    if form_class is AssignForm:
        rect = selectors.rectification_of(rating)
        form: Any = AssignForm(request.POST, org=rect.org_id if rect else rating.org_id)
    else:
        form = form_class(request.POST)
    form.step = step
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
        return render_rating(request, rating, bound=form, status=400)
    try:
        act(rating, form, request.user, timezone.now())
    except DomainError as err:
        messages.error(request, str(err.message))
        return render_rating(request, _rating_or_404(request, pk), bound=form, status=err.status)
    messages.success(request, str(done))
    return redirect("feedback-rating", pk=pk)


@login_required
@permission_required(VIEW, raise_exception=True)
def rectification_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """整改通知书 (002 天彭镇: 下发整改通知书，限期整改) as PDF."""
    rating = _rating_or_404(request, pk)
    rect = selectors.rectification_of(rating)
    if rect is None:
        raise Http404(_("该评价无需整改"))
    response = HttpResponse(rectification_pdf(rect), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"rectification-{rect.pk}.pdf") or ""
    return response


@login_required
@require_POST
def request_rating(request: HttpRequest, number: str) -> HttpResponse:
    """请评价 from the case page: the window's evaluator shows this case."""
    case = visible_cases(request.user).filter(number=number[:50]).first()
    if case is None:
        raise Http404(_("找不到该办件"))
    window = _window(request, case)
    try:
        if window is None:
            raise DomainError("wrong_window", _("请选择您所在的窗口"))
        req = evaluator.request_rating(case, actor=request.user, window=window, now=timezone.now())
    except DomainError as err:
        messages.error(request, str(err.message))
    else:
        messages.success(
            request,
            _("已请群众在 %(window)s 的评价器上评价（%(occasion)s）")
            % {"window": f"{window.number}号 {window.name}", "occasion": req.get_occasion_display()},
        )
    return redirect("counter-case", number=case.number)


def _window(request: HttpRequest, case: Case) -> Window | None:
    raw = request.POST.get("window", "")
    pk = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 18 else None
    return Window.objects.filter(pk=pk, org_id=case.org_id, active=True).first() if pk else None
