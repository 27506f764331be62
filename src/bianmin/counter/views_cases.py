"""The case page (办件详情) and its action forms, each posting to ``/counter/cases/<number>/<action>/``.

A refused action (``DomainError``) or a badly filled form re-shows the page with the message and the
form as it was typed; nothing is changed, because the action refused before writing anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bianmin.cases import guards, lifecycle
from bianmin.cases.deadlines import WarningLevel
from bianmin.cases.models import Attachment, Case, Channel
from bianmin.cases.selectors import in_scope
from bianmin.cases.steps import Step
from bianmin.counter import selectors
from bianmin.counter.display import Deadlines, green_label, user_name, window_label
from bianmin.counter.forms import (
    ACTION_FORMS,
    CaseActionForm,
    CompleteTaskForm,
    OnlineReviewForm,
    RevealForm,
)
from bianmin.counter.timeline import timeline
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_id, mask_phone
from bianmin.lib.text import download_name
from bianmin.lib.uploads import sniff

# The refusals worth a line on the case page: the usual next steps, when a rule holds them back.
BLOCKED_EXPLAINED = (Step.ACCEPT, Step.CONCLUDE, Step.DELIVER)  # delivery: held while a fee is unpaid


@dataclass
class Panel:
    """One action form on the case page."""

    form: CaseActionForm
    url: str
    heading: str


def case_or_404(user: Any, number: str) -> Case:
    case = selectors.case_for_page(user, number)
    if case is None:
        raise Http404(_("找不到该办件"))
    return case


def _panels(case: Case, user: Any, today: dt.date, bound: CaseActionForm | None) -> list[Panel]:
    """One form per step the lifecycle's own guards allow this user now (``lifecycle.offered``)."""
    panels = []
    for transition in lifecycle.offered(case, user, today):
        step = transition.step
        url = reverse("counter-case-action", args=[case.number, step.value])
        if step == Step.COMPLETE_TASK:
            # One form per window the user may finish; a re-shown form replaces its own window's.
            for task in guards.completable_tasks(case, user):
                form: CaseActionForm = CompleteTaskForm(
                    case=case, user=user, initial={"window": task.window_code}
                )
                if isinstance(bound, CompleteTaskForm) and bound.data.get("window") == task.window_code:
                    form = bound
                heading = _("%(title)s：%(window)s %(task)s") % {
                    "title": form.title,
                    "window": window_label(task.window) if task.window else task.window_code,
                    "task": task.task,
                }
                panels.append(Panel(form, url, heading))
            continue
        form = bound if bound is not None and bound.step == step else ACTION_FORMS[step](case=case, user=user)
        panels.append(Panel(form, url, str(form.title)))
    return panels


def _applicant(case: Case) -> dict[str, Any]:
    # Personal numbers are masked on every page (PIPL Art. 28); the full one only through 查看完整号码.
    return {
        "kind": case.get_applicant_kind_display(),
        "name": case.applicant_name,
        "id_type": case.get_applicant_id_type_display(),
        "id_number": mask_id(case.applicant_id_number),
        "credit_code": mask_id(case.applicant_credit_code),
        "phone": mask_phone(case.applicant_phone),
        "address": case.applicant_address,
        "agent": case.agent_name
        and {
            "name": case.agent_name,
            "id_number": mask_id(case.agent_id_number),
            "phone": mask_phone(case.agent_phone),
            "authorization": case.agent_authorization,
        },
    }


def _network(case: Case, user: Any, deadlines: Deadlines) -> dict[str, Any]:
    """The case's place in the three-level network: its station and the villager's authorisation, the proxy
    leg beside the item's own due date, the county's case that decides it — read through the link, opened
    only by who may see it (a town may not) — or, on a county case, the town case(s) it came from."""
    try:
        authorization = case.authorization
    except ObjectDoesNotExist:
        authorization = None
    upstream = None
    if case.upstream_case is not None:
        level = deadlines.level(case.upstream_case)
        upstream = {
            "case": case.upstream_case,
            "visible": in_scope(case.upstream_case, user),
            "level": level,
            "level_label": WarningLevel(level).label,
            "days_left": deadlines.left(case.upstream_case),
        }
    # Loaded by ``case_for_page`` on a county case opened by an escalation; no other case has any.
    towns = case.escalations.all() if case.channel == Channel.ESCALATION else []
    escalations = [(town, in_scope(town, user)) for town in towns]
    proxy_level = deadlines.proxy_level(case)
    proxy_left = deadlines.proxy_left(case)
    return {
        "shown": bool(case.station_id or authorization or upstream or escalations),
        "authorization": authorization,
        "upstream": upstream,
        "escalations": escalations,
        "proxy_level": proxy_level,
        "proxy_level_label": WarningLevel(proxy_level).label,
        "proxy_left": proxy_left,
        "proxy_overdue": -proxy_left if proxy_left is not None and proxy_left < 0 else 0,
        "green": green_label(case),
    }


def render_case(
    request: HttpRequest,
    case: Case,
    *,
    bound: CaseActionForm | None = None,
    revealed: str = "",
    review_form: OnlineReviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    now = timezone.now()
    today = timezone.localdate(now)
    deadlines = Deadlines(today, now)
    level = deadlines.level(case)
    notices = list(case.notices.all())
    new_notice = None
    if (wanted := request.GET.get("notice", "")).isdigit():
        new_notice = next((n for n in notices if n.pk == int(wanted)), None)
    days_left = deadlines.left(case)
    materials = list(case.materials.all())
    attachments = list(case.attachments.all())
    uploads: dict[int | None, list[Attachment]] = {}
    for a in attachments:
        uploads.setdefault(a.material_id, []).append(a)
    # 网上预审: whoever may send the application back (一次性告知) may review its uploads — the step's guard.
    if review_form is None and lifecycle.TRANSITION[Step.NOTIFY_MISSING].refusal(case, user, today) is None:
        review_form = OnlineReviewForm(case=case)
    if review_form is not None and not review_form.reviewed:
        review_form = None
    panels = _panels(case, user, today, bound)
    reveal_form = None
    if lifecycle.TRANSITION[Step.REVEAL_ID_NUMBER].refusal(case, user, today) is None:
        reveal_form = bound if isinstance(bound, RevealForm) else RevealForm(case=case, user=user)
    context = {
        "case": case,
        "snapshot": case.item_snapshot,
        "applicant": _applicant(case),
        "window": window_label(case.window),
        "handler": user_name(case.handler),
        "first_contact": user_name(case.first_contact),
        "accepted_by": user_name(case.accepted_by),
        "level": level,
        "level_label": WarningLevel(level).label,
        "days_left": days_left,
        "days_overdue": -days_left if days_left is not None and days_left < 0 else 0,
        "materials": [(m, uploads.get(m.pk, [])) for m in materials],
        "review_form": review_form,
        "tasks": [(t, user_name(t.completed_by)) for t in case.tasks.all()],
        "notices": notices,
        "new_notice": new_notice,
        "attachments": attachments,
        # Window names from the joint tasks loaded with the case (prefetched): no query of its own.
        "timeline": timeline(
            case.events.all(),
            {t.window_code: t.window.name for t in case.tasks.all() if t.window},
            {case.station.code: case.station.name} if case.station else {},
        ),
        "panels": panels,
        # Steps the state allows but a rule refuses now (受理 with a material missing, 办结 before a
        # mandatory procedure step): say why rather than hide them.
        "blocked": lifecycle.blocked(case, user, today, BLOCKED_EXPLAINED),
        "reveal_form": reveal_form,
        "revealed": revealed,
        "net": _network(case, user, deadlines),
    }
    return render(request, "counter/case.html", context, status=status)


@login_required
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    return render_case(request, case_or_404(request.user, number))


@login_required
@require_POST
def case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    form_class = ACTION_FORMS.get(Step(action)) if action in Step.values else None
    if form_class is None:
        raise Http404(_("未知的操作"))
    case = case_or_404(request.user, number)
    form = form_class(request.POST, case=case, user=request.user)
    if not form.is_valid():
        messages.error(request, _("“%(action)s”未完成：请检查填写的内容") % {"action": form.title})
        return render_case(request, case, bound=form, status=400)
    try:
        outcome = form.call(request.user, timezone.now())
    except DomainError as err:
        messages.error(request, str(err.message))
        # Re-read: the page must show the case as it is, and the refused action changed nothing.
        return render_case(request, case_or_404(request.user, number), bound=form, status=err.status)
    messages.success(request, str(form.done))
    url = reverse("counter-case", args=[number])
    if outcome.notice is not None:
        url += f"?notice={outcome.notice.pk}#new-notice"
    return redirect(url)


@login_required
@require_POST
@never_cache
def reveal_id(request: HttpRequest, number: str) -> HttpResponse:
    """The full ID number, shown on this response only (never kept in the session); each look is logged."""
    case = case_or_404(request.user, number)
    form = RevealForm(request.POST, case=case, user=request.user)
    if not form.is_valid():
        messages.error(request, _("查看完整证件号码须写明用途"))
        return render_case(request, case, bound=form, status=400)
    try:
        full = form.call(request.user, timezone.now()).value
    except DomainError as err:
        messages.error(request, str(err.message))
        return render_case(request, case, bound=form, status=err.status)
    messages.info(request, str(form.done))
    return render_case(request, case_or_404(request.user, number), revealed=full)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """An uploaded material, only to staff who can see its case; never through a public media URL."""
    attachment = selectors.attachment_for(request.user, pk)
    if attachment is None:
        raise Http404(_("找不到该材料"))
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("材料文件已不存在")) from exc
    # Named and typed by what the file is, not by what the uploader called it.
    content_type, extension = sniff(handle.read(16)) or ("application/octet-stream", ".bin")
    handle.seek(0)
    name = download_name(attachment.original_name, extension, fallback=f"material-{attachment.pk}")
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def case_redirect(request: HttpRequest) -> HttpResponse:
    """The number box in the header: straight to the case, or to the list filtered by that prefix."""
    number = (request.GET.get("number") or "").strip()
    if number and selectors.has_case(request.user, number):
        return redirect("counter-case", number=number)
    return redirect(f"{reverse('counter-cases')}?number={number}")
