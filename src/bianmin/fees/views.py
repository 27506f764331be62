"""统一收费 pages at the counter: the collection window (payables to collect, search by case number, raise
one by hand), a payable with its ledger and the pay / waive / refund / void forms, the numbered receipt
(print page and PDF), the day's reconciliation with its close, and the ledger with filters.

The payables harvest runs before the window and the day read, so a case accepted a moment ago is there
without a cron job. Refusals come back as the action's message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bianmin.cases.pdf import render_pdf
from bianmin.fees import actions, selectors
from bianmin.fees.filters import EntryFilter
from bianmin.fees.models import Entry, EntryKind, Method
from bianmin.fees.money import capitals
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_name
from bianmin.lib.text import join_names
from bianmin.orgs.selectors import sees_many_centers

VIEW = "fees.view_payable"
PAGE_SIZE = 50
WINDOW_ROWS = 100


@login_required
@permission_required(VIEW, raise_exception=True)
def window(request: HttpRequest) -> HttpResponse:
    """收费窗口: what is still owed, oldest first; a case number finds its payable or offers to raise one."""
    actions.harvest_all()
    number = request.GET.get("case", "").strip()[:50]
    found = None
    if number:
        found = selectors.payables(request.user).filter(case_number=number).first()
        if found is not None:
            return redirect("fees-payable", found.pk)
    rows = list(selectors.to_collect(request.user)[:WINDOW_ROWS])
    context = {
        "rows": [{"p": p, "payer": mask_name(p.payer_name)} for p in rows],
        "number": number,
        "can_collect": request.user.has_perm(actions.COLLECT),
        "many_centers": sees_many_centers(request.user),
    }
    return render(request, "fees/window.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def raise_payable(request: HttpRequest) -> HttpResponse:
    try:
        payable = actions.raise_payable(
            actor=request.user, case_number=request.POST.get("case", ""), amount=request.POST.get("amount")
        )
    except DomainError as err:
        messages.error(request, str(err.message))
        return redirect(reverse("fees-window") + "?case=" + request.POST.get("case", "")[:50])
    messages.success(request, _("已开具应缴款"))
    return redirect("fees-payable", payable.pk)


def _find(request: HttpRequest, pk: int) -> Any:
    row = selectors.payable_for(request.user, pk)
    if row is None:
        raise Http404(_("找不到该应缴款"))
    return row


@login_required
@permission_required(VIEW, raise_exception=True)
def payable(request: HttpRequest, pk: int) -> HttpResponse:
    row = _find(request, pk)
    entries = selectors.entries_of(row)
    corrected = {e.of_payment_id for e in entries if e.of_payment_id}
    user = request.user
    context = {
        "p": row,
        "payer": mask_name(row.payer_name),
        "entries": entries,
        "payments": [e for e in entries if e.kind == EntryKind.PAYMENT and e.pk not in corrected],
        "refundable": [e for e in entries if e.kind == EntryKind.PAYMENT],
        "methods": Method.choices,
        "waivers": selectors.split_waivers(row.waivers),
        "can_collect": user.has_perm(actions.COLLECT),
        "can_waive": user.has_perm(actions.WAIVE) and bool(row.waivers),
        "today": timezone.localdate(),
    }
    return render(request, "fees/payable.html", context)


def _do(step: str, request: HttpRequest, pk: int) -> Entry:
    post = request.POST
    if step == "pay":
        return actions.pay(
            actor=request.user,
            payable=pk,
            method=post.get("method", ""),
            amount=post.get("amount") or None,
            reference=post.get("reference", ""),
        )
    if step == "waive":
        return actions.waive(
            actor=request.user, payable=pk, category=post.get("category", ""), reason=post.get("reason", "")
        )
    if step == "refund":
        return actions.refund(
            actor=request.user,
            payable=pk,
            amount=post.get("amount", ""),
            reason=post.get("reason", ""),
            payment=post.get("payment") or None,
        )
    return actions.void(
        actor=request.user, payable=pk, payment=post.get("payment", ""), reason=post.get("reason", "")
    )


DONE = {
    "pay": gettext_lazy("已收款，请打印票据"),
    "waive": gettext_lazy("已减免"),
    "refund": gettext_lazy("已退款"),
    "void": gettext_lazy("已作废该笔收款"),
}


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def payable_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in DONE:
        raise Http404
    _find(request, pk)
    try:
        entry = _do(step, request, pk)
    except DomainError as err:
        messages.error(request, str(err.message))
        return redirect("fees-payable", pk)
    messages.success(request, DONE[step])
    if step == "pay":
        return redirect("fees-receipt", entry.pk)
    return redirect("fees-payable", pk)


def _receipt(request: HttpRequest, pk: int) -> dict[str, Any]:
    entry = selectors.entry_for(request.user, pk)
    if entry is None or entry.kind != EntryKind.PAYMENT:
        raise Http404(_("找不到该票据"))
    return {"e": entry, "p": entry.payable, "org": entry.org, "capitals": capitals(entry.amount)}


@login_required
@permission_required(VIEW, raise_exception=True)
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """非税收入票据 print page (print CSS) with a PDF download."""
    return render(request, "fees/receipt.html", _receipt(request, pk))


@login_required
@permission_required(VIEW, raise_exception=True)
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _receipt(request, pk)
    html = render_to_string("fees/receipt_pdf.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{context["e"].receipt_number}.pdf"'
    return response


@login_required
@permission_required(VIEW, raise_exception=True)
def day(request: HttpRequest) -> HttpResponse:
    """日终对账 of a center and day, with the close form while it is open."""
    org = selectors.center_for(request.user, request.GET.get("org"))
    if org is None:
        raise Http404(_("找不到该中心"))
    raw = request.GET.get("date", "")
    try:
        chosen = parse_date(raw) if raw else None
    except ValueError:
        chosen = None
    the_day = chosen or timezone.localdate()
    actions.harvest_all()
    figures = selectors.reconciliation(org.pk, the_day)
    context = {
        "org": org,
        "d": figures,
        "methods": [(label, figures.by_method.get(value)) for value, label in Method.choices],
        "method_labels": dict(Method.choices),
        "can_close": request.user.has_perm(actions.CLOSE) and figures.closed is None,
        "many_centers": sees_many_centers(request.user),
    }
    return render(request, "fees/day.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def close_day(request: HttpRequest) -> HttpResponse:
    post = request.POST
    org = selectors.center_for(request.user, post.get("org"))
    try:
        the_day = parse_date(post.get("date", ""))
    except ValueError:
        the_day = None
    if org is None or the_day is None:
        raise Http404(_("找不到该中心"))
    url = reverse("fees-day") + f"?org={org.code}&date={the_day.isoformat()}"
    try:
        actions.close_day(
            actor=request.user,
            org=org,
            day=the_day,
            deposited=post.get("deposited", ""),
            slip_number=post.get("slip_number", ""),
            explanation=post.get("explanation", ""),
        )
    except DomainError as err:
        messages.error(request, str(err.message))
        return redirect(url)
    messages.success(request, _("已日终关账"))
    return redirect(url)


@login_required
@permission_required(VIEW, raise_exception=True)
def entries(request: HttpRequest) -> HttpResponse:
    """收费流水 with filters."""
    filters = EntryFilter(request.GET, queryset=selectors.entries(request.user), request=request)
    if not filters.form.is_valid():
        wrong = join_names(filters.form.fields[name].label for name in filters.form.errors)
        messages.error(request, _("部分筛选条件无效，已忽略：%(fields)s") % {"fields": wrong})
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "params": request.GET,
        "kinds": EntryKind.choices,
        "methods": Method.choices,
        "many_centers": sees_many_centers(request.user),
    }
    return render(request, "fees/entries.html", context)
