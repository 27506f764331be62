"""进度查询 and 好差评: a citizen finds a case by its acceptance number plus the query code on the receipt.

Finding the case and what may be shown of it are ``cases.public``'s, shared with the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from bianmin.cases.models import Case, Result
from bianmin.cases.public import find_for_citizen, public_progress
from bianmin.feedback.actions import RATEABLE, rating_for
from bianmin.feedback.actions import rate as rate_case
from bianmin.feedback.links import find_by_link
from bianmin.feedback.models import Level, Occasion, Rating, RatingChannel
from bianmin.lib.errors import DomainError


def _progress(case: Case) -> dict[str, Any]:
    data = public_progress(case)
    data["steps"] = [{"label": s["label"], "at": dt.datetime.fromisoformat(s["at"])} for s in data["steps"]]
    data["due_date"] = dt.date.fromisoformat(data["due_date"]) if data["due_date"] else None
    data["result_label"] = Result(data["result"]).label if data["result"] else ""
    return data


def progress(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("number", "").strip()
    code = request.GET.get("code", "").strip()
    context: dict[str, Any] = {"number": number, "code": code, "section": "progress"}
    status = 200
    # Half a pair (a link from the receipt page prefills the number) only fills the form: it looks nothing up,
    # so it neither counts as a failure nor tells anything.
    if number and code:
        try:
            case = find_for_citizen(request, number, code)
        except DomainError as err:
            context["error"] = err.message
            status = err.status
        else:
            context["progress"] = _progress(case)
            context["case"] = case
            context["can_rate"] = (
                case.state in RATEABLE
                and not Rating.objects.filter(case=case, occasion=Occasion.ONLINE).exists()
            )
    return render(request, "hall/progress.html", context, status=status)


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, number: str) -> HttpResponse:
    """好差评 of the case as a whole (一事一评): from the QR code on the 办结通知书 (channel qr), the progress
    page (channel pc) or the signed link of the SMS (channel sms, no query code needed)."""
    code = (request.POST.get("code") or request.GET.get("code", "")).strip()
    token = (request.POST.get("t") or request.GET.get("t", "")).strip()
    wanted = request.POST.get("channel") or request.GET.get("channel")
    # Only the public channels may be claimed here; the hall tablet posts elsewhere, and SMS is the link's.
    if token:
        channel = RatingChannel.SMS
    else:
        channel = RatingChannel.PC if wanted == RatingChannel.PC else RatingChannel.QR
    context: dict[str, Any] = {
        "number": number,
        "code": code,
        "token": token,
        "levels": Level.choices,
        "channel": channel,
        "section": "progress",
    }
    if not code and not token and request.method == "GET":
        context["ask_code"] = True
        return render(request, "hall/rate.html", context)
    try:
        case = find_by_link(request, number, token) if token else find_for_citizen(request, number, code)
    except DomainError as err:
        context["error"] = err.message
        context["ask_code"] = err.code in ("case_not_found", "link_invalid", "link_expired")
        context["token"] = ""
        return render(request, "hall/rate.html", context, status=err.status)
    context.update(case=case, rating=rating_for(case), rateable=case.state in RATEABLE)
    if request.method == "POST":
        try:
            context["rating"] = rate_case(
                case,
                # rate() parses the level itself and says what is wrong with it.
                level=cast(int, request.POST.get("level", "")),
                comment=request.POST.get("comment", ""),
                channel=channel,
            )
            context["thanks"] = True
        except DomainError as err:
            context.update(level=request.POST.get("level", ""), comment=request.POST.get("comment", ""))
            if err.code == "already_rated":
                # The page then shows the rating already given, which says it all.
                context["rating"] = rating_for(case)
            else:
                context["error"] = err.message
            return render(request, "hall/rate.html", context, status=err.status)
    return render(request, "hall/rate.html", context)
