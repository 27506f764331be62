"""Public pages for citizens: no login."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bianmin.cases.api.serializers import public_progress
from bianmin.cases.models import Case
from bianmin.feedback.actions import rate as rate_case
from bianmin.feedback.models import Level, RatingChannel
from bianmin.lib.errors import DomainError
from bianmin.lib.throttle import FailureLimit

LOOKUP_LIMIT = FailureLimit("progress", settings.PROGRESS_LOOKUP_LIMIT, settings.PROGRESS_LOOKUP_WINDOW)
NOT_FOUND = "受理编号或查询码不正确"


def _find(request: HttpRequest, number: str, code: str) -> Case:
    """The case for number + code. A wrong code and an unknown number fail alike and count as a failure."""
    if LOOKUP_LIMIT.blocked(request):
        raise DomainError("too_many_attempts", "查询码错误次数过多，请稍后再试", kind="throttled")
    case = Case.objects.select_related("org").filter(number=number).first()
    if case is None or not code or case.query_code != code:
        LOOKUP_LIMIT.fail(request)
        raise DomainError("case_not_found", NOT_FOUND, kind="not_found")
    return case


def progress(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("number", "").strip()
    code = request.GET.get("code", "").strip()
    context: dict = {"number": number, "code": code}
    status = 200
    if number or code:
        try:
            context["progress"] = public_progress(_find(request, number, code))
        except DomainError as err:
            context["error"] = err.message
            status = err.status
    return render(request, "hall/progress.html", context, status=status)


def rate(request: HttpRequest, number: str) -> HttpResponse:
    code = (request.POST.get("code") or request.GET.get("code", "")).strip()
    context: dict = {"number": number, "code": code, "levels": Level.choices}
    try:
        case = _find(request, number, code)
    except DomainError as err:
        context["error"] = err.message
        return render(request, "hall/rate.html", context, status=err.status)
    context["case"] = case
    context["rating"] = getattr(case, "rating", None)
    if request.method == "POST":
        try:
            context["rating"] = rate_case(
                case, level=request.POST.get("level", ""), comment=request.POST.get("comment", ""),
                channel=request.POST.get("channel") or RatingChannel.QR,
            )
            context["thanks"] = True
        except DomainError as err:
            context["error"] = err.message
            return render(request, "hall/rate.html", context, status=err.status)
    return render(request, "hall/rate.html", context)
