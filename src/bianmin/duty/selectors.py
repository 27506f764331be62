"""Read queries of rosters and meetings, shared by the pages, the API and other apps.

``duty_leader_of(org, day)`` answers who is 带班领导 at a center on a day (the one whose 批示 the
supervision rules ask for); ``on_duty(org, day)`` everyone on duty there that day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from bianmin.duty.models import (
    DAY_OFF_KINDS,
    DutyEntry,
    DutyKind,
    DutyRotation,
    DutySwap,
    Meeting,
    MeetingReminder,
    RotationMember,
)
from bianmin.orgs.models import Org, OrgKind, Staff
from bianmin.orgs.selectors import visible_org_ids, visible_orgs
from bianmin.workdays.services import get_calendar

CENTER_KINDS = (OrgKind.TOWN, OrgKind.COUNTY)


def month_days(year: int, month: int) -> list[dt.date]:
    last = calendar.monthrange(year, month)[1]
    return [dt.date(year, month, d) for d in range(1, last + 1)]


def parse_month(value: Any) -> tuple[int, int] | None:
    """``YYYY-MM`` as (year, month), or None when it is not one."""
    text = str(value or "").strip()
    try:
        first = dt.datetime.strptime(text, "%Y-%m")  # noqa: DTZ007 - a month, no time
    except ValueError:
        return None
    if len(text) != 7 or not 2000 <= first.year <= 2099:
        return None
    return first.year, first.month


def kinds_for(org: Org) -> tuple[str, ...]:
    """The kinds of duty an org keeps: a station its cadre on duty, a center the other three."""
    if org.kind == OrgKind.VILLAGE:
        return (DutyKind.STATION,)
    return (DutyKind.LEADER, DutyKind.STAFF, DutyKind.HOLIDAY)


def required_kinds(org: Org, day: dt.date) -> tuple[str, ...]:
    """The kinds of duty that must be held at ``org`` on ``day`` (working days by the calendar, 调休 included)."""
    workday = get_calendar(org.region_code).is_workday(day)
    return tuple(k for k in kinds_for(org) if (k in DAY_OFF_KINDS) != workday)


def rosters(user: Any) -> QuerySet[DutyEntry]:
    """Roster entries of the orgs the user sees (a town's staff: their own center; county roles: the county)."""
    ids = visible_org_ids(user) if not getattr(user, "is_superuser", False) else None
    entries = DutyEntry.objects.select_related("staff", "org").annotate(swap_count=Count("swaps"))
    return entries if ids is None else entries.filter(org_id__in=sorted(ids))


def month_entries(user: Any, year: int, month: int, org: Org | None = None) -> QuerySet[DutyEntry]:
    days = month_days(year, month)
    entries = rosters(user).filter(date__gte=days[0], date__lte=days[-1])
    if org is not None:
        entries = entries.filter(org=org)
    return entries.order_by("org__path", "date", "kind")


def entry_for(user: Any, pk: int) -> DutyEntry | None:
    return rosters(user).filter(pk=pk).first()


def roster_orgs(user: Any) -> QuerySet[Org]:
    """The orgs whose roster the user may look at: their own, or a county role's centers and stations."""
    return visible_orgs(user).order_by("path")


def duty_leader_of(org: Org | int, day: dt.date) -> Staff | None:
    """带班领导 of ``org`` on ``day`` (000 篇2), or None when the roster names none."""
    entry = DutyEntry.objects.filter(org=org, date=day, kind=DutyKind.LEADER).select_related("staff").first()
    return entry.staff if entry is not None else None


def on_duty(org: Org | int, day: dt.date) -> list[DutyEntry]:
    """Everyone on duty at ``org`` on ``day``, each with the kind of their duty."""
    return list(DutyEntry.objects.filter(org=org, date=day).select_related("staff").order_by("kind"))


def swaps_of(entry: DutyEntry) -> QuerySet[DutySwap]:
    return entry.swaps.select_related("from_staff", "to_staff", "swapped_by")


def rotation_of(org: Org | int, kind: str) -> list[Staff]:
    members = RotationMember.objects.filter(rotation__org=org, rotation__kind=kind).select_related("staff")
    return [m.staff for m in members.order_by("position")]


def rotations(org: Org) -> dict[str, list[Staff]]:
    found: dict[str, list[Staff]] = {k: [] for k in kinds_for(org)}
    members = (
        RotationMember.objects.filter(rotation__org=org)
        .select_related("staff", "rotation")
        .order_by("rotation__kind", "position")
    )
    for member in members:
        found.setdefault(member.rotation.kind, []).append(member.staff)
    return found


def has_rotation(org: Org, kind: str) -> bool:
    return DutyRotation.objects.filter(org=org, kind=kind, members__isnull=False).exists()


@dataclass
class RosterDay:
    date: dt.date
    workday: bool
    entries: dict[str, DutyEntry] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def roster_month(org: Org, entries: list[DutyEntry], year: int, month: int) -> list[RosterDay]:
    """The month's days with their entries, and the duties a day needs but has nobody for (未排班)."""
    cal = get_calendar(org.region_code)
    by_day: dict[dt.date, dict[str, DutyEntry]] = {}
    for entry in entries:
        if entry.org_id == org.pk:
            by_day.setdefault(entry.date, {})[entry.kind] = entry
    out = []
    for day in month_days(year, month):
        held = by_day.get(day, {})
        workday = cal.is_workday(day)
        needed = [k for k in kinds_for(org) if (k in DAY_OFF_KINDS) != workday]
        out.append(RosterDay(day, workday, held, [k for k in needed if k not in held]))
    return out


def station_rota(org: Org, today: dt.date, days: int = 14) -> QuerySet[DutyEntry]:
    """A station's cadre on duty from ``today`` on (004 公开轮值表), for its public page."""
    return (
        DutyEntry.objects.filter(
            org=org, kind=DutyKind.STATION, date__gte=today, date__lt=today + dt.timedelta(days=days)
        )
        .select_related("staff")
        .order_by("date")
    )


# ---------------------------------------------------------------------------------------------- meetings


def meetings(user: Any) -> QuerySet[Meeting]:
    ids = visible_org_ids(user) if not getattr(user, "is_superuser", False) else None
    found = Meeting.objects.select_related("org").annotate(
        present=Count("attendance", filter=Q(attendance__presence="present")),
        recorded=Count("attendance"),
    )
    return found if ids is None else found.filter(org_id__in=sorted(ids))


def meeting_for(user: Any, pk: int) -> Meeting | None:
    return meetings(user).filter(pk=pk).first()


# How far ahead the home page and the reminder command look for meetings (longer than any reminder period).
UPCOMING_DAYS = 31


def reminder_workdays() -> int:
    return int(getattr(settings, "MEETING_REMINDER_WORKDAYS", 2))


def reminder_due(org_region: str, today: dt.date, day: dt.date) -> bool:
    """A meeting on ``day`` is announced from ``MEETING_REMINDER_WORKDAYS`` working days before it (by the
    center's calendar) until it begins."""
    return today <= day and get_calendar(org_region).workdays_between(today, day) <= reminder_workdays()


def _upcoming(now: dt.datetime) -> QuerySet[Meeting]:
    return Meeting.objects.filter(starts_at__gt=now, starts_at__lt=now + dt.timedelta(days=UPCOMING_DAYS))


def reminders_due(today: dt.date, now: dt.datetime) -> list[tuple[int, int]]:
    """(meeting, staff) pairs to remind on ``today``: every staff member of the meeting's center, for the
    meetings due a reminder and not yet begun, less the pairs reminded already."""
    meetings = [
        m
        for m in _upcoming(now).select_related("org")
        if reminder_due(m.org.region_code, today, timezone.localdate(m.starts_at))
    ]
    if not meetings:
        return []
    done = set(MeetingReminder.objects.filter(meeting__in=meetings).values_list("meeting_id", "staff_id"))
    staff = Staff.objects.filter(org_id__in={m.org_id for m in meetings}).values_list("org_id", "pk")
    by_org: dict[int, list[int]] = {}
    for org_id, pk in staff:
        by_org.setdefault(org_id, []).append(pk)
    return [
        (m.pk, pk)
        for m in sorted(meetings, key=lambda m: (m.starts_at, m.pk))
        for pk in sorted(by_org.get(m.org_id, []))
        if (m.pk, pk) not in done
    ]


def upcoming_for(staff: Staff | None, now: dt.datetime) -> list[Meeting]:
    """The meetings of the staff member's center due a reminder now, soonest first, read live (correct when
    the reminder command has not run); each with ``reminded`` when its reminder is recorded."""
    if staff is None:
        return []
    today = timezone.localdate(now)
    found = (
        _upcoming(now)
        .filter(org_id=staff.org_id)
        .select_related("org")
        .annotate(reminded=Exists(MeetingReminder.objects.filter(meeting=OuterRef("pk"), staff=staff)))
        .order_by("starts_at", "pk")
    )
    return [m for m in found if reminder_due(m.org.region_code, today, timezone.localdate(m.starts_at))]
