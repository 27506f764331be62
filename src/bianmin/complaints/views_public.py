"""The hall's public complaint form (网上投诉), opinion form (留言建议) and the published answers (意见答复公开).

No account: a complaint or an opinion goes to the center chosen with ``?org=CODE``; every post counts against
the client's limit (``public.reserve_post``), accepted or refused. The complaint form asks for a name and a
phone because the written reply must reach the complainant (003 曾家镇 七 书面投诉必须书面答复; 四 反馈);
the opinion form may be anonymous. Published answers show the author's name masked.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from bianmin.complaints import public, selectors
from bianmin.complaints.forms import PublicComplaintForm, PublicOpinionForm
from bianmin.complaints.models import Channel
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org, OrgKind

ANSWERS_SHOWN = 50


def _center(request: HttpRequest) -> Org | None:
    code = (request.GET.get("org") or "").strip()
    if not code or len(code) > 12:
        return None
    return Org.objects.filter(code=code, kind__in=[OrgKind.COUNTY, OrgKind.TOWN]).first()


def _centers() -> list[Org]:
    return list(Org.objects.filter(kind__in=[OrgKind.COUNTY, OrgKind.TOWN]).order_by("path"))


@require_http_methods(["GET", "POST"])
def complaint_form(request: HttpRequest) -> HttpResponse:
    org = _center(request)
    context: dict = {"org": org, "section": "complaint"}
    if org is None:
        context["centers"] = _centers()
        return render(request, "complaints/hall_complaint.html", context)
    form = PublicComplaintForm(request.POST or None, org=org)
    context["form"] = form
    if request.method != "POST":
        return render(request, "complaints/hall_complaint.html", context)
    try:
        public.reserve_post(request)
    except DomainError as err:
        context["error"] = err.message
        return render(request, "complaints/hall_complaint.html", context, status=err.status)
    if not form.is_valid():
        return render(request, "complaints/hall_complaint.html", context, status=400)
    d = form.cleaned_data
    try:
        complaint = public.submit_complaint(
            center=org.code,
            channel=Channel.ONLINE,
            content=d["content"],
            case=d["case_number"],
            window=d["window"],
            complainant_name=d["complainant_name"],
            complainant_phone=d["complainant_phone"],
        )
    except DomainError as err:
        context["error"] = err.message
        return render(request, "complaints/hall_complaint.html", context, status=err.status)
    context["done"] = complaint
    context["form"] = None
    return render(request, "complaints/hall_complaint.html", context)


@require_http_methods(["GET", "POST"])
def opinion_form(request: HttpRequest) -> HttpResponse:
    org = _center(request)
    context: dict = {"org": org, "section": "opinion"}
    if org is None:
        context["centers"] = _centers()
        return render(request, "complaints/hall_opinion.html", context)
    form = PublicOpinionForm(request.POST or None)
    context["form"] = form
    if request.method != "POST":
        return render(request, "complaints/hall_opinion.html", context)
    try:
        public.reserve_post(request)
    except DomainError as err:
        context["error"] = err.message
        return render(request, "complaints/hall_opinion.html", context, status=err.status)
    if not form.is_valid():
        return render(request, "complaints/hall_opinion.html", context, status=400)
    d = form.cleaned_data
    try:
        public.submit_opinion(
            center=org.code,
            content=d["content"],
            author_name=d["author_name"],
            author_phone=d["author_phone"],
            consent_to_publish=d["consent_to_publish"],
        )
    except DomainError as err:
        context["error"] = err.message
        return render(request, "complaints/hall_opinion.html", context, status=err.status)
    context["done"] = True
    context["form"] = None
    return render(request, "complaints/hall_opinion.html", context)


def answers(request: HttpRequest) -> HttpResponse:
    org = _center(request)
    context: dict = {"org": org, "section": "opinions"}
    if org is None:
        context["centers"] = _centers()
    else:
        entries = list(selectors.published_answers(org)[:ANSWERS_SHOWN])
        context["entries"] = [{"e": e, "author": selectors.public_author(e)} for e in entries]
    return render(request, "complaints/hall_answers.html", context)
