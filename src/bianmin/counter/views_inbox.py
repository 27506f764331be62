"""网上预审: the center's online applications, and the clerk's review of one application's uploads.

The inbox lists what citizens applied for online and the center has not accepted yet, newest first. On the
case page the clerk sees each uploaded file beside its checklist line and either records the usable ones
as received and accepts, or returns the application with a one-time notice (一次性告知) naming what is
missing and which uploads were unusable. Both are the case actions (supplement, accept, notify_missing),
run in one transaction: when the second refuses, the first is not kept either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bianmin.cases import actions
from bianmin.cases.lifecycle import TRANSITION
from bianmin.cases.models import Attachment, Case, CaseMaterial, CaseState
from bianmin.cases.steps import Step
from bianmin.counter import selectors
from bianmin.counter.forms import OnlineReviewForm
from bianmin.counter.views_cases import case_or_404, render_case
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_id

PAGE_SIZE = 50
# Who reviews: the right to accept or to issue the one-time notice (the two outcomes of a review).
REVIEW_PERMISSION = TRANSITION[Step.ACCEPT].permission


@dataclass(frozen=True)
class InboxRow:
    case: Case
    id_masked: str
    uploads: list[Attachment]
    mandatory: int
    mandatory_uploaded: int
    not_uploaded: list[str]  # mandatory materials neither received nor uploaded


def _row(case: Case) -> InboxRow:
    uploads = list(case.attachments.all())
    uploaded = {a.material_id for a in uploads}
    materials: list[CaseMaterial] = [m for m in case.materials.all() if m.mandatory]
    return InboxRow(
        case=case,
        id_masked=mask_id(case.applicant_id_number or case.applicant_credit_code),
        uploads=uploads,
        mandatory=len(materials),
        mandatory_uploaded=sum(1 for m in materials if m.received or m.pk in uploaded),
        not_uploaded=[m.name for m in materials if not m.received and m.pk not in uploaded],
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    state = request.GET.get("state", "")
    state = state if state in selectors.ONLINE_REVIEW_STATES else ""
    page = Paginator(selectors.online_applications(request.user, state), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "rows": [_row(case) for case in page.object_list],
        "state": state,
        "counts": selectors.online_review_counts(request.user),
        "states": [(s, CaseState(s).label) for s in selectors.ONLINE_REVIEW_STATES],
    }
    return render(request, "counter/inbox.html", context)


def _review(form: OnlineReviewForm, case: Case, actor: Any) -> actions.Outcome:
    now = timezone.now()
    usable = form.usable_refs()
    with transaction.atomic():
        if usable:
            actions.supplement(case.number, actor=actor, materials=usable, now=now)
        if form.cleaned_data["decision"] == "accept":
            return actions.accept(case.number, actor=actor, now=now)
        return actions.notify_missing(case.number, actor=actor, also_missing=form.unusable_refs(), now=now)


@login_required
@require_POST
def review(request: HttpRequest, number: str) -> HttpResponse:
    case = case_or_404(request.user, number)
    form = OnlineReviewForm(request.POST, case=case)
    if not form.is_valid():
        messages.error(request, _("网上预审未完成：请检查填写的内容"))
        return render_case(request, case, review_form=form, status=400)
    try:
        outcome = _review(form, case, request.user)
    except DomainError as err:
        messages.error(request, str(err.message))
        # Nothing was kept: show the case as it is, with the clerk's ticks as they were.
        return render_case(request, case_or_404(request.user, number), review_form=form, status=err.status)
    if form.cleaned_data["decision"] == "accept":
        messages.success(request, _("已核验上传材料并受理，已出具受理通知书"))
    else:
        messages.success(request, _("已退回补正，已出具一次性告知书"))
    url = reverse("counter-case", args=[number])
    if outcome.notice is not None:
        url += f"?notice={outcome.notice.pk}#new-notice"
    return redirect(url)
