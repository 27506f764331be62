"""The counter's 预约 pages: the day's bookings per window (arrived, waiting, no-show, cancelled) with check-in
and cancel, the slots stopped by hand, and booking for a citizen on the phone (预约电话登记, 000 篇8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.appointments import actions, selectors
from bianmin.appointments.forms import ClosureForm, PersonForm
from bianmin.appointments.models import AppointmentState, BookingChannel, SlotClosure
from bianmin.appointments.public import masked
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org
from bianmin.orgs.selectors import staff_of, visible_org_ids

VIEW = "appointments.view_appointment"


def _day(value: Any, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return default


def _center(request: HttpRequest) -> Org:
    """The staff member's own center, or the one chosen with ``?center=`` among those they see."""
    code = request.GET.get("center") or request.POST.get("center")
    if code:
        org = selectors.center_by_code(code)
        if org is not None and (request.user.is_superuser or org.pk in visible_org_ids(request.user)):
            return org
        raise Http404
    staff = staff_of(request.user)
    if staff is None or staff.org.kind not in selectors.CENTER_KINDS:
        raise Http404
    return staff.org


def _act(request: HttpRequest, org: Org, now: dt.datetime) -> None:
    step = request.POST.get("step")
    try:
        if step in {"check_in", "cancel"}:
            found = (
                selectors.appointments_for(request.user).filter(code=request.POST.get("code", "")[:8]).first()
            )
            if found is None:
                raise DomainError("appointment_not_found", _("找不到该预约"), kind="not_found")
            if step == "check_in":
                actions.check_in(found.code, now, actor=request.user)
                messages.success(request, _("%(code)s 已签到") % {"code": found.code})
            else:
                actions.cancel(found, actor=request.user, now=now, note=request.POST.get("note", ""))
                messages.success(request, _("%(code)s 已取消") % {"code": found.code})
        elif step == "close":
            form = ClosureForm(request.POST, org=org)
            if not form.is_valid():
                raise DomainError("invalid", _("请填写日期和原因"))
            actions.close_slots(actor=request.user, org=org, now=now, **form.cleaned_data)
            messages.success(request, _("已停止预约"))
        elif step == "reopen":
            pk = request.POST.get("closure", "")
            closure = int(pk) if pk.isascii() and pk.isdigit() and len(pk) < 18 else 0
            actions.reopen_slots(closure, actor=request.user)
            messages.success(request, _("已恢复预约"))
    except DomainError as err:
        messages.error(request, err.message)


@login_required
@permission_required(VIEW, raise_exception=True)
def day_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    org = _center(request)
    day = _day(request.GET.get("date") or request.POST.get("date"), timezone.localdate(now))
    if request.method == "POST":
        _act(request, org, now)
        return redirect(f"{request.path}?center={org.code}&date={day.isoformat()}")
    rows = list(selectors.day_list(org, day))
    windows: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = windows.setdefault(row.window_id, {"window": row.window, "rows": [], "counts": {}})
        state = row.state_at(now)
        entry["rows"].append({"a": row, "state": state, "person": masked(row)})
        entry["counts"][state] = entry["counts"].get(state, 0) + 1
    for entry in windows.values():
        # Every state with its number, a zero one too, so that no label stands without a count.
        entry["summary"] = [(v, label, entry["counts"].get(v, 0)) for v, label in AppointmentState.choices]
    closures = list(
        SlotClosure.objects.filter(org=org, date__gte=day)
        .select_related("window")
        .order_by("date", "start")[:50]
    )
    return render(
        request,
        "appointments/day_list.html",
        {
            "org": org,
            "day": day,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "windows": list(windows.values()),
            "states": AppointmentState,
            "closures": closures,
            "closure_form": ClosureForm(org=org, initial={"date": day}),
            "can_book": request.user.has_perm(actions.BOOK),
            "can_check_in": request.user.has_perm(actions.CHECK_IN),
            "can_close": request.user.has_perm(actions.CLOSE),
        },
    )


@login_required
@permission_required(actions.BOOK, raise_exception=True)
def book_for_citizen(request: HttpRequest) -> HttpResponse:
    """电话预约登记: the clerk picks the item, day and slot with the caller, then writes down who they are."""
    now = timezone.now()
    org = _center(request)
    items = list(selectors.bookable_items(org))
    item = selectors.bookable_item(org, request.GET.get("item"))
    form = PersonForm(request.POST or None)
    context: dict[str, Any] = {"org": org, "items": items, "item": item, "form": form}
    if item is not None:
        context["days"] = selectors.days_overview(org, item, now)
        context["base"] = f"?center={org.code}&item={item.code}"
        day = _day(request.GET.get("date"), dt.date.min)
        if day in {d for d, _n in context["days"]}:
            context["day"] = day
            context["slots"] = selectors.day_table(org, item, day, now)
    if request.method == "POST" and item is not None and "slots" in context and form.is_valid():
        data = form.cleaned_data
        channel = request.POST.get("channel", BookingChannel.PHONE)
        try:
            appointment = actions.book(
                actor=request.user,
                org=org,
                item=item,
                date=context["day"],
                start=data["start"],
                name=data["name"],
                phone=data["phone"],
                id_number=data["id_number"],
                channel=channel,
                now=now,
            )
        except DomainError as err:
            messages.error(request, err.message)
            context["slots"] = selectors.day_table(org, item, context["day"], now)
        else:
            messages.success(
                request,
                _("已预约，预约码 %(code)s（%(day)s %(start)s，%(window)s）")
                % {
                    "code": appointment.code,
                    "day": appointment.date.isoformat(),
                    "start": f"{appointment.start:%H:%M}",
                    "window": appointment.window,
                },
            )
            return redirect(
                f"{reverse('appointments-day')}?center={org.code}&date={appointment.date.isoformat()}"
            )
    return render(request, "appointments/book_counter.html", context)
