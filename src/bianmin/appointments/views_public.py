"""The hall's booking pages (网上预约): choose the center, the item, the day and the time, then give a name,
phone and ID number; the confirmation shows the code. The citizen's own page cancels or moves a booking with
the code and the phone number. No account; the limits are in ``public``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from bianmin.appointments import actions, public, selectors
from bianmin.appointments.forms import LookupForm, PersonForm
from bianmin.appointments.models import Appointment, AppointmentState, BookingChannel
from bianmin.lib.errors import DomainError


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def _time(value: Any) -> dt.time | None:
    try:
        return dt.time.fromisoformat(str(value or "")[:5])
    except ValueError:
        return None


def _choice(request: HttpRequest, now: dt.datetime) -> dict[str, Any]:
    """The center, item and day chosen so far (``?org=&item=&date=``), with what to choose next."""
    org = selectors.center_by_code(request.GET.get("org"))
    context: dict[str, Any] = {"org": org, "section": "appointments"}
    if org is None:
        context["centers"] = list(selectors.centers())
        return context
    item = selectors.bookable_item(org, request.GET.get("item"))
    context["item"] = item
    if item is None:
        context["items"] = list(selectors.bookable_items(org))
        return context
    day = _day(request.GET.get("date"))
    context["base"] = "?" + urlencode({"org": org.code, "item": item.code})
    context["days"], slots = selectors.days_and_slots(org, item, day, now)
    if slots is not None:
        context["day"] = day
        context["slots"] = slots
    return context


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    try:
        public.reserve_slots_view(request)
    except DomainError as err:
        return render(request, "appointments/book.html", {"error": err.message}, status=err.status)
    context = _choice(request, now)
    form = PersonForm(request.POST or None)
    context["form"] = form
    if request.method != "POST" or "slots" not in context:
        return render(request, "appointments/book.html", context)
    try:
        public.reserve_booking(request)
    except DomainError as err:
        context["error"] = err.message
        return render(request, "appointments/book.html", context, status=err.status)
    if not form.is_valid():
        return render(request, "appointments/book.html", context, status=400)
    data = form.cleaned_data
    try:
        appointment = actions.book(
            actor=None,
            org=context["org"],
            item=context["item"],
            date=context["day"],
            start=data["start"],
            name=data["name"],
            phone=data["phone"],
            id_number=data["id_number"],
            channel=BookingChannel.ONLINE,
            now=now,
        )
    except DomainError as err:
        context["error"] = err.message
        context["slots"] = selectors.day_table(context["org"], context["item"], context["day"], now)
        return render(request, "appointments/book.html", context, status=err.status)
    return render(request, "appointments/booked.html", _shown(appointment, now, section="appointments"))


def _shown(appointment: Appointment, now: dt.datetime, **extra: Any) -> dict[str, Any]:
    return {
        "a": appointment,
        "org": appointment.org,
        "person": public.masked(appointment),
        "state": appointment.state_at(now),
        "states": AppointmentState,
        **extra,
    }


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """取消/改约: found by code + phone (posted, never in the address); each step posts them again."""
    now = timezone.now()
    form = LookupForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "section": "appointments"}
    if request.method != "POST":
        return render(request, "appointments/manage.html", context)
    if not form.is_valid():
        return render(request, "appointments/manage.html", context, status=400)
    code, phone = form.cleaned_data["code"], form.cleaned_data["phone"]
    try:
        appointment = public.find_for_citizen(request, code, phone)
    except DomainError as err:
        context["error"] = err.message
        return render(request, "appointments/manage.html", context, status=err.status)
    context.update(_shown(appointment, now), code=appointment.code, phone=phone)
    step = request.POST.get("step", "")
    try:
        if step == "cancel":
            appointment = actions.cancel(appointment, actor=None, now=now)
            context.update(_shown(appointment, now), done="cancelled")
        elif step == "move":
            day, start = _day(request.POST.get("date")), _time(request.POST.get("start"))
            appointment = actions.move(appointment, actor=None, date=day, start=start, now=now)
            context.update(_shown(appointment, now), done="moved")
    except DomainError as err:
        context["error"] = err.message
    if context["state"] == AppointmentState.BOOKED and appointment.starts_at > now:
        item = appointment.item
        context["days"] = selectors.days_overview(appointment.org, item, now)
        day = _day(request.POST.get("date")) if step == "day" else None
        if day is not None:
            context["day"] = day
            context["slots"] = selectors.day_table(appointment.org, item, day, now)
    return render(request, "appointments/manage.html", context)
