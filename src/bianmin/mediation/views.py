"""矛盾纠纷调解 pages at the counter: the list with its filters, the register form (two or more party rows),
one mediation with its steps, and the 人民调解协议书 to print or download as PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bianmin.cases.pdf import render_pdf
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_address, mask_id, mask_phone
from bianmin.lib.step_views import refused
from bianmin.lib.text import join_names
from bianmin.lib.uploads import private_file
from bianmin.mediation import actions, selectors
from bianmin.mediation.filters import MediationFilter
from bianmin.mediation.models import (
    DisputeKind,
    Mediation,
    MediationChannel,
    MediationState,
    PartyRole,
    Performance,
    ReferralBody,
)
from bianmin.orgs.models import OrgKind
from bianmin.orgs.selectors import sees_many_centers, staff_of

VIEW = "mediation.view_mediation"
PAGE_SIZE = 50
PARTY_ROWS = 4  # rows the register form shows at first; blank ones are left out, more can be added


@login_required
@permission_required(VIEW, raise_exception=True)
def mediation_list(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    filters = MediationFilter(params, queryset=selectors.mediations(request.user), request=request)
    if not filters.form.is_valid():
        wrong = join_names(filters.form.fields[name].label for name in filters.form.errors)
        messages.error(request, _("部分筛选条件无效，已忽略：%(fields)s") % {"fields": wrong})
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "params": params,
        "today": timezone.localdate(),
        "states": MediationState.choices,
        "kinds": DisputeKind.choices,
        "can_register": request.user.has_perm("mediation.add_mediation")
        and staff_of(request.user) is not None,
        "many_centers": sees_many_centers(request.user),
    }
    return render(request, "mediation/list.html", context)


def _party_rows(data: QueryDict) -> list[dict[str, str]]:
    rows = []
    for i in range(50):
        row = {k: data.get(f"party-{i}-{k}", "") for k in ("name", "role", "id_number", "phone", "address")}
        if f"party-{i}-name" not in data:
            break
        if any(v.strip() for k, v in row.items() if k != "role"):
            rows.append(row)
    return rows


@login_required
@permission_required("mediation.add_mediation", raise_exception=True)
def register_page(request: HttpRequest) -> HttpResponse:
    staff = staff_of(request.user)
    if staff is None:
        raise Http404
    center = staff.org.parent if staff.org.kind == OrgKind.VILLAGE else staff.org
    data = request.POST if request.method == "POST" else QueryDict()
    status = 200
    if request.method == "POST":
        try:
            m = actions.register(
                actor=request.user,
                kind=data.get("kind"),
                title=data.get("title"),
                facts=data.get("facts"),
                parties=_party_rows(data),
                mediators=[int(v) for v in data.getlist("mediators") if v.isdigit()],
                channel=data.get("channel") or None,
                now=timezone.now(),
            )
        except DomainError as err:
            messages.error(request, str(err.message))
            status = err.status
        else:
            messages.success(request, _("已登记纠纷 %(number)s") % {"number": m.number})
            return redirect("mediation-detail", m.pk)
    rows = _party_rows(data) if data else []
    while len(rows) < PARTY_ROWS:
        rows.append({"role": PartyRole.APPLICANT if not rows else PartyRole.RESPONDENT})
    context = {
        "data": data,
        "rows": rows,
        "kinds": DisputeKind.choices,
        "roles": PartyRole.choices,
        "channels": [c for c in MediationChannel.choices if c[0] != MediationChannel.STATION],
        "at_station": staff.org.kind == OrgKind.VILLAGE,
        "mediators": list(selectors.mediator_choices(center)) if center else [],
        "me": staff,
    }
    return render(request, "mediation/register.html", context, status=status)


def _find(request: HttpRequest, pk: int) -> Mediation:
    m = selectors.mediation_for(request.user, pk)
    if m is None:
        raise Http404(_("找不到该调解"))
    return m


def _detail(request: HttpRequest, m: Mediation, status: int = 200) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    signed = selectors.signed_party_ids(m)
    parties = [
        {
            "p": p,
            "id": mask_id(p.id_number),
            "phone": mask_phone(p.phone),
            "address": mask_address(p.address),
            "signed": p.pk in signed,
        }
        for p in m.parties.all()
    ]
    agreement = getattr(m, "agreement", None)
    context = {
        "m": m,
        "today": today,
        "parties": parties,
        "agreement": agreement,
        "unsigned": [row["p"] for row in parties if not row["signed"]],
        "can": {
            "session": actions.can(actions.check_session, m, user),
            "agreement": actions.can(actions.check_agreement, m, user) and not signed,
            "sign": actions.can(actions.check_sign, m, user),
            "conclude": actions.can(actions.check_conclude, m, user),
            "close": actions.can(actions.check_close, m, user),
            "follow_up": actions.can(actions.check_follow_up, m, user),
            "extend": actions.can(actions.check_extend, m, user, today),
        },
        "referral_bodies": ReferralBody.choices,
        "performances": Performance.choices,
        "overdue": (m.is_open and m.due_on < today)
        or (m.state == MediationState.AGREED and m.follow_up_due is not None and m.follow_up_due < today),
        "many_centers": sees_many_centers(user),
    }
    return render(request, "mediation/detail.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def mediation_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _find(request, pk))


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _run(step: str, m: Mediation, data: QueryDict, user: Any, now: dt.datetime, files: Any = None) -> str:
    """One step of the detail page; returns the message shown when it is done."""
    if step == "session":
        actions.record_session(
            m,
            actor=user,
            held_on=_day(data.get("held_on", "")),
            place=data.get("place"),
            attendees=_ids(data.getlist("attendees")),
            minutes=data.get("minutes"),
            minutes_file=files.get("minutes_file") if files is not None else None,
            now=now,
        )
        return _("已记录调解")
    if step == "agreement":
        actions.draft_agreement(
            m,
            actor=user,
            content=data.get("content"),
            obligations=data.get("obligations"),
            performance_method=data.get("performance_method"),
            performance_deadline=_day(data.get("performance_deadline", "")),
            now=now,
        )
        return _("已制作调解协议书，请打印后由各方当事人签名")
    if step == "sign":
        actions.sign(m, actor=user, parties=_ids(data.getlist("parties")), now=now)
        return _("已记录签名")
    if step == "conclude":
        actions.conclude(m, actor=user, now=now)
        return _("调解协议已生效")
    if step == "close":
        actions.close(
            m,
            actor=user,
            outcome=data.get("outcome"),
            referred_to=data.get("referred_to", ""),
            referred_body=data.get("referred_body", ""),
            note=data.get("note", ""),
            now=now,
        )
        return _("已结案")
    if step == "follow_up":
        actions.follow_up(m, actor=user, performance=data.get("performance"), note=data.get("note"), now=now)
        return _("已记录回访")
    if step == "extend":
        days = data.get("days", "")
        actions.extend(
            m,
            actor=user,
            days=int(days) if days.isdigit() and len(days) < 4 else None,
            reason=data.get("reason"),
            now=now,
        )
        return _("已延长调解期限")
    raise Http404


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def mediation_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    m = _find(request, pk)
    try:
        done = _run(step, m, request.POST, request.user, timezone.now(), request.FILES)
    except DomainError as err:
        refused(request, err)
        return _detail(request, _find(request, pk), status=err.status)
    messages.success(request, done)
    return redirect("mediation-detail", pk)


# ---------------------------------------------------------------------------------------------- the agreement


def _agreement_html(request: HttpRequest, m: Mediation, *, bar: bool) -> str:
    return render_to_string(
        "mediation/agreement.html",
        {
            "m": m,
            "a": m.agreement,
            "parties": list(m.parties.all()),
            "bar": bar,
            "mediators": list(m.mediators.all()),
            "sessions": list(m.sessions.all()),
        },
        request=request if bar else None,
    )


def _with_agreement(request: HttpRequest, pk: int) -> Mediation:
    m = _find(request, pk)
    if getattr(m, "agreement", None) is None:
        raise Http404(_("该调解还没有协议书"))
    actions.record_print(m, actor=request.user)
    return m


@login_required
@permission_required(VIEW, raise_exception=True)
def agreement_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement to print: the parties' full ID numbers (第二十九条: 当事人的基本情况), each print on record."""
    return HttpResponse(_agreement_html(request, _with_agreement(request, pk), bar=True))


@login_required
@permission_required(VIEW, raise_exception=True)
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    m = _with_agreement(request, pk)
    response = HttpResponse(
        render_pdf(_agreement_html(request, m, bar=False)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="mediation-agreement-{m.pk}.pdf"'
    return response


@login_required
@permission_required(VIEW, raise_exception=True)
def minutes_file(request: HttpRequest, pk: int) -> FileResponse:
    """A session's minutes file, only to those who see the mediation; typed by its content, never a public URL."""
    session = selectors.session_for(request.user, pk)
    if session is None or not session.minutes_file:
        raise Http404(_("找不到调解笔录附件"))
    return private_file(session.minutes_file, name=f"session-{session.pk}", missing=_("找不到调解笔录附件"))
