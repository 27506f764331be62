"""进度查询 and 好差评: a citizen finds a case by its acceptance number plus the query code on the receipt.

A wrong code and an unknown number fail alike (same message, same status) and both count against the
client, so the pages never tell whether a number exists and codes cannot be guessed (FailureLimit).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from bianmin.cases.api.serializers import public_progress
from bianmin.cases.models import Case, Result
from bianmin.feedback.actions import RATEABLE
from bianmin.feedback.actions import rate as rate_case
from bianmin.feedback.models import Level, Rating, RatingChannel
from bianmin.lib.errors import DomainError
from bianmin.lib.throttle import FailureLimit

LOOKUP_LIMIT = FailureLimit("progress", settings.PROGRESS_LOOKUP_LIMIT, settings.PROGRESS_LOOKUP_WINDOW)

# The API's step labels are Chinese only; the page names the same public steps through gettext.
STEP_LABELS = {
    "register": gettext_lazy("登记"),
    "notify_missing": gettext_lazy("一次性告知"),
    "supplement": gettext_lazy("补正材料"),
    "accept": gettext_lazy("受理"),
    "reject": gettext_lazy("不予受理"),
    "assign": gettext_lazy("交办承办"),
    "complete_task": gettext_lazy("联办窗口办结"),
    "suspend": gettext_lazy("特别程序"),
    "resume": gettext_lazy("恢复办理"),
    "extend": gettext_lazy("延期"),
    "conclude": gettext_lazy("办结"),
    "deliver": gettext_lazy("送达"),
    "archive": gettext_lazy("归档"),
    "withdraw": gettext_lazy("撤回"),
}


def find_case(request: HttpRequest, number: str, code: str) -> Case:
    """The case for number + code. A wrong code and an unknown number fail alike and count as a failure;
    once the client has failed too often, even the right pair is refused until the window passes."""
    if LOOKUP_LIMIT.blocked(request):
        raise DomainError("too_many_attempts", _("查询码错误次数过多，请稍后再试"), kind="throttled")
    case = Case.objects.select_related("org").filter(number=number[:50]).first()
    if case is None or not code or case.query_code != code:
        LOOKUP_LIMIT.fail(request)
        raise DomainError("case_not_found", _("受理编号或查询码不正确"), kind="not_found")
    return case


def _progress(case: Case) -> dict[str, Any]:
    data = public_progress(case)
    data["steps"] = [
        {"label": STEP_LABELS.get(s["step"], s["label"]), "at": dt.datetime.fromisoformat(s["at"])}
        for s in data["steps"]
    ]
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
            case = find_case(request, number, code)
        except DomainError as err:
            context["error"] = err.message
            status = err.status
        else:
            context["progress"] = _progress(case)
            context["case"] = case
            context["can_rate"] = case.state in RATEABLE and not Rating.objects.filter(case=case).exists()
    return render(request, "hall/progress.html", context, status=status)


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, number: str) -> HttpResponse:
    """好差评 from the QR code on the 办结通知书 (channel qr) or from the progress page (channel pc)."""
    code = (request.POST.get("code") or request.GET.get("code", "")).strip()
    wanted = request.POST.get("channel") or request.GET.get("channel")
    # Only the public channels may be claimed here; the hall tablet and terminals post elsewhere.
    channel = RatingChannel.PC if wanted == RatingChannel.PC else RatingChannel.QR
    context: dict[str, Any] = {
        "number": number,
        "code": code,
        "levels": Level.choices,
        "channel": channel,
        "section": "progress",
    }
    if not code and request.method == "GET":
        context["ask_code"] = True
        return render(request, "hall/rate.html", context)
    try:
        case = find_case(request, number, code)
    except DomainError as err:
        context["error"] = err.message
        context["ask_code"] = err.code == "case_not_found"
        return render(request, "hall/rate.html", context, status=err.status)
    context.update(
        case=case, rating=Rating.objects.filter(case=case).first(), rateable=case.state in RATEABLE
    )
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
                context["rating"] = Rating.objects.filter(case=case).first()
            else:
                context["error"] = err.message
            return render(request, "hall/rate.html", context, status=err.status)
    return render(request, "hall/rate.html", context)
