"""档案管理 pages at the counter: the boxes (filters, cabinet labels), one box with its catalog (卷内目录, print
and PDF), one file's archive view (box, retention, scans, ledger, notices, seal uses, loans), loans, disposals
and the retention rules. Every page files the cases archived since the last read first, so it is right
without the command having run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bianmin.archive import actions, selectors
from bianmin.archive.filters import BoxFilter
from bianmin.archive.models import ArchiveRecord, Box, LoanState, Retention
from bianmin.cases.pdf import render_pdf
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_name
from bianmin.lib.step_views import refused
from bianmin.lib.text import join_names
from bianmin.orgs.selectors import sees_many_centers, staff_of
from bianmin.seals.selectors import uses_of_case

VIEW = "archive.view_box"
PAGE_SIZE = 50


def _today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------- boxes


def _box_rows(request: HttpRequest) -> tuple[Any, BoxFilter]:
    actions.file_archived()
    filters = BoxFilter(request.GET, queryset=selectors.boxes(request.user, _today()), request=request)
    if not filters.form.is_valid():
        wrong = join_names(filters.form.fields[name].label for name in filters.form.errors)
        messages.error(request, _("部分筛选条件无效，已忽略：%(fields)s") % {"fields": wrong})
    return filters.qs, filters


def _labelled(boxes: Any) -> list[dict[str, Any]]:
    return [{"b": b, "retention": selectors.box_retention(b)} for b in boxes]


@login_required
@permission_required(VIEW, raise_exception=True)
def box_list(request: HttpRequest) -> HttpResponse:
    rows, _filters = _box_rows(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": _labelled(page),
        "params": request.GET,
        "years": selectors.box_years(request.user),
        "retentions": Retention.choices,
        "overdue": selectors.overdue_count(request.user, _today()),
        "many_centers": sees_many_centers(request.user),
        "query": request.GET.urlencode(),
    }
    return render(request, "archive/boxes.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def box_labels(request: HttpRequest) -> HttpResponse:
    """档案盒清单 for the cabinet: label, window, year, count, date range, retention; print or PDF."""
    rows, _filters = _box_rows(request)
    context = {"rows": _labelled(rows[:500]), "query": request.GET.urlencode(), "today": _today()}
    if request.GET.get("format") == "pdf":
        html = render_to_string("archive/labels_print.html", {**context, "pdf": True}, request=request)
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="archive-boxes.pdf"'
        return response
    return render(request, "archive/labels_print.html", context)


def _box(request: HttpRequest, pk: int) -> Box:
    actions.file_archived()
    box = selectors.box_for(request.user, pk, _today())
    if box is None:
        raise Http404(_("找不到该档案盒"))
    return box


def _catalog_rows(box: Box) -> list[dict[str, Any]]:
    return [{"r": r, "applicant": mask_name(r.case.applicant_name)} for r in selectors.catalog(box, _today())]


@login_required
@permission_required(VIEW, raise_exception=True)
def box_page(request: HttpRequest, pk: int) -> HttpResponse:
    box = _box(request, pk)
    context = {
        "box": box,
        "retention": selectors.box_retention(box),
        "rows": _catalog_rows(box),
        "can_file": request.user.has_perm("archive.file_records") and box.closed_at is None,
    }
    return render(request, "archive/box.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def box_catalog(request: HttpRequest, pk: int) -> HttpResponse:
    """卷内目录 of one box, as printed and put in the box (HTML with print CSS, or PDF)."""
    box = _box(request, pk)
    context = {"box": box, "retention": selectors.box_retention(box), "rows": _catalog_rows(box)}
    if request.GET.get("format") == "pdf":
        html = render_to_string("archive/catalog_print.html", {**context, "pdf": True}, request=request)
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="catalog-{box.label}.pdf"'
        return response
    return render(request, "archive/catalog_print.html", context)


@login_required
@permission_required("archive.file_records", raise_exception=True)
@require_POST
def box_close(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        box = actions.close_box(pk, actor=request.user)
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(request, _("已封盒：%(label)s") % {"label": box.label})
    return redirect("archive-box", pk)


# ---------------------------------------------------------------------------------------------- one file


def _record(request: HttpRequest, pk: int) -> ArchiveRecord:
    actions.file_archived()
    record = selectors.record_for(request.user, pk, _today())
    if record is None:
        raise Http404(_("找不到该归档文件"))
    return record


@login_required
@permission_required(VIEW, raise_exception=True)
def record_page(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    user = request.user
    staff = staff_of(user)
    own = staff is not None and staff.org_id == record.org_id
    active = selectors.active_loan(record)
    context = {
        "r": record,
        "case": record.case,
        "applicant": mask_name(record.case.applicant_name),
        **selectors.record_dossier(record),
        "seal_uses": uses_of_case(record.case_id),
        "loans": list(selectors.loans(user, _today()).filter(record=record)),
        "can_borrow": own
        and user.has_perm("archive.request_loan")
        and active is None
        and not record.disposed_at,
        "can_move": own and user.has_perm("archive.file_records") and not record.disposed_at,
        "boxes": list(selectors.boxes_to_move_to(record)) if own else [],
        "many_centers": sees_many_centers(user),
        "today": _today(),
    }
    return render(request, "archive/record.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def case_record(request: HttpRequest, number: str) -> HttpResponse:
    actions.file_archived()
    record = selectors.record_by_case(request.user, number, _today())
    if record is None:
        raise Http404(_("该办件尚未归档"))
    return redirect("archive-record", record.pk)


def _date(raw: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(raw or ""))
    except ValueError:
        return None


@login_required
@permission_required("archive.request_loan", raise_exception=True)
@require_POST
def record_borrow(request: HttpRequest, pk: int) -> HttpResponse:
    due = _date(request.POST.get("expected_return"))
    try:
        if due is None:
            raise DomainError("invalid_return_date", _("请填写应还日期"))
        actions.request_loan(pk, actor=request.user, purpose=request.POST.get("purpose"), expected_return=due)
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(request, _("已提交借阅申请，待主任审批"))
    return redirect("archive-record", pk)


@login_required
@permission_required("archive.file_records", raise_exception=True)
@require_POST
def record_move(request: HttpRequest, pk: int) -> HttpResponse:
    to = request.POST.get("box", "")
    try:
        if not to.isdigit():
            raise DomainError("box_not_found", _("请选择档案盒"))
        record = actions.move_record(pk, to=int(to), actor=request.user)
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(
            request,
            _("已移至 %(label)s，档号 %(number)s") % {"label": record.box.label, "number": record.number},
        )
    return redirect("archive-record", pk)


# ---------------------------------------------------------------------------------------------- loans


@login_required
@permission_required("archive.view_loan", raise_exception=True)
def loan_list(request: HttpRequest) -> HttpResponse:
    actions.file_archived()
    rows = selectors.loans(request.user, _today())
    state = request.GET.get("state", "")
    if state in LoanState.values:
        rows = rows.filter(state=state)
    if request.GET.get("overdue") == "1":
        rows = rows.filter(**{"overdue": True})  # annotated by the selector
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    staff = staff_of(user)
    context = {
        "page": page,
        "states": LoanState.choices,
        "params": request.GET,
        "me": user.pk,
        "own_org": staff.org_id if staff else None,
        "can_approve": user.has_perm("archive.approve_loan"),
        "can_lend": user.has_perm("archive.lend_loan"),
        "many_centers": sees_many_centers(user),
    }
    return render(request, "archive/loans.html", context)


@login_required
@permission_required("archive.view_loan", raise_exception=True)
@require_POST
def loan_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user, post = request.user, request.POST
    steps = {
        "approve": lambda: actions.decide_loan(pk, actor=user, approve=True, note=post.get("note", "")),
        "refuse": lambda: actions.decide_loan(pk, actor=user, approve=False, note=post.get("note", "")),
        "lend": lambda: actions.lend(pk, actor=user),
        "return": lambda: actions.return_loan(pk, actor=user, condition=post.get("condition", "")),
    }
    if step not in steps:
        raise Http404(step)
    try:
        loan = steps[step]()
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(
            request,
            _("%(number)s：%(state)s") % {"number": loan.record.number, "state": loan.get_state_display()},
        )
    back = str(post.get("next") or "")
    return redirect(back if back.startswith("/counter/") else "archive-loans")


# ---------------------------------------------------------------------------------------------- disposal


@login_required
@permission_required("archive.view_disposal", raise_exception=True)
def disposal_list(request: HttpRequest) -> HttpResponse:
    actions.file_archived()
    user = request.user
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("records") if v.isdigit()]
        try:
            disposal = actions.propose_disposal(actor=user, records=ids, reason=request.POST.get("reason"))
        except DomainError as err:
            refused(request, err)
        else:
            messages.success(request, _("已提出销毁申请，待主任审批"))
            return redirect("archive-disposal", disposal.pk)
        return redirect("archive-disposals")
    can_propose = user.has_perm("archive.propose_disposal") and staff_of(user) is not None
    context = {
        "disposals": list(selectors.disposals(user)[:100]),
        "expired": list(selectors.expired_records(user, _today())[:500]) if can_propose else [],
        "can_propose": can_propose,
        "many_centers": sees_many_centers(user),
    }
    return render(request, "archive/disposals.html", context)


@login_required
@permission_required("archive.view_disposal", raise_exception=True)
def disposal_page(request: HttpRequest, pk: int) -> HttpResponse:
    disposal = selectors.disposal_for(request.user, pk)
    if disposal is None:
        raise Http404(_("找不到该销毁申请"))
    context = {
        "d": disposal,
        "can_decide": request.user.has_perm("archive.approve_disposal")
        and disposal.state == "proposed"
        and disposal.proposed_by_id != request.user.pk,
    }
    return render(request, "archive/disposal.html", context)


@login_required
@permission_required("archive.approve_disposal", raise_exception=True)
@require_POST
def disposal_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in ("approve", "refuse"):
        raise Http404(step)
    try:
        actions.decide_disposal(
            pk, actor=request.user, approve=step == "approve", note=request.POST.get("note", "")
        )
    except DomainError as err:
        refused(request, err)
    else:
        messages.success(request, _("已批准销毁") if step == "approve" else _("已不批准"))
    return redirect("archive-disposal", pk)


# ---------------------------------------------------------------------------------------------- retention


@login_required
@permission_required("archive.view_retentionrule", raise_exception=True)
def retention_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    staff = staff_of(user)
    if request.method == "POST":
        try:
            actions.set_retention(
                actor=user, category=request.POST.get("category"), retention=request.POST.get("retention")
            )
        except DomainError as err:
            refused(request, err)
        else:
            messages.success(request, _("已保存，之后归档的文件按此期限保管"))
        return redirect("archive-retention")
    org_id = staff.org_id if staff else 0
    rules = list(selectors.rules(org_id))
    set_ = {r.category: r for r in rules}
    categories = selectors.categories_in_use(org_id)
    context = {
        "rows": [
            {"category": c, "rule": set_.get(c), "default": Retention(selectors.default_retention(c)).label}
            for c in categories
        ],
        "defaults": [
            (c, Retention(p).label if p in Retention.values else p)
            for c, p in sorted(settings.ARCHIVE_RETENTION.items())
        ],
        "retentions": Retention.choices,
        "can_manage": user.has_perm("archive.manage_retention") and staff is not None,
    }
    return render(request, "archive/retention.html", context)
