"""意见簿 pages at the counter: the entries of the opinion book, the evaluation cards and the suggestion box
(transcribed by a clerk) and the citizens' online messages; answered, adopted, published with consent."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bianmin.complaints import actions, selectors
from bianmin.complaints.filters import OpinionFilter
from bianmin.complaints.forms import AdoptForm, AnswerForm, OpinionForm
from bianmin.complaints.models import AuthorKind, OpinionEntry, OpinionSource, OpinionState
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_name, mask_phone
from bianmin.lib.text import join_names
from bianmin.orgs.selectors import staff_of

VIEW = "complaints.view_opinionentry"
PAGE_SIZE = 50


def _author(entry: OpinionEntry, user: Any) -> tuple[str, str]:
    if entry.author_kind == AuthorKind.ANONYMOUS:
        return _("匿名"), ""
    if entry.author_kind == AuthorKind.STAFF or selectors.can_see_complainant(user):
        return entry.author_name, entry.author_phone
    return mask_name(entry.author_name), mask_phone(entry.author_phone)


def render_opinions(request: HttpRequest, *, bound: Any = None, status: int = 200) -> HttpResponse:
    filters = OpinionFilter(
        request.GET or None, queryset=selectors.opinions_for(request.user).select_related("org")
    )
    if filters.is_bound and not filters.form.is_valid():
        wrong = join_names(filters.form.fields[name].label for name in filters.form.errors)
        messages.error(request, _("部分筛选条件无效，已忽略：%(fields)s") % {"fields": wrong})
    page = Paginator(filters.qs.order_by("-recorded_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"e": e, "author": _author(e, request.user)[0]} for e in page.object_list]
    staff = staff_of(request.user)
    can_record = request.user.has_perm("complaints.add_opinionentry") and staff is not None
    context = {
        "page": page,
        "rows": rows,
        "params": request.GET,
        "states": OpinionState.choices,
        "sources": OpinionSource.choices,
        "form": bound
        if bound is not None
        else (OpinionForm(org=staff.org) if can_record and staff is not None else None),
        "can_answer": request.user.has_perm("complaints.answer_opinionentry"),
        "can_adopt": request.user.has_perm("complaints.adopt_opinionentry"),
    }
    return render(request, "complaints/opinion_list.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def opinion_list(request: HttpRequest) -> HttpResponse:
    return render_opinions(request)


@login_required
@require_POST
@permission_required("complaints.add_opinionentry", raise_exception=True)
def opinion_new(request: HttpRequest) -> HttpResponse:
    staff = staff_of(request.user)
    if staff is None:
        raise Http404
    form = OpinionForm(request.POST, org=staff.org)
    if not form.is_valid():
        messages.error(request, _("请检查标出的栏目"))
        return render_opinions(request, bound=form, status=400)
    d = form.cleaned_data
    try:
        actions.record_opinion(
            actor=request.user,
            org=staff.org,
            source=d["source"],
            content=d["content"],
            author_kind=d["author_kind"],
            author_name=d["author_name"],
            author_phone=d["author_phone"],
            author_staff=d["author_staff"],
            consent_to_publish=d["consent_to_publish"],
        )
    except DomainError as err:
        messages.error(request, str(err.message))
        return render_opinions(request, bound=form, status=err.status)
    messages.success(request, _("已登记"))
    return redirect("complaints-opinions")


def _entry_or_404(request: HttpRequest, pk: int) -> OpinionEntry:
    entry = selectors.opinions_for(request.user).select_related("org", "author_staff").filter(pk=pk).first()
    if entry is None:
        raise Http404(_("找不到该意见"))
    return entry


def render_entry(
    request: HttpRequest, entry: OpinionEntry, *, bound: Any = None, status: int = 200
) -> HttpResponse:
    user = request.user
    forms: dict[str, Any] = {}
    if entry.state == OpinionState.OPEN and user.has_perm("complaints.answer_opinionentry"):
        forms["answer"] = AnswerForm(initial={"publish": entry.consent_to_publish})
    if (
        entry.state == OpinionState.ANSWERED
        and not entry.adopted
        and user.has_perm("complaints.adopt_opinionentry")
    ):
        forms["adopt"] = AdoptForm()
    if bound is not None:
        forms[bound.step] = bound
    name, phone = _author(entry, user)
    context = {"e": entry, "author": name, "phone": phone, "forms": forms}
    return render(request, "complaints/opinion.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def opinion_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render_entry(request, _entry_or_404(request, pk))


STEPS: dict[str, tuple[Any, Any, Any]] = {
    "answer": (
        AnswerForm,
        lambda e, d, u: actions.answer_opinion(e, actor=u, answer=d["answer"], publish=d["publish"]),
        gettext_lazy("已答复"),
    ),
    "adopt": (
        AdoptForm,
        lambda e, d, u: actions.adopt_opinion(e, actor=u, note=d["note"]),
        gettext_lazy("已采纳，计入提出人"),
    ),
}


@login_required
@require_POST
def opinion_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    form_class, act, done = STEPS[step]
    entry = _entry_or_404(request, pk)
    form = form_class(request.POST)
    form.step = step
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
        return render_entry(request, entry, bound=form, status=400)
    try:
        act(entry, form.cleaned_data, request.user)
    except DomainError as err:
        messages.error(request, str(err.message))
        return render_entry(request, _entry_or_404(request, pk), bound=form, status=err.status)
    messages.success(request, str(done))
    return redirect("complaints-opinion", pk=pk)
