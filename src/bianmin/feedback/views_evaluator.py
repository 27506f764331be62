"""The evaluator tablet's pages (评价器, 一次一评) and the director's list of the hall's evaluators.

The tablet holds no account: it is paired once through a one-time link and then known by its device cookie
(see ``feedback.evaluator``). It waits, polling ``state/`` with a small script of our own (no inline script:
the Content-Security-Policy forbids it), and shows the five levels when the clerk at its window presses 请评价.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bianmin.feedback import evaluator
from bianmin.feedback.forms import EvaluatorForm
from bianmin.feedback.models import BAD_LEVELS, Evaluator, Level
from bianmin.lib.errors import DomainError
from bianmin.orgs.selectors import visible_org_ids, visible_windows

COOKIE_AGE = 400 * 86400
# Reasons a citizen can tap instead of typing on the tablet (they may still type their own).
QUICK_REASONS = ["等候时间太长", "服务态度不好", "办事效率低", "材料要求没有一次说清", "多次跑腿"]


def initials(name: str) -> str:
    """What stands in for a missing photo: the surname (the first character)."""
    name = name.strip()
    return name[:1] or "?"


def _device(request: HttpRequest) -> Evaluator | None:
    return evaluator.device_for(request.COOKIES.get(evaluator.COOKIE))


@never_cache
def pair(request: HttpRequest, secret: str) -> HttpResponse:
    """The one-time pairing link, opened on the tablet: it keeps a device secret and forgets the link."""
    try:
        device, device_secret = evaluator.pair(secret, now=timezone.now())
    except DomainError as err:
        return render(request, "feedback/evaluator_unpaired.html", {"error": err.message}, status=err.status)
    response = redirect("evaluator-home")
    response.set_cookie(
        evaluator.COOKIE,
        device_secret,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
        path="/evaluator/",
    )
    return response


def _staff_card(req: Any) -> dict[str, Any]:
    staff = getattr(req.staff, "staff", None)
    name = staff.name if staff else req.staff.get_username()
    return {
        "name": name,
        "initials": initials(name),
        "number": f"{staff.pk:04d}" if staff else "",
        "photo": staff.pk if staff and staff.photo else None,
    }


@never_cache
def home(request: HttpRequest) -> HttpResponse:
    device = _device(request)
    if device is None:
        return render(request, "feedback/evaluator_unpaired.html", {}, status=403)
    now = timezone.now()
    evaluator.seen(device, now)
    req = evaluator.pending_request(device.window_id, now)
    context: dict[str, Any] = {"device": device, "window": device.window, "req": req}
    if req is not None:
        context.update(
            levels=Level.choices,
            staff=_staff_card(req),
            item=req.case.item_name,
            number=req.case.number,
        )
    return render(request, "feedback/evaluator.html", context)


@never_cache
def state(request: HttpRequest) -> JsonResponse:
    """What the waiting page polls: the open request's id (or null)."""
    device = _device(request)
    if device is None:
        return JsonResponse({"code": "not_paired", "detail": _("该设备未配对")}, status=403)
    now = timezone.now()
    evaluator.seen(device, now)
    req = evaluator.pending_request(device.window_id, now)
    return JsonResponse({"request": req.pk if req else None})


@require_POST
@never_cache
def submit(request: HttpRequest) -> HttpResponse:
    device = _device(request)
    if device is None:
        return render(request, "feedback/evaluator_unpaired.html", {}, status=403)
    now = timezone.now()
    level = request.POST.get("level", "")
    comment = request.POST.get("reason_quick") or request.POST.get("comment", "")
    try:
        rating = evaluator.rate_at_window(
            device, request_id=request.POST.get("request"), level=level, comment=comment, now=now
        )
    except DomainError as err:
        req = evaluator.pending_request(device.window_id, now)
        context: dict[str, Any] = {"device": device, "window": device.window, "req": req}
        if err.code == "reason_required" and req is not None:
            # 国办发〔2019〕51号: a 差评 says why — ask for the reason, keeping the level chosen.
            context.update(
                reason_step=True,
                level=int(level),
                level_label=Level(int(level)).label,
                reasons=QUICK_REASONS,
                staff=_staff_card(req),
                item=req.case.item_name,
                number=req.case.number,
            )
            return render(request, "feedback/evaluator.html", context, status=200)
        if req is not None:
            context.update(
                levels=Level.choices, staff=_staff_card(req), item=req.case.item_name, number=req.case.number
            )
        context["error"] = err.message
        return render(request, "feedback/evaluator.html", context, status=err.status)
    return render(
        request,
        "feedback/evaluator.html",
        {"device": device, "window": device.window, "thanks": rating, "bad": rating.level in BAD_LEVELS},
    )


# ------------------------------------------------------------------------------------- director's devices


@login_required
@permission_required("feedback.manage_evaluator", raise_exception=True)
def devices(request: HttpRequest) -> HttpResponse:
    windows = visible_windows(request.user).filter(active=True).order_by("org__path", "number")
    form = EvaluatorForm(request.POST or None, windows=windows)
    link = None
    if request.method == "POST" and form.is_valid():
        try:
            device, secret = evaluator.register_evaluator(
                actor=request.user,
                window=form.cleaned_data["window"],
                name=form.cleaned_data["name"],
                now=timezone.now(),
            )
        except DomainError as err:
            messages.error(request, str(err.message))
        else:
            link = request.build_absolute_uri(f"/evaluator/pair/{secret}/")
            messages.success(request, _("已登记评价器，请在 24 小时内用该平板打开配对链接"))
            form = EvaluatorForm(windows=windows)
    rows = Evaluator.objects.filter(org_id__in=sorted(visible_org_ids(request.user))).select_related("window")
    return render(
        request,
        "feedback/devices.html",
        {"form": form, "rows": rows.order_by("revoked_at", "window__number", "pk"), "link": link},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


def _device_or_404(request: HttpRequest, pk: int) -> Evaluator:
    device = Evaluator.objects.filter(pk=pk, org_id__in=sorted(visible_org_ids(request.user))).first()
    if device is None:
        raise Http404(_("找不到该评价器"))
    return device


@login_required
@require_POST
@permission_required("feedback.manage_evaluator", raise_exception=True)
def device_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    device = _device_or_404(request, pk)
    now = timezone.now()
    windows = visible_windows(request.user).filter(active=True).order_by("org__path", "number")
    link = None
    try:
        if step == "revoke":
            evaluator.revoke(device, actor=request.user, now=now)
            messages.success(request, _("评价器已停用"))
        elif step == "pair":
            secret = evaluator.new_pairing(device, actor=request.user, now=now)
            link = request.build_absolute_uri(f"/evaluator/pair/{secret}/")
            messages.success(request, _("已生成新的配对链接，原设备需重新配对"))
        else:
            raise Http404
    except DomainError as err:
        messages.error(request, str(err.message))
    if link is None:
        return redirect("feedback-devices")
    rows = Evaluator.objects.filter(org_id__in=sorted(visible_org_ids(request.user))).select_related("window")
    return render(
        request,
        "feedback/devices.html",
        {
            "form": EvaluatorForm(windows=windows),
            "rows": rows.order_by("revoked_at", "window__number", "pk"),
            "link": link,
        },
    )
