"""通知 pages at the counter: the outbox (filters, state, delivery log, retry), the wording per kind with
its SMS count, the SMS opt-out list, each staff member's own notifications, and the day's letters to print.
Recipients are masked on every list (lib.identity)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_phone
from bianmin.lib.text import join_names
from bianmin.notify import actions, selectors
from bianmin.notify.filters import OUTBOX_CHANNELS, MessageFilter
from bianmin.notify.kinds import SAMPLE_PARAMS, SEGMENT_PART, SEGMENT_SINGLE, MessageKind, sms_count
from bianmin.notify.models import BODY_MAX, MessageState, OptOut
from bianmin.orgs.selectors import staff_of

VIEW = "notify.view_message"
PAGE_SIZE = 50


@login_required
@permission_required(VIEW, raise_exception=True)
def outbox(request: HttpRequest) -> HttpResponse:
    filters = MessageFilter(request.GET or None, queryset=selectors.messages_for(request.user))
    if filters.is_bound and not filters.form.is_valid():
        wrong = join_names(filters.form.fields[name].label for name in filters.form.errors)
        messages.error(request, _("部分筛选条件无效，已忽略：%(fields)s") % {"fields": wrong})
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [{"m": m, "to": selectors.mask_recipient(m)} for m in page.object_list],
        "params": request.GET,
        "kinds": MessageKind.choices,
        "states": MessageState.choices,
        "channels": OUTBOX_CHANNELS,
    }
    return render(request, "notify/outbox.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def message_page(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_with_attempts(request.user, pk)
    if message is None:
        raise Http404
    context = {
        "m": message,
        "to": selectors.mask_recipient(message),
        "can_retry": message.state == MessageState.FAILED and request.user.has_perm("notify.change_message"),
    }
    return render(request, "notify/message.html", context)


@login_required
@require_POST
def message_retry(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        actions.retry(pk, actor=request.user)
    except DomainError as error:
        if error.status == 404:
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("已重新排队，发送进程将再试一次"))
    return redirect("notify-message", pk=pk)


def _own_org(request: HttpRequest) -> Any:
    staff = staff_of(request.user)
    if staff is None:
        raise Http404
    return staff.org


def _counter(body: str) -> dict[str, Any]:
    characters, segments = sms_count(body, settings.NOTIFY_SMS_SIGNATURE)
    return {"characters": characters, "segments": segments}


@login_required
@permission_required("notify.view_messagetemplate", raise_exception=True)
def templates(request: HttpRequest) -> HttpResponse:
    org = _own_org(request)
    rows = [
        {
            "w": w,
            "label": MessageKind(w.kind).label,
            "own": w.own is not None and w.own.org_id == org.pk,
            **_counter(w.body),
        }
        for w in selectors.wordings_for(org)
    ]
    return render(request, "notify/templates.html", {"rows": rows, "org": org})


@login_required
@permission_required("notify.view_messagetemplate", raise_exception=True)
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in MessageKind.values:
        raise Http404
    org = _own_org(request)
    wording = selectors.wording_for(org, kind)
    body, gateway_template, status = wording.body, wording.gateway_template, 200
    if request.method == "POST":
        body = request.POST.get("body", "")
        gateway_template = request.POST.get("gateway_template", "")
        try:
            actions.save_template(org, kind, actor=request.user, body=body, gateway_template=gateway_template)
        except DomainError as error:
            messages.error(request, error.message)
            status = 400 if error.status == 400 else error.status
        else:
            messages.success(request, _("通知措辞已保存，此后生成的通知按新措辞"))
            return redirect("notify-templates")
    context = {
        "kind": kind,
        "label": MessageKind(kind).label,
        "body": body,
        "gateway_template": gateway_template,
        "body_max": BODY_MAX,
        "signature": settings.NOTIFY_SMS_SIGNATURE,
        "sample": SAMPLE_PARAMS,
        "single": SEGMENT_SINGLE,
        "part": SEGMENT_PART,
        "can_edit": request.user.has_perm("notify.edit_template"),
        **_counter(body),
    }
    return render(request, "notify/template_edit.html", context, status=status)


@login_required
@permission_required("notify.view_optout", raise_exception=True)
def opt_outs(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        try:
            actions.record_opt_out(
                request.POST.get("phone", ""), actor=request.user, note=request.POST.get("note", "")
            )
        except DomainError as error:
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(request, _("已登记退订，该号码不再收到短信"))
            return redirect("notify-opt-outs")
    page = Paginator(OptOut.objects.order_by("-recorded_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "rows": [{"o": o, "phone": mask_phone(o.phone)} for o in page.object_list],
        "can_record": request.user.has_perm("notify.add_optout"),
    }
    return render(request, "notify/opt_outs.html", context, status=status)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notify/inbox.html", {"page": page})


@login_required
@require_POST
def inbox_read(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        actions.mark_read(pk, actor=request.user)
    except DomainError as error:
        raise Http404 from error
    return redirect("notify-inbox")


@login_required
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    actions.mark_all_read(actor=request.user)
    return redirect("notify-inbox")


@login_required
@permission_required(VIEW, raise_exception=True)
def letters(request: HttpRequest) -> HttpResponse:
    """The letters to print at the window (those without a phone), one per sheet, oldest first."""
    rows = list(selectors.print_list(request.user)[:200])
    return render(request, "notify/letters.html", {"rows": rows})


@login_required
@permission_required(VIEW, raise_exception=True)
def letters_pdf(request: HttpRequest) -> HttpResponse:
    """The same letters as one PDF (A4, one letter a page) for the window's printer."""
    from bianmin.cases.pdf import render_pdf  # WeasyPrint loads only when a PDF is asked for

    rows = list(selectors.print_list(request.user)[:200])
    pdf = render_pdf(render_to_string("notify/letters_pdf.html", {"rows": rows}))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="letters.pdf"'
    return response


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def letters_printed(request: HttpRequest) -> HttpResponse:
    """打印后: the letters shown on the sheet leave the print list."""
    done = 0
    for raw in request.POST.getlist("letter"):
        if not (raw.isascii() and raw.isdigit()):
            continue
        try:
            actions.mark_printed(int(raw), actor=request.user)
        except DomainError:
            continue
        done += 1
    messages.success(request, _("已标记 %(n)d 份书面通知为已打印") % {"n": done})
    return redirect("notify-letters")
