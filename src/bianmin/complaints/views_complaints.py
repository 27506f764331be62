"""效能投诉 pages at the counter: the list with due and overdue complaints, a complaint's page with its
reply, referral and decision forms, and the printed reply notice. The complainant is shown to supervisors
only (003 曾家镇 三 对投诉人予以保密); everyone else sees the name and phone masked."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bianmin.complaints import actions, public, selectors
from bianmin.complaints.filters import ComplaintFilter
from bianmin.complaints.forms import ComplaintForm, DecideForm, ReferForm, ReplyForm
from bianmin.complaints.models import Channel, Complaint, ComplaintState, ReplyNotice
from bianmin.complaints.notices import reply_pdf
from bianmin.counter.views_notices import with_print_bar
from bianmin.lib.errors import DomainError
from bianmin.lib.text import join_names
from bianmin.orgs.selectors import staff_of

VIEW = "complaints.view_complaint"
PAGE_SIZE = 50


def _own_center(user: Any) -> Any:
    staff = staff_of(user)
    return staff.org if staff is not None else None


@login_required
@permission_required(VIEW, raise_exception=True)
def complaint_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    base = selectors.with_relations(selectors.complaints_for(request.user)).order_by("-received_at", "-id")
    filters = ComplaintFilter(request.GET or None, queryset=base)
    if filters.is_bound and not filters.form.is_valid():
        wrong = join_names(filters.form.fields[name].label for name in filters.form.errors)
        messages.error(request, _("部分筛选条件无效，已忽略：%(fields)s") % {"fields": wrong})
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    center = _own_center(request.user)
    tomorrow = selectors.next_workday(center, today)
    rows = []
    for complaint in page.object_list:
        name, phone = selectors.complainant_of(complaint, request.user)
        rows.append(
            {
                "c": complaint,
                "name": name or _("匿名"),
                "level": selectors.warning_level(complaint, today, tomorrow),
            }
        )
    org_ids = [center.pk] if center is not None else list(base.values_list("org_id", flat=True).distinct())
    context = {
        "page": page,
        "rows": rows,
        "params": request.GET,
        "states": ComplaintState.choices,
        "channels": Channel.choices,
        "counts": selectors.complaint_board_counts(org_ids, today, center.region_code if center else None),
        "can_record": request.user.has_perm("complaints.add_complaint") and center is not None,
    }
    return render(request, "complaints/complaint_list.html", context)


@login_required
@permission_required("complaints.add_complaint", raise_exception=True)
def complaint_new(request: HttpRequest) -> HttpResponse:
    center = _own_center(request.user)
    if center is None:
        messages.error(request, _("只有便民服务中心的工作人员可以受理投诉"))
        return redirect("complaints-list")
    form = ComplaintForm(request.POST or None, org=center)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                complaint = actions.receive_complaint(
                    actor=request.user,
                    org=center,
                    channel=d["channel"],
                    content=d["content"],
                    complainant_name=d["complainant_name"],
                    complainant_phone=d["complainant_phone"],
                    against_staff=d["against_staff"],
                    against_window=d["against_window"],
                    case=public.case_of_center(center, d["case_number"]),
                    major=d["major"],
                )
            except DomainError as err:
                messages.error(request, str(err.message))
                status = err.status
            else:
                messages.success(
                    request, _("已受理投诉，答复期限 %(due)s") % {"due": f"{complaint.due_date:%Y-%m-%d}"}
                )
                return redirect("complaints-detail", pk=complaint.pk)
        else:
            messages.error(request, _("请检查标出的栏目"))
    return render(request, "complaints/complaint_new.html", {"form": form, "center": center}, status=status)


def _complaint_or_404(request: HttpRequest, pk: int) -> Complaint:
    complaint = (
        selectors.with_relations(selectors.complaints_for(request.user))
        .select_related("received_by__staff", "replied_by__staff", "decided_by__staff")
        .filter(pk=pk)
        .first()
    )
    if complaint is None:
        raise Http404(_("找不到该投诉"))
    return complaint


def render_complaint(
    request: HttpRequest, complaint: Complaint, *, bound: Any = None, status: int = 200
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    forms: dict[str, Any] = {}
    against_me = (staff := staff_of(user)) is not None and complaint.against_staff_id == staff.pk
    if complaint.is_open and not against_me and user.has_perm("complaints.reply_complaint"):
        if not complaint.major or complaint.state == ComplaintState.REFERRED:
            initial = {"mode": "written"} if complaint.is_written else {}
            forms["reply"] = ReplyForm(initial=initial)
    if complaint.is_open and complaint.major and user.has_perm("complaints.refer_complaint"):
        forms["refer"] = ReferForm(org=complaint.org_id)
    if (
        complaint.state == ComplaintState.REPLIED
        and not against_me
        and user.has_perm("complaints.decide_complaint")
    ):
        forms["decide"] = DecideForm()
    if bound is not None:
        forms[bound.step] = bound
    name, phone = selectors.complainant_of(complaint, user)
    notice = ReplyNotice.objects.filter(complaint=complaint).defer("html", "pdf").first()
    context = {
        "c": complaint,
        "name": name,
        "phone": phone,
        "sees_identity": selectors.can_see_complainant(user),
        "level": selectors.warning_level(complaint, today),
        "referrals": list(complaint.referrals.select_related("to_user__staff", "referred_by__staff")),
        "notice": notice,
        "forms": forms,
        "may_mark_major": complaint.is_open
        and not complaint.major
        and complaint.is_written
        and (user.has_perm("complaints.decide_complaint") or complaint.received_by_id == user.pk),
    }
    return render(request, "complaints/complaint.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def complaint_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render_complaint(request, _complaint_or_404(request, pk))


def _reply(c: Complaint, d: dict[str, Any], user: Any) -> Any:
    return actions.reply_complaint(c, actor=user, text=d["text"], mode=d["mode"])


def _decide(c: Complaint, d: dict[str, Any], user: Any) -> Any:
    return actions.decide_complaint(
        c, actor=user, upheld=d["upheld"], findings=d["findings"], reason=d["reason"]
    )


def _refer(c: Complaint, d: dict[str, Any], user: Any) -> Any:
    target = d["to_staff"].user if d.get("to_staff") else None
    return actions.refer_complaint(c, actor=user, note=d["note"], to_user=target, to_body=d["to_body"])


def _major(c: Complaint, d: dict[str, Any], user: Any) -> Any:
    return actions.mark_major(c, actor=user)


STEPS: dict[str, tuple[Any, Any, Any]] = {
    "reply": (ReplyForm, _reply, gettext_lazy("已答复投诉人")),
    "decide": (DecideForm, _decide, gettext_lazy("已认定，投诉办结")),
    "refer": (ReferForm, _refer, gettext_lazy("已移送")),
    "major": (None, _major, gettext_lazy("已标记为重大投诉，请移送中心领导和纪检部门")),
}


@login_required
@require_POST
def complaint_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    form_class, act, done = STEPS[step]
    complaint = _complaint_or_404(request, pk)
    form: Any = None
    data: dict[str, Any] = {}
    if form_class is not None:
        form = (
            form_class(request.POST, org=complaint.org_id)
            if form_class is ReferForm
            else form_class(request.POST)
        )
        form.step = step
        if not form.is_valid():
            messages.error(request, _("请检查填写的内容"))
            return render_complaint(request, complaint, bound=form, status=400)
        data = form.cleaned_data
    try:
        act(complaint, data, request.user)
    except DomainError as err:
        messages.error(request, str(err.message))
        return render_complaint(request, _complaint_or_404(request, pk), bound=form, status=err.status)
    messages.success(request, str(done))
    return redirect("complaints-detail", pk=pk)


@login_required
@permission_required(VIEW, raise_exception=True)
def reply_notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_or_404(request, pk)
    notice = ReplyNotice.objects.filter(complaint=complaint).first()
    if notice is None:
        raise Http404(_("找不到该投诉答复书"))
    response = HttpResponse(reply_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="complaint-reply-{complaint.pk}.pdf"'
    return response


@login_required
@permission_required(VIEW, raise_exception=True)
def reply_notice_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply notice as issued, ready to print at the counter (the stored HTML, with a print bar that
    is not printed)."""
    complaint = _complaint_or_404(request, pk)
    notice = ReplyNotice.objects.filter(complaint=complaint).defer("pdf").first()
    if notice is None:
        raise Http404(_("找不到该投诉答复书"))
    bar = render_to_string("complaints/_print_bar.html", {"notice": notice}, request=request)
    return HttpResponse(with_print_bar(notice.html, bar), content_type="text/html; charset=utf-8")
