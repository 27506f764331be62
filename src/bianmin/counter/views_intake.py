"""一窗受理: find the item, check the materials, register the applicant and decide — in one step.

Registering and the decision (accept / one-time notice / reject) run in one database transaction: when the
decision is refused (materials missing, no reason given…) nothing of the registration is kept, not even
its acceptance number, and the clerk gets the form back with what they typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases import actions
from bianmin.cases.models import Case, Notice
from bianmin.catalog.models import ServiceItem
from bianmin.counter import selectors
from bianmin.counter.forms import DECISIONS, IntakeForm
from bianmin.lib.errors import DomainError


def _decide(decision: str, case: Case, form: IntakeForm, actor: Any, now: Any) -> Notice | None:
    """The second half of the intake step; returns the notice to print."""
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
            channel=d["channel"],
            received_materials=d["received"],
            idempotency=actions.form_idempotency(f"user:{actor.pk}", d["token"]),
            now=now,
        )
        if registered.replayed:  # the same form again: the first submit already registered and decided
            return registered.case, None
        notice = _decide(d["decision"], registered.case, form, actor, now)
    return registered.case, notice


def _decisions(user: Any) -> list[tuple[str, str]]:
    """The submit buttons this user gets: deciding needs the right to accept; an agent only registers."""
    if user.has_perm("cases.accept_case"):
        return [(k, str(v)) for k, v in DECISIONS.items() if k != "register"]
    return [("register", str(DECISIONS["register"]))]


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
        "decisions": _decisions(request.user),
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
        form = IntakeForm(item=item) if item is not None else None
        return _page(request, q=q, item=item, form=form)

    form = IntakeForm(request.POST, item=item)
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
    url = reverse("counter-case", args=[case.number])
    if notice is not None:
        url += f"?notice={notice.pk}#new-notice"
    return redirect(url)
