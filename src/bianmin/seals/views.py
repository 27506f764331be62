"""印章管理 pages at the counter: the registry, a seal (impression, custodian, history, uses, its steps), logging a
use, the approval queue, the refused attempts and the month's register (用印登记簿, on screen and as a PDF)."""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bianmin.cases.pdf import render_pdf
from bianmin.lib.errors import DomainError
from bianmin.lib.step_views import refused
from bianmin.orgs.selectors import sees_many_centers, staff_of, visible_org_ids
from bianmin.seals import actions, selectors
from bianmin.seals.forms import DecideForm, HandoverForm, NoteForm, RequestForm, SealForm, StatusForm, UseForm
from bianmin.seals.models import Seal, SealStatus

VIEW = "seals.view_seal"
PAGE_SIZE = 50


# ---------------------------------------------------------------------------------------------- the registry


def _registry(request: HttpRequest, *, form: SealForm | None = None, status: int = 200) -> HttpResponse:
    staff = staff_of(request.user)
    can_register = request.user.has_perm(actions.MANAGE) and staff is not None
    context = {
        "seals": list(selectors.seals(request.user)),
        "form": (form or SealForm(org=staff.org_id)) if can_register and staff is not None else None,
        "handovers": list(selectors.handovers_to(request.user)),
        "many_centers": sees_many_centers(request.user),
    }
    return render(request, "seals/list.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def registry(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _registry(request)
    staff = staff_of(request.user)
    if staff is None:
        raise Http404
    form = SealForm(request.POST, request.FILES, org=staff.org_id)
    if not form.is_valid():
        messages.error(request, _("请检查标出的栏目"))
        return _registry(request, form=form, status=400)
    try:
        seal = actions.register_seal(actor=request.user, **form.cleaned_data)
    except DomainError as err:
        refused(request, err)
        return _registry(request, form=form, status=err.status)
    messages.success(request, _("已登记印章 %(number)s") % {"number": seal.number})
    return redirect("seals-detail", seal.number)


# ---------------------------------------------------------------------------------------------- one seal


def _find(request: HttpRequest, number: str) -> Seal:
    seal = selectors.seal_page(request.user, number)
    if seal is None:
        raise Http404(_("找不到该印章"))
    return seal


def _seal_page(request: HttpRequest, seal: Seal, *, bound: Any = None, status: int = 200) -> HttpResponse:
    user = request.user
    step = getattr(bound, "step", None)
    staff = staff_of(user)
    pending = selectors.pending_handover(seal)
    live = seal.status != SealStatus.DESTROYED

    def form(name: str, make: Any) -> Any:
        return bound if step == name else make()

    forms: dict[str, Any] = {}
    if user.has_perm(actions.REQUEST) and seal.status == SealStatus.IN_USE:
        forms["request"] = form("request", RequestForm)
    if user.has_perm(actions.MANAGE) and live:
        forms["status"] = form("status", StatusForm)
    if (
        live
        and pending is None
        and staff is not None
        and actions_allowed(actions.check_hand_over, seal, user)
    ):
        forms["hand_over"] = form("hand_over", lambda: HandoverForm(org=seal.org_id))
    if pending is not None and staff is not None and pending.to_staff_id == staff.pk:
        forms["accept"] = form("accept", NoteForm)
    if (
        pending is not None
        and staff is not None
        and (pending.from_staff_id == staff.pk or user.has_perm(actions.MANAGE))
    ):
        forms["cancel"] = form("cancel", NoteForm)
    context = {
        "seal": seal,
        "pending": pending,
        "forms": forms,
        "can_use": actions.can_use(seal, user),
        "uses": list(selectors.uses(user).filter(seal=seal)[:PAGE_SIZE]),
        "requests": list(selectors.requests(user).filter(seal=seal)[:20]),
    }
    return render(request, "seals/seal.html", context, status=status)


def actions_allowed(check: Any, *args: Any) -> bool:
    try:
        check(*args)
    except DomainError:
        return False
    return True


@login_required
@permission_required(VIEW, raise_exception=True)
def seal_page(request: HttpRequest, number: str) -> HttpResponse:
    return _seal_page(request, _find(request, number))


STEPS: dict[str, tuple[Any, Any, Any]] = {
    "request": (
        RequestForm,
        lambda s, d, u: actions.request_use(s, actor=u, **d),
        gettext_lazy("已提交用印申请，待审批"),
    ),
    "status": (
        StatusForm,
        lambda s, d, u: actions.set_status(s, actor=u, **d),
        gettext_lazy("已更改印章状态"),
    ),
    "hand_over": (
        HandoverForm,
        lambda s, d, u: actions.hand_over(s, actor=u, **d),
        gettext_lazy("已交出，待接收人签收"),
    ),
    "accept": (
        NoteForm,
        lambda s, d, u: actions.accept_handover(s, actor=u, **d),
        gettext_lazy("已签收，您是该印章的保管人"),
    ),
    "cancel": (
        NoteForm,
        lambda s, d, u: actions.cancel_handover(s, actor=u, **d),
        gettext_lazy("已撤回交接"),
    ),
}


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def seal_step(request: HttpRequest, number: str, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    form_class, act, done = STEPS[step]
    seal = _find(request, number)
    form: Any = (
        form_class(request.POST, org=seal.org_id) if form_class is HandoverForm else form_class(request.POST)
    )
    form.step = step
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
        return _seal_page(request, seal, bound=form, status=400)
    try:
        act(seal, form.cleaned_data, request.user)
    except DomainError as err:
        refused(request, err)
        return _seal_page(request, _find(request, number), bound=form, status=err.status)
    messages.success(request, str(done))
    return redirect("seals-detail", seal.number)


@login_required
@permission_required(VIEW, raise_exception=True)
def impression(request: HttpRequest, number: str) -> FileResponse:
    """The impression image on file (印模备案); media is not public, so it is served to the seal's readers only."""
    seal = selectors.seal_for(request.user, number)
    if seal is None or not seal.impression or not seal.impression.storage.exists(seal.impression.name):
        raise Http404(_("没有印模图片"))
    content_type = mimetypes.guess_type(f"x{PurePosixPath(seal.impression.name).suffix.lower()}")[0]
    if content_type not in actions.IMPRESSION_TYPES:
        raise Http404(_("没有印模图片"))
    return FileResponse(seal.impression.open("rb"), content_type=content_type)


# ---------------------------------------------------------------------------------------------- a use


@login_required
@permission_required(actions.USE, raise_exception=True)
def log_use(request: HttpRequest) -> HttpResponse:
    """用印登记: the custodian picks one of their seals, the approval when it needs one, and the case or document.
    ``?case=`` and ``?seal=`` fill the form in (the case page's panel links here)."""
    approvals = list(selectors.approved_for(request.user))
    kept = list(selectors.kept_by(request.user))
    status = 200
    if request.method == "POST":
        form = UseForm(request.POST, approvals=approvals)
        if form.is_valid():
            d = form.cleaned_data
            try:
                use = actions.log_use(
                    d["seal"],
                    actor=request.user,
                    impressions=d["impressions"],
                    purpose=d["purpose"],
                    case_number=d["case_number"],
                    document=d["document"],
                    request=d["request"],
                )
            except DomainError as err:
                refused(request, err)
                status = err.status
            else:
                messages.success(request, _("已登记用印：%(number)s") % {"number": use.seal.number})
                back = request.POST.get("next", "")
                if back.startswith("/counter/") and "//" not in back:
                    return redirect(back)
                return redirect("seals-detail", use.seal.number)
        else:
            messages.error(request, _("请检查标出的栏目"))
            status = 400
    else:
        initial = {"case_number": request.GET.get("case", "")[:50], "seal": request.GET.get("seal", "")[:16]}
        if not initial["seal"] and len(kept) == 1:
            initial["seal"] = kept[0].number
        form = UseForm(initial=initial, approvals=approvals)
    context = {"form": form, "kept": kept, "approvals": approvals, "next": request.GET.get("next", "")}
    return render(request, "seals/use.html", context, status=status)


# ---------------------------------------------------------------------------------------------- 审批


@login_required
@permission_required(VIEW, raise_exception=True)
def request_queue(request: HttpRequest) -> HttpResponse:
    can_decide = request.user.has_perm(actions.APPROVE)
    context = {
        "pending": list(selectors.pending_requests(request.user)),
        "recent": list(selectors.requests(request.user).exclude(state="pending")[:30]),
        "form": DecideForm() if can_decide else None,
    }
    return render(request, "seals/requests.html", context)


@login_required
@permission_required(actions.APPROVE, raise_exception=True)
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
        return redirect("seals-requests")
    try:
        actions.decide_request(pk, actor=request.user, **form.cleaned_data)
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(request, _("已批准") if form.cleaned_data["approve"] else _("已不予批准"))
    return redirect("seals-requests")


# ---------------------------------------------------------------------------------------------- attempts, report


@login_required
@permission_required(VIEW, raise_exception=True)
def attempt_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.attempts(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "seals/attempts.html", {"page": page})


def _month(raw: Any) -> dt.date:
    return selectors.parse_month(raw) or timezone.localdate().replace(day=1)


@login_required
@permission_required(VIEW, raise_exception=True)
def report(request: HttpRequest) -> HttpResponse:
    """用印登记簿 of a month, per seal: on screen, or ``?format=pdf`` to print and file."""
    month = _month(request.GET.get("month"))
    pages = selectors.monthly_register(visible_org_ids(request.user), month)
    context = {
        "month": month,
        "pages": pages,
        "total": sum(p.impressions for p in pages),
        "uses": sum(len(p.uses) for p in pages),
        "pdf_url": f"{reverse('seals-report')}?month={month:%Y-%m}&format=pdf",
    }
    if request.GET.get("format") == "pdf":
        html = render_to_string("seals/register_pdf.html", context, request=request)
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="seal-register-{month:%Y-%m}.pdf"'
        return response
    return render(request, "seals/report.html", context)
