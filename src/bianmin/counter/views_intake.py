"""一窗受理: find the item, check the materials, register the applicant and decide — in one step.

Registering and the decision (accept / one-time notice / reject, or for an instant item accept and
conclude on the spot, 即收即办) run in one database transaction: when the decision is refused (materials
missing, no reason given…) nothing of the registration is kept, not even its acceptance number, and the
clerk gets the form back with what they typed.

A returning applicant is found by the full ID number the clerk types (``applicant``): the page fills in
their name, phone and address from their last case at the clerk's center and shows the number masked.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bianmin.cases import actions
from bianmin.cases.lifecycle import REGISTER_PERMISSION, TRANSITION
from bianmin.cases.models import Case, Notice, Result
from bianmin.cases.steps import Step
from bianmin.catalog.models import CaseKind, ServiceItem
from bianmin.consultations import intake as consultation_intake
from bianmin.counter import selectors
from bianmin.counter.forms import DECISIONS, ApplicantLookupForm, IntakeForm
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_id
from bianmin.orgs.selectors import station_of
from bianmin.queue import intake as queue_intake


def _decide(decision: str, case: Case, form: IntakeForm, actor: Any, now: Any) -> Notice | None:
    """The second half of the intake step; returns the notice to print."""
    if decision == "instant":
        # 即收即办: accepted and granted at the window; the conclusion notice is the one handed over. A
        # promised item is refused here by the conclude step's own guard, and nothing is kept.
        actions.accept(case, actor=actor, now=now)
        return actions.conclude(case, actor=actor, result=Result.GRANTED, now=now).notice
    if decision == "accept":
        return actions.accept(case, actor=actor, now=now).notice
    if decision == "notify":
        return actions.notify_missing(case, actor=actor, now=now).notice
    if decision == "reject":
        return actions.reject(case, actor=actor, reason=form.cleaned_data["reason"], now=now).notice
    return None


def _register_and_decide(form: IntakeForm, actor: Any) -> tuple[Case, Notice | None]:
    now = timezone.now()
    d = form.cleaned_data
    with transaction.atomic():
        registered = actions.register(
            actor=actor,
            item_code=d["item"],
            applicant=form.applicant(),
            agent=form.agent(),
            authorization=form.authorization(),
            green_channel=d.get("green_channel") or "",
            channel=d["channel"],
            received_materials=d["received"],
            mail=form.mail(),
            idempotency=actions.form_idempotency(f"user:{actor.pk}", d["token"]),
            now=now,
        )
        if registered.replayed:  # the same form again: the first submit already registered and decided
            return registered.case, None
        notice = _decide(d["decision"], registered.case, form, actor, now)
    return registered.case, notice


def _decisions(user: Any, item: ServiceItem | None) -> list[tuple[str, str]]:
    """The submit buttons this user gets: deciding needs the right to accept; an agent only registers.
    An instant item (即办件) is concluded on the spot by a clerk who may also conclude, so that comes first."""
    station = station_of(user)
    delegated = station is not None and item is not None and selectors.delegated_here(item, station)
    if not user.has_perm("cases.accept_case") or (station is not None and not delegated):
        # a village agent registers what the town decides; only delegated items are decided at the station
        return [("register", str(DECISIONS["register"]))]
    instant = item is not None and item.current is not None and item.current.kind == CaseKind.INSTANT
    on_the_spot = instant and user.has_perm(TRANSITION[Step.CONCLUDE].permission)
    return [(k, str(v)) for k, v in DECISIONS.items() if k != "register" and (k != "instant" or on_the_spot)]


def _page(
    request: HttpRequest, *, q: str, item: ServiceItem | None, form: IntakeForm | None, status: int = 200
) -> HttpResponse:
    center = selectors.center_of(request.user)
    results = selectors.intake_items(center, q) if center is not None and q else []
    if request.GET.get("partial"):
        # The live search asks for the result list only.
        return render(request, "counter/_item_results.html", {"q": q, "results": results})
    checked = set(form["received"].value() or []) if form is not None else set()
    materials = item.current.materials.all() if item is not None and item.current is not None else []
    context = {
        "center": center,
        "checklist": [(m, str(m.pk) in checked) for m in materials],
        "q": q,
        "results": results,
        "item": item,
        "version": item.current if item is not None else None,
        "form": form,
        "decisions": _decisions(request.user, item),
        "at_station": station_of(request.user) is not None,
        "can_register": request.user.has_perm("cases.register_case"),
    }
    return render(request, "counter/intake.html", context, status=status)


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    center = selectors.center_of(request.user)
    q = (request.GET.get("q") or "").strip()[:50]
    code = (request.POST.get("item") or request.GET.get("item") or "").strip()[:10]
    item = selectors.intake_item(center, code) if center is not None and code else None
    if request.method != "POST":
        form = (
            IntakeForm(item=item, initial=consultation_intake.initial(request)) if item is not None else None
        )
        queue_intake.prefill(form, request)  # 排队叫号: the called ticket's booked person
        return _page(request, q=q, item=item, form=form)

    form = IntakeForm(request.POST, request.FILES, item=item)
    if item is None:
        messages.error(request, _("请先选择事项"))
        return _page(request, q=q, item=None, form=None, status=400)
    if not form.is_valid():
        messages.error(request, _("请检查标出的栏目"))
        return _page(request, q=q, item=item, form=form, status=400)
    try:
        case, notice = _register_and_decide(form, request.user)
    except DomainError as err:
        messages.error(request, str(err.message))
        return _page(request, q=q, item=item, form=form, status=err.status)
    messages.success(request, _("已登记，受理编号 %(number)s") % {"number": case.number})
    queue_intake.registered(request, case)  # 排队叫号: the ticket being served produced this case
    consultation_intake.registered(request, case)  # 转为办件: the case recorded on its consultation
    url = reverse("counter-case", args=[case.number])
    if notice is not None:
        url += f"?notice={notice.pk}#new-notice"
    return redirect(url)


@login_required
@require_POST
@never_cache
def applicant(request: HttpRequest) -> JsonResponse:
    """老办事人: the applicant's details from their last case in the clerk's scope, by the full ID number.

    POST, so the number never lands in an access log's URL; the answer shows it masked only. Nothing is
    recorded: the clerk reads their own center's data, as the case list would show it."""
    if not request.user.has_perm(REGISTER_PERMISSION):
        return JsonResponse({"code": "permission_denied", "detail": _("您没有登记办件的权限")}, status=403)
    form = ApplicantLookupForm(request.POST)
    if not form.is_valid():
        detail = " ".join(str(e) for e in form.errors.get("id_number", [])) or _("请填写证件号码")
        return JsonResponse({"code": "invalid", "detail": detail}, status=400)
    number = form.cleaned_data["id_number"]
    case = selectors.last_case_of_applicant(request.user, number)
    if case is None:
        return JsonResponse(
            {"found": False, "id_masked": mask_id(number), "detail": _("没有找到该证件号码的办件记录")}
        )
    return JsonResponse(
        {
            "found": True,
            "id_masked": mask_id(number),
            "applicant": {
                "kind": case.applicant_kind,
                "name": case.applicant_name,
                "id_type": case.applicant_id_type,
                "phone": case.applicant_phone,
                "address": case.applicant_address,
            },
            "detail": _("已找到 %(name)s（%(id)s），最近办件：%(date)s %(item)s")
            % {
                "name": case.applicant_name,
                "id": mask_id(number),
                "date": timezone.localtime(case.registered_at).strftime("%Y-%m-%d"),
                "item": case.item_name,
            },
        }
    )
