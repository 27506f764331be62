"""Read queries of appointments, shared by the pages, the API, the command and other apps (the queue's kiosk).

The slot tables are derived on every read: office hours and calendar say which times exist, two queries
count the bookings and closures of the days asked about. A booking whose slot has ended without an arrival
reads as a no-show (``Appointment.state_at``), whether or not ``appointments_noshow`` has run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from bianmin.appointments.models import (
    HOLDING_STATES,
    Appointment,
    AppointmentState,
    BookingSettings,
    SlotClosure,
)
from bianmin.appointments.slots import booking_reopens, day_slots, hours_on
from bianmin.catalog.models import ServiceItem
from bianmin.orgs.models import Org, OrgKind, Window
from bianmin.orgs.selectors import visible_org_ids
from bianmin.workdays.services import get_calendar

CENTER_KINDS = (OrgKind.COUNTY, OrgKind.TOWN)


@dataclass
class SlotInfo:
    """One bookable time of a day: its places left at each of the item's windows."""

    date: dt.date
    start: dt.time
    end: dt.time
    windows: list[tuple[Window, int]] = field(default_factory=list)
    closed: bool = False
    past: bool = False

    @property
    def remaining(self) -> int:
        return 0 if self.closed or self.past else sum(left for _w, left in self.windows)

    @property
    def bookable(self) -> bool:
        return self.remaining > 0


def centers() -> QuerySet[Org]:
    return Org.objects.filter(kind__in=CENTER_KINDS).order_by("path")


def center_by_code(code: Any) -> Org | None:
    text = str(code or "").strip()
    if not text or len(text) > 12:
        return None
    return centers().filter(code=text).first()


def bookable_items(org: Org) -> QuerySet[ServiceItem]:
    """The items a center takes bookings for: enabled there, active, their current version bookable."""
    return (
        ServiceItem.objects.filter(
            enabled_at=org, active=True, current__isnull=False, current__appointment_allowed=True
        )
        .select_related("current")
        .order_by("code")
    )


def bookable_item(org: Org, code: Any) -> ServiceItem | None:
    text = str(code or "").strip()
    if not text or len(text) > 10:
        return None
    return bookable_items(org).filter(code=text).first()


def item_windows(org: Org, item: ServiceItem) -> list[Window]:
    """The center's active windows that take the item (its 受理窗口), by window number."""
    codes = list(item.current.window_codes) if item.current else []
    return list(Window.objects.filter(org=org, active=True, code__in=codes).order_by("number", "pk"))


def settings_for(org: Org) -> BookingSettings:
    return BookingSettings.for_org(org)


def booking_days(org: Org, now: dt.datetime, conf: BookingSettings) -> list[dt.date]:
    """The working days a booking may be made for: from today, ``days_ahead`` calendar days on."""
    today = timezone.localdate(now)
    calendar = get_calendar(org.region_code)
    days = [today + dt.timedelta(days=n) for n in range(conf.days_ahead + 1)]
    return [d for d in days if calendar.is_workday(d)]


def slot_tables(
    org: Org, windows: list[Window], days: list[dt.date], now: dt.datetime, conf: BookingSettings
) -> dict[dt.date, list[SlotInfo]]:
    """Each day's slots with the places left at each window (three queries for all the days: the bookings
    counted, the closures, and the center's office hours once rather than once a day)."""
    if not days or not windows:
        return {day: [] for day in days}
    prefetch_related_objects([org], "office_hours")
    taken = Counter(
        {
            (row["date"], row["window_id"], row["start"]): row["n"]
            for row in Appointment.objects.filter(
                org=org, window__in=windows, date__in=days, state__in=HOLDING_STATES
            )
            .values("date", "window_id", "start")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    closures: dict[dt.date, list[SlotClosure]] = {}
    for closure in SlotClosure.objects.filter(org=org, date__in=days):
        closures.setdefault(closure.date, []).append(closure)
    local = timezone.localtime(now)
    tables = {}
    for day in days:
        rows = []
        for start, end in day_slots(hours_on(org, day), conf.slot_minutes):
            open_windows = [
                w for w in windows if not any(c.covers(w.pk, start) for c in closures.get(day, []))
            ]
            rows.append(
                SlotInfo(
                    date=day,
                    start=start,
                    end=end,
                    windows=[(w, max(0, conf.capacity - taken[(day, w.pk, start)])) for w in open_windows],
                    closed=not open_windows,
                    past=(day, start) <= (local.date(), local.time()),
                )
            )
        tables[day] = rows
    return tables


def day_table(org: Org, item: ServiceItem, day: dt.date, now: dt.datetime) -> list[SlotInfo]:
    """One day's slots for an item; empty on a day that takes no bookings (a holiday, too far ahead)."""
    conf = settings_for(org)
    if day not in booking_days(org, now, conf):
        return []
    return slot_tables(org, item_windows(org, item), [day], now, conf)[day]


def days_overview(org: Org, item: ServiceItem, now: dt.datetime) -> list[tuple[dt.date, int]]:
    """The bookable days with the places left on each (for choosing a day)."""
    conf = settings_for(org)
    days = booking_days(org, now, conf)
    tables = slot_tables(org, item_windows(org, item), days, now, conf)
    return [(day, sum(s.remaining for s in tables[day])) for day in days]


def days_and_slots(
    org: Org, item: ServiceItem, day: dt.date | None, now: dt.datetime
) -> tuple[list[tuple[dt.date, int]], list[SlotInfo] | None]:
    """``days_overview`` and, when ``day`` is one of those days, its ``day_table``, from one reading of the
    settings, windows, bookings and closures (None for a day that takes no bookings)."""
    conf = settings_for(org)
    days = booking_days(org, now, conf)
    tables = slot_tables(org, item_windows(org, item), days, now, conf)
    overview = [(d, sum(s.remaining for s in tables[d])) for d in days]
    return overview, tables[day] if day in tables else None


# ------------------------------------------------------------------------------------------- bookings


def appointments_for(user: Any) -> QuerySet[Appointment]:
    """Bookings of the centers the user sees (a town's staff: their own; county roles: the county's)."""
    rows = Appointment.objects.select_related("window", "org", "item")
    if getattr(user, "is_superuser", False):
        return rows
    return rows.filter(org_id__in=sorted(visible_org_ids(user)))


def day_list(org: Org, day: dt.date) -> QuerySet[Appointment]:
    """A center's bookings of one day, by window and time, cancelled ones included."""
    return (
        Appointment.objects.filter(org=org, date=day)
        .select_related("window", "item")
        .order_by("window__number", "window_id", "start", "pk")
    )


def by_code(code: Any) -> Appointment | None:
    text = str(code or "").strip().upper()
    if not text or len(text) > 8:
        return None
    return Appointment.objects.select_related("org", "window", "item").filter(code=text).first()


def for_citizen(code: Any, phone: Any) -> Appointment | None:
    """The booking with this code, when ``phone`` is the one it was booked with (else None, the same answer
    as for an unknown code)."""
    found = by_code(code)
    typed = "".join(ch for ch in str(phone or "") if ch.isdigit())
    if found is None or not typed or typed != "".join(ch for ch in found.phone if ch.isdigit()):
        return None
    return found


def no_show_days(id_number: str, now: dt.datetime) -> list[dt.date]:
    """The days this person missed a booking lately: recorded no-shows and bookings whose slot ended by
    ``now`` without an arrival (before the command has recorded them)."""
    today = timezone.localdate(now)
    since = today - dt.timedelta(days=settings.APPOINTMENT_NOSHOW_DAYS + settings.APPOINTMENT_BLOCK_DAYS)
    missed = Q(state=AppointmentState.NO_SHOW) | Q(state=AppointmentState.BOOKED, ends_at__lte=now)
    return list(
        Appointment.objects.filter(missed, id_number=id_number, date__gte=since, date__lte=today).values_list(
            "date", flat=True
        )
    )


def online_booking_reopens(id_number: str, now: dt.datetime) -> dt.date | None:
    """The day this person may book online again, or None when they may now (三次爽约限制网上预约)."""
    today = timezone.localdate(now)
    reopens = booking_reopens(
        no_show_days(id_number, now),
        limit=settings.APPOINTMENT_NOSHOW_LIMIT,
        within_days=settings.APPOINTMENT_NOSHOW_DAYS,
        block_days=settings.APPOINTMENT_BLOCK_DAYS,
    )
    return reopens if reopens is not None and reopens > today else None


def window_day_summary(rows: list[Appointment], now: dt.datetime) -> dict[int, Counter[str]]:
    """Per window: how many bookings are in each state as the page shows it."""
    summary: dict[int, Counter[str]] = {}
    for row in rows:
        summary.setdefault(row.window_id, Counter())[row.state_at(now)] += 1
    return summary
