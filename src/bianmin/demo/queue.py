"""The demo's hall queue (排队叫号): four business types (号段 A–D) over each town's nine windows, and a day of
tickets on the last working day — taken through the morning and afternoon, some green channel (绿色通道),
象湖镇's arrived bookings with their appointment tickets, called window by window as each clerk finishes, a few
skipped (过号) and one transferred (转窗口) at each town. All through ``queue.actions``, each step on its own
minute of that day's clock, so the waiting and service times are what the figures page and the reports read.

Built once per town: a town that already has tickets gets nothing more.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from bianmin.appointments.models import Appointment, AppointmentState
from bianmin.demo.appointments import _at, _working_day
from bianmin.demo.build import TOWN_CODES
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org, Window, WindowPost
from bianmin.queue import actions
from bianmin.queue.models import BusinessType, Priority, Ticket

# (prefix, name, window codes, share of the day's visitors in percent)
TYPES = [
    ("A", "民政和残联业务", ("MZ", "ZH"), 25),
    ("B", "社保、医保和计生业务", ("JS", "NY", "LB"), 35),
    ("C", "国土、林业和农业业务", ("GT", "LY", "NZ"), 25),
    ("D", "综合和司法业务", ("SF", "ZH"), 15),
]
GREEN = [Priority.ELDERLY, Priority.DISABLED, Priority.PREGNANT]
# Visitors arrive from opening until a while before the lunch break, most of them early (the morning rush), and
# again in the afternoon.
SESSIONS = [((8, 30), (11, 15), 75), ((14, 30), (16, 30), 30)]
CLOSE = (17, 30)
SKIP_EVERY = 11  # every 11th call of a town is a no-show (过号)
TRANSFER_AT = 4  # from the town's 4th call on, the next one at 民政 is sent on to the 综合服务窗口 (转窗口)


def _business_types(town: Org) -> dict[str, BusinessType]:
    windows = {w.code: w for w in Window.objects.filter(org=town, active=True)}
    kinds = {}
    for position, (prefix, name, codes, _share) in enumerate(TYPES, start=1):
        kind, _created = BusinessType.objects.get_or_create(
            org=town, prefix=prefix, defaults={"name": name, "position": position}
        )
        kind.windows.add(*(windows[c] for c in codes if c in windows))
        kinds[prefix] = kind
    return kinds


def _clerks(town: Org) -> dict[int, Any]:
    """Each window's clerk: its A post (主岗), else its B post."""
    clerks: dict[int, Any] = {}
    posts = WindowPost.objects.filter(window__org=town).select_related("staff__user").order_by("post")
    for p in posts:  # A posts first
        clerks.setdefault(p.window_id, p.staff.user)
    return clerks


def _arrivals(town: Org, day: dt.date, rng: random.Random) -> list[tuple[dt.datetime, str, str]]:
    weights = [share for *_rest, share in TYPES]
    prefixes = [t[0] for t in TYPES]
    arrivals = []
    for (h0, m0), (h1, m1), count in SESSIONS:
        start, end = _at(day, h0, m0), _at(day, h1, m1)
        span = int((end - start).total_seconds() // 60)
        for n in range(count):
            at = start + dt.timedelta(minutes=int(rng.triangular(0, span, 0)))
            priority = GREEN[n % 3] if rng.random() < 0.1 else Priority.NORMAL
            arrivals.append((at, rng.choices(prefixes, weights)[0], priority))
    return sorted(arrivals)


def _day(town: Org, day: dt.date) -> int:
    """One town's day, minute by minute: numbers taken, then every free window with someone waiting calls
    next; a clerk is busy for the visit's service time. Returns the tickets taken."""
    rng = random.Random(f"queue-{town.code}-{day}")
    kinds = _business_types(town)
    clerks = _clerks(town)
    windows = [w for w in Window.objects.filter(org=town, active=True).order_by("number") if w.pk in clerks]
    by_code = {w.code: w for w in windows}
    arrivals = _arrivals(town, day, rng)
    booked = list(
        Appointment.objects.filter(org=town, date=day, state=AppointmentState.ARRIVED, ticket__isnull=True)
        .exclude(arrived_at=None)
        .order_by("arrived_at")
    )
    busy_until: dict[int, dt.datetime] = {}
    pending: dict[int, str] = {}  # window → what happens to its ticket when the clerk is free: skip, transfer
    calls = 0
    taken = 0
    transferred = False
    minute, close = _at(day, 8, 30), _at(day, *CLOSE)
    while minute <= close:
        while arrivals and arrivals[0][0] <= minute:
            _at_, prefix, priority = arrivals.pop(0)
            actions.issue(org=town, business_type=kinds[prefix], priority=priority, now=minute)
            taken += 1
        while booked and booked[0].arrived_at <= minute:  # type: ignore[operator]
            a = booked.pop(0)
            kind = next((k for k in kinds.values() if k.windows.filter(pk=a.window_id).exists()), kinds["A"])
            actions.issue(
                org=town, business_type=kind, priority=Priority.APPOINTMENT, appointment=a, now=minute
            )
            taken += 1
        rng.shuffle(windows)  # no window always first to the next visitor
        for window in windows:
            if busy_until.get(window.pk, minute) > minute:
                continue
            clerk = clerks[window.pk]
            step = pending.pop(window.pk, "")
            if step == "skip":
                actions.skip(actor=clerk, window=window, now=minute)
            elif step == "transfer" and "ZH" in by_code:
                actions.transfer(actor=clerk, window=window, to_window=by_code["ZH"], now=minute)
            try:
                actions.call_next(actor=clerk, window=window, now=minute)
            except DomainError:
                # nobody waits: the ticket in service (if any) is finished now
                try:
                    actions.finish(actor=clerk, window=window, now=minute)
                except DomainError:
                    pass
                continue
            calls += 1
            if calls % SKIP_EVERY == 0:
                pending[window.pk] = "skip"
                busy_until[window.pk] = minute + dt.timedelta(minutes=3)
            elif window.code == "MZ" and calls >= TRANSFER_AT and not transferred:
                transferred = True
                pending[window.pk] = "transfer"
                busy_until[window.pk] = minute + dt.timedelta(minutes=4)
            else:
                busy_until[window.pk] = minute + dt.timedelta(minutes=rng.randint(5, 16))
        if (
            not arrivals
            and not booked
            and minute > _at(day, 16, 30)
            and not busy_until_any(busy_until, minute)
        ):
            break
        minute += dt.timedelta(minutes=1)
    return taken


def busy_until_any(busy_until: dict[int, dt.datetime], minute: dt.datetime) -> bool:
    return any(until > minute for until in busy_until.values())


def build_queue(now: dt.datetime | None = None) -> int:
    """Returns how many tickets were taken (0 on a second run)."""
    now = now or timezone.now()
    taken = 0
    for town in Org.objects.filter(code__in=TOWN_CODES).order_by("code"):
        if Ticket.objects.filter(org=town).exists():
            continue
        day = _working_day(timezone.localdate(now), -1, town.region_code)
        taken += _day(town, day)
    return taken
