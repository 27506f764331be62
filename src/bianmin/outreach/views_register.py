"""现场登记: a case registered at the market stall or in a citizen's home, linked to the outing.

The page finds the item among those enabled at the center, takes the applicant and the materials received,
and registers the case through ``actions.register_on_market_day`` / ``register_on_home_visit`` (the case's
channel is the outing's). The case then opens in the counter, where it is accepted, or the applicant is told
what is missing, like any case registered at a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases import actions as case_actions
from bianmin.catalog.selectors import published_items
from bianmin.lib.errors import DomainError
from bianmin.outreach import actions, selectors
from bianmin.outreach.forms import OnSiteCaseForm
from bianmin.outreach.models import VisitState

SEARCH_LIMIT = 30


@dataclass(frozen=True)
class Outing:
    """What the page needs to know of a market day or a home visit."""

    kind: str  # "market_day" / "home_visit"
    obj: Any
    title: str
    back: str
    register: Any
    initial: dict[str, str]
    open: bool  # registering on site is possible now (the action checks again)


VIEW = {"market_day": "outreach.view_marketday", "home_visit": "outreach.view_homevisit"}


def _outing(request: HttpRequest, kind: str, pk: int) -> Outing:
    if not request.user.has_perm(VIEW[kind]):
        raise PermissionDenied
    if kind == "market_day":
        event = selectors.market_day_for(request.user, pk)
        if event is None:
            raise Http404(_("找不到该赶场活动"))
        return Outing(
            kind,
            event,
            _("赶场现场登记：%(date)s %(place)s") % {"date": f"{event.date:%Y-%m-%d}", "place": event.place},
            reverse("outreach-market-day", args=[pk]),
            actions.register_on_market_day,
            {},
            event.is_open and event.date == timezone.localdate(),
        )
    visit = selectors.home_visit_for(request.user, pk)
    if visit is None:
        raise Http404(_("找不到该上门服务"))
    return Outing(
        kind,
        visit,
        _("上门登记：%(name)s，%(address)s") % {"name": visit.requester_name, "address": visit.address},
        reverse("outreach-home-visit", args=[pk]),
        actions.register_on_home_visit,
        # The person visited is usually the applicant: their details are filled in, and can be changed.
        {
            "name": visit.requester_name,
            "id_number": visit.requester_id_number,
            "phone": visit.requester_phone,
            "address": visit.address,
        },
        visit.state == VisitState.ASSIGNED,
    )


@login_required
def register_case(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    outing = _outing(request, kind, pk)
    center = outing.obj.org
    q = (request.GET.get("q") or "").strip()[:50]
    code = (request.POST.get("item") or request.GET.get("item") or "").strip()[:10]
    item = published_items(org_code=center.code).filter(code=code).first() if code else None
    results = list(published_items(q=q, org_code=center.code)[:SEARCH_LIMIT]) if q and item is None else []
    form = None
    status = 200
    if item is not None:
        form = OnSiteCaseForm(request.POST or None, item=item, initial=outing.initial)
        if request.method == "POST":
            if form.is_valid():
                try:
                    outcome = outing.register(
                        outing.obj,
                        actor=request.user,
                        item_code=item.code,
                        applicant=form.applicant(),
                        received_materials=form.cleaned_data["received"],
                        idempotency=case_actions.form_idempotency(
                            f"user:{request.user.pk}", form.cleaned_data["token"]
                        ),
                        now=timezone.now(),
                    )
                except DomainError as err:
                    messages.error(request, str(err.message))
                    status = err.status
                else:
                    messages.success(
                        request,
                        _("已现场登记，受理编号 %(number)s；请在办件页受理，或出具一次性告知书")
                        % {"number": outcome.case.number},
                    )
                    return redirect("counter-case", number=outcome.case.number)
            else:
                messages.error(request, _("请检查标出的栏目"))
                status = 400
    elif request.method == "POST":
        messages.error(request, _("请先选择事项"))
        status = 400
    context = {
        "outing": outing,
        "q": q,
        "results": results,
        "item": item,
        "version": item.current if item is not None else None,
        "form": form,
        "can_register": request.user.has_perm("cases.register_case"),
    }
    return render(request, "outreach/register.html", context, status=status)
