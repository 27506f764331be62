"""Reads of the queue shared by the kiosk, the counter page, the hall screen, the API and the reports.

The hall screen's answer (``display``) is a handful of queries whatever the day holds; ``board_version`` is
the one-query check a screen makes every second to learn whether anything changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DurationField, F, Q, QuerySet, Sum
from django.utils import timezone

from bianmin.bulletins import selectors as bulletins
from bianmin.orgs.models import Org, OrgKind, Window
from bianmin.orgs.selectors import staff_of, visible_org_ids
from bianmin.queue.models import ANNOUNCED, Board, BusinessType, Ticket, TicketEvent, TicketState

CENTER_KINDS = (OrgKind.COUNTY, OrgKind.TOWN)
RECENT_CALLS = 6


def center(code: Any) -> Org | None:
    """The county or town center with division code ``code`` (None for anything else: a public page 404s)."""
    code = str(code or "").strip()
    if not code or len(code) > 12:
        return None
    return Org.objects.filter(code=code, kind__in=CENTER_KINDS).first()


def business_types(org: Org) -> QuerySet[BusinessType]:
    return BusinessType.objects.filter(org=org, active=True).order_by("position", "prefix")


def kiosk_types(org: Org, day: dt.date) -> list[BusinessType]:
    """The kiosk's buttons: each active business type with its waiting count today (``waiting``). One query."""
    waiting = Count("tickets", filter=Q(tickets__day=day, tickets__state=TicketState.WAITING))
    return list(business_types(org).annotate(waiting=waiting))


def type_for_window(org: Org, window_id: int | None) -> BusinessType | None:
    """The business type a window serves (an appointment's ticket is taken for it), else the center's first."""
    kinds = business_types(org)
    return (kinds.filter(windows=window_id).first() if window_id else None) or kinds.first()


def ticket_by_token(token: Any) -> Ticket | None:
    token = str(token or "")[:12]
    if not token:
        return None
    return (
        Ticket.objects.select_related("org", "business_type", "window", "appointment")
        .filter(token=token)
        .first()
    )


def ahead_of(ticket: Ticket) -> int:
    """How many people wait before ``ticket`` for its business type (what the receipt prints)."""
    if ticket.state != TicketState.WAITING:
        return 0
    waiting = Ticket.objects.filter(
        business_type_id=ticket.business_type_id, day=ticket.day, state=TicketState.WAITING
    )
    before = Q(first=True) if not ticket.first else Q(pk__in=[])
    before |= Q(first=ticket.first, issued_at__lt=ticket.issued_at)
    before |= Q(first=ticket.first, issued_at=ticket.issued_at, seq__lt=ticket.seq)
    return waiting.filter(before).exclude(pk=ticket.pk).count()


def waiting_for(window: Window, day: dt.date) -> QuerySet[Ticket]:
    """The tickets ``window`` may call, in calling order: transferred to it first, then priority (绿色通道,
    appointments), then the order they were taken."""
    kinds = BusinessType.objects.filter(windows=window).values("pk")
    return (
        Ticket.objects.filter(org_id=window.org_id, day=day, state=TicketState.WAITING)
        .filter(Q(target_window=window) | Q(target_window__isnull=True, business_type__in=kinds))
        .order_by(F("target_window_id").asc(nulls_last=True), "-first", "issued_at", "seq")
    )


def current_at(window: Window) -> Ticket | None:
    return (
        Ticket.objects.filter(window=window, state=TicketState.CALLED)
        .select_related("business_type", "appointment")
        .order_by("-called_at")
        .first()
    )


def serving(user: Any, day: dt.date) -> Ticket | None:
    """The ticket this clerk called and is serving now (the one a case registered now comes from)."""
    return (
        Ticket.objects.filter(called_by=user, state=TicketState.CALLED, day=day)
        .order_by("-called_at")
        .first()
    )


def counter_windows(user: Any) -> list[Window]:
    """The windows a clerk may call at: their center's active windows, their own posts first."""
    staff = staff_of(user)
    if staff is None:
        return []
    own = set(staff.posts.values_list("window_id", flat=True))
    windows = list(Window.objects.filter(org_id=staff.org_id, active=True).order_by("number", "pk"))
    return sorted(windows, key=lambda w: (w.pk not in own, w.number, w.pk))


def board_version(org_id: int) -> int:
    return Board.objects.filter(org_id=org_id).values_list("version", flat=True).first() or 0


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Call:
    number: str
    window_number: int
    window_name: str
    at: dt.datetime
    recall: bool


def display(org: Org, now: dt.datetime) -> dict[str, Any]:
    """What the hall screen shows at ``now``: per window the number in service, the last calls (newest
    first, the first of them the one to announce), the waiting counts per business type and the notices'
    ticker line. Six queries."""
    day = timezone.localdate(now)
    version = board_version(org.pk)
    windows = list(Window.objects.filter(org=org, active=True).order_by("number", "pk"))
    serving_now: dict[int, Ticket] = {}
    for t in Ticket.objects.filter(org=org, day=day, state=TicketState.CALLED).order_by("called_at"):
        serving_now[t.window_id] = t  # type: ignore[index]
    events = (
        TicketEvent.objects.filter(org=org, kind__in=ANNOUNCED, at__gte=_day_start(day))
        .select_related("ticket", "window")
        .order_by("-at", "-pk")[:RECENT_CALLS]
    )
    calls = [
        Call(e.ticket.number, e.window.number, e.window.name, e.at, e.kind != "called")
        for e in events
        if e.window is not None
    ]
    return {
        "version": version,
        "windows": [{"window": w, "ticket": serving_now.get(w.pk)} for w in windows],
        "calls": calls,
        "waiting": kiosk_types(org, day),
        "ticker": [b.title for b in bulletins.current(org, day)],
    }


def tickets_for(user: Any) -> QuerySet[Ticket]:
    """Tickets of the centers the staff member sees, newest first."""
    return (
        Ticket.objects.filter(org_id__in=sorted(visible_org_ids(user)))
        .select_related("business_type", "window", "target_window")
        .order_by("-day", "-issued_at", "-pk")
    )


@dataclass
class WindowDay:
    """One window's day: tickets served (办理), skipped (过号), the average wait and service in seconds."""

    window: Window
    day: dt.date
    served: int = 0
    skipped: int = 0
    wait_total: float = 0.0
    waits: int = 0
    service_total: float = 0.0
    services: int = 0

    @property
    def tickets(self) -> int:
        return self.served + self.skipped

    @property
    def average_wait(self) -> float | None:
        return self.wait_total / self.waits if self.waits else None

    @property
    def average_service(self) -> float | None:
        return self.service_total / self.services if self.services else None

    @property
    def average_wait_minutes(self) -> float | None:
        return round(self.average_wait / 60, 1) if self.average_wait is not None else None

    @property
    def average_service_minutes(self) -> float | None:
        return round(self.average_service / 60, 1) if self.average_service is not None else None


FIGURE_DAYS_MAX = 92


def figures_center(user: Any, code: Any = None) -> Org | None:
    """The center whose figures ``user`` asks for: the one with division code ``code`` among those they see
    (a county's staff read its towns), else their own. None when it is not a center they see."""
    code = str(code or "").strip()
    if not code:
        staff = staff_of(user)
        org = staff.org if staff else None
        return org if org is not None and org.kind in CENTER_KINDS else None
    if len(code) > 12:
        return None
    return Org.objects.filter(code=code, kind__in=CENTER_KINDS, pk__in=sorted(visible_org_ids(user))).first()


def figure_range(start: Any, end: Any, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The figures' days from the query's ``start`` and ``end`` (ISO dates; by default the week up to
    ``today``); None when a date is malformed, the range runs backwards or is longer than ``FIGURE_DAYS_MAX``."""
    try:
        last = dt.date.fromisoformat(str(end)) if end else today
        first = dt.date.fromisoformat(str(start)) if start else last - dt.timedelta(days=6)
    except ValueError:
        return None
    if first > last or (last - first).days >= FIGURE_DAYS_MAX:
        return None
    return first, last


def window_day_figures(org: Org, start: dt.date, end: dt.date) -> list[WindowDay]:
    """Per window and day from ``start`` to ``end`` (inclusive): tickets closed at the window (served and
    skipped), the average wait (taken → first called) and the average service (called → finished) of the
    served ones. The figures page and the figures API read it. Two queries."""
    windows = {w.pk: w for w in Window.objects.filter(org=org)}
    rows: dict[tuple[int, dt.date], WindowDay] = {}
    closed = Ticket.objects.filter(
        org=org,
        day__gte=start,
        day__lte=end,
        state__in=[TicketState.DONE, TicketState.SKIPPED],
        window__isnull=False,
    ).values_list("window_id", "day", "state", "issued_at", "first_called_at", "called_at", "finished_at")
    for window_id, day, state, issued, first_called, called, finished in closed:
        row = rows.get((window_id, day))
        if row is None:
            row = rows[(window_id, day)] = WindowDay(windows[window_id], day)
        if state == TicketState.SKIPPED:
            row.skipped += 1
            continue
        row.served += 1
        if first_called is not None:
            row.wait_total += (first_called - issued).total_seconds()
            row.waits += 1
        if called is not None and finished is not None:
            row.service_total += (finished - called).total_seconds()
            row.services += 1
    return sorted(rows.values(), key=lambda r: (r.day, r.window.number, r.window.pk))


def ticket_in_scope(user: Any, pk: Any) -> Ticket | None:
    if not str(pk or "").isdigit() or len(str(pk)) > 12:
        return None
    return tickets_for(user).select_related("appointment", "appointment__item").filter(pk=int(pk)).first()


def intake_initial(user: Any, ticket_id: Any) -> dict[str, str]:
    """The intake form's first values for the ticket the clerk called (``?ticket=``): the booked person's
    name, phone and ID number when the ticket comes from an appointment; nothing for a walk-in number or a
    ticket outside the clerk's scope."""
    ticket = ticket_in_scope(user, ticket_id)
    if ticket is None or ticket.appointment is None:
        return {}
    a = ticket.appointment
    return {"name": a.name, "phone": a.phone, "id_number": a.id_number}


# What ``served_counts`` groups by: the statistics' breakdowns a ticket has (its center and the window that
# served it); the others (item, station, kind, channel of a case) group it under "".
SERVED_DIMENSIONS = ("center", "window")


def served_counts(
    org_ids: Any, start: dt.date, end: dt.date, by: tuple[str, ...] = ()
) -> dict[tuple[Any, ...], tuple[int, int, int]]:
    """Tickets served (办理完毕) at ``org_ids`` on the days ``start`` … ``end``, grouped ``by`` center and/or
    window: {key: (served, seconds waited in all, tickets that waited)}; the wait runs from taking the number
    to the first call. The statistics table's 叫号办理 and 平均等候 columns. One query."""
    ids = sorted(set(org_ids))
    if start > end or not ids:
        return {}
    rows = Ticket.objects.filter(org_id__in=ids, day__gte=start, day__lte=end, state=TicketState.DONE)
    figures = {
        "n": Count("id"),
        "waited": Count("first_called_at"),
        "wait": Sum(F("first_called_at") - F("issued_at"), output_field=DurationField()),
    }
    named = {f"d_{d}": F("org_id") if d == "center" else F("window_id") for d in by}
    if not named:
        total = rows.aggregate(**figures)
        return {(): _served(total)} if total["n"] else {}
    grouped = rows.annotate(**named).values(*named).annotate(**figures).order_by()
    return {tuple(row[f"d_{d}"] for d in by): _served(row) for row in grouped}


def _served(row: dict[str, Any]) -> tuple[int, int, int]:
    wait = row["wait"]
    return row["n"], round(wait.total_seconds()) if wait is not None else 0, row["waited"]
