"""Reads of attendance and leave, shared by pages, the API and other apps (the assessment scores these).

Everything here is derived from the rows as they stand: sign-ins, approved leave, the calendar and the
center's office hours. Nothing is stored by a job, so a page is right the moment a row changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.attendance.models import (
    ApproverRole,
    AttendanceSettings,
    LateLeave,
    LeaveApprover,
    LeavePolicy,
    LeaveRequest,
    LeaveState,
    Session,
    SignIn,
    Trip,
)
from bianmin.attendance.policies import FALLBACK, PolicyRow
from bianmin.attendance.schedule import hours_on, session_bounds, slot_key
from bianmin.attendance.selectors_cover import cover_now, window_staffing
from bianmin.lib.text import join_names
from bianmin.orgs.models import OfficeHours, Org, OrgKind, Staff, Window
from bianmin.orgs.roles import Role
from bianmin.orgs.selectors import visible_org_ids
from bianmin.workdays.services import get_calendar

VIOLATION_KINDS = ("late", "left_early", "absent_half_day", "absent_day", "leave_without_note")


@dataclass(frozen=True)
class Violation:
    """One breach of attendance discipline.

    ``kind`` is one of ``VIOLATION_KINDS``. A day absent in both halves is one ``absent_day`` (not two
    ``absent_half_day``). ``session`` is "am"/"pm" ("" for a whole day); ``(user_id, day, kind, session)``
    is unique, so a scorer can key its entries on it and never count one twice.
    """

    user_id: int
    day: dt.date
    kind: str
    session: str = ""
    org_id: int | None = None


def _minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


def _leave_slots_cover(leave: LeaveRequest, day: dt.date, session: str) -> bool:
    slot = slot_key((day, session))
    return (
        slot_key((leave.start_day, leave.start_session))
        <= slot
        <= slot_key((leave.end_day, leave.end_session))
    )


def approved_leave_on(leaves: Iterable[LeaveRequest], day: dt.date, session: str) -> LeaveRequest | None:
    return next(
        (lv for lv in leaves if lv.state == LeaveState.APPROVED and _leave_slots_cover(lv, day, session)),
        None,
    )


def violations(
    org_ids: Iterable[int], start: dt.date, end: dt.date, *, now: dt.datetime | None = None
) -> list[Violation]:
    """Attendance breaches of the staff of ``org_ids`` on the working days ``start``..``end`` (inclusive).

    Per half day of a working day (calendar with 调休; hours of the day's season): signed in after the
    session's start → late; signed out before its end → left early; not signed in and not on leave approved
    by the session's start → absent half a day (003 太湖乡: 未履行请假手续的一律作旷工处理). A center whose
    setting counts late-approved leave as "no note" (003 曾家镇) gets one ``leave_without_note`` per such
    leave instead. With ``now``, sessions not yet over are not judged absent and later ones not at all.
    """
    orgs = list(Org.objects.filter(pk__in=list(org_ids)))
    prefetch_related_objects(orgs, "office_hours")
    if not orgs or end < start:
        return []
    by_org = {org.pk: org for org in orgs}
    staff = list(
        Staff.objects.filter(org_id__in=by_org)
        .order_by("pk")
        .only("pk", "user_id", "org_id", "joined_on", "left_on")
    )
    staff_ids = [s.pk for s in staff]
    signs = {
        (s.staff_id, s.day, s.session): s
        for s in SignIn.objects.filter(staff_id__in=staff_ids, day__range=(start, end))
    }
    leaves_of: dict[int, list[LeaveRequest]] = {}
    for leave in LeaveRequest.objects.filter(
        staff_id__in=staff_ids, state=LeaveState.APPROVED, start_day__lte=end, end_day__gte=start
    ):
        leaves_of.setdefault(leave.staff_id, []).append(leave)
    late_leave = dict(
        AttendanceSettings.objects.filter(org_id__in=by_org).values_list("org_id", "late_leave")
    )
    found: list[Violation] = []
    noted: set[int] = set()
    for org in orgs:
        calendar = get_calendar(org.region_code)
        members = [s for s in staff if s.org_id == org.pk]
        day = start
        while day <= end:
            if calendar.is_workday(day):
                hours = hours_on(org, day)
                for member in members:
                    if not member.in_service(day):
                        continue  # not yet joined, or already left: no one is absent from a post not theirs
                    found.extend(
                        _judge_day(
                            member,
                            org,
                            day,
                            hours,
                            signs,
                            leaves_of.get(member.pk, []),
                            late_leave,
                            now,
                            noted,
                        )
                    )
            day += dt.timedelta(days=1)
    found.sort(key=lambda v: (v.day, v.user_id, v.session, v.kind))
    return found


def _judge_day(
    member: Staff,
    org: Org,
    day: dt.date,
    hours: OfficeHours,
    signs: dict[tuple[int, dt.date, str], SignIn],
    leaves: Iterable[LeaveRequest],
    late_leave: dict[int, str],
    now: dt.datetime | None,
    noted: set[int],
) -> list[Violation]:
    """One staff member's breaches on one working day (see ``violations``)."""
    out: list[Violation] = []
    absent: list[str] = []
    for session in (Session.MORNING.value, Session.AFTERNOON.value):
        begins, ends = session_bounds(hours, day, session)
        if now is not None and now < begins:
            continue
        leave = approved_leave_on(leaves, day, session)
        if leave is not None:
            approved_in_time = leave.decided_at is not None and leave.decided_at <= begins
            if approved_in_time:
                continue
            if late_leave.get(org.pk, LateLeave.ABSENCE) == LateLeave.NO_NOTE:
                if leave.pk not in noted:
                    noted.add(leave.pk)
                    out.append(Violation(member.user_id, day, "leave_without_note", session, org.pk))
                continue
        sign = signs.get((member.pk, day, session)) if leave is None else None
        if sign is None:
            if now is None or now >= ends:
                absent.append(session)
            continue
        if _minute(sign.signed_in_at) > begins:
            out.append(Violation(member.user_id, day, "late", session, org.pk))
        if sign.signed_out_at is not None and sign.signed_out_at < ends:
            out.append(Violation(member.user_id, day, "left_early", session, org.pk))
    if len(absent) == 2:
        out.append(Violation(member.user_id, day, "absent_day", "", org.pk))
    else:
        out.extend(Violation(member.user_id, day, "absent_half_day", s, org.pk) for s in absent)
    return out


# ---------------------------------------------------------------------------------------------- AB cover
# The rule lives in ``selectors_cover``; these are the short answers other pages and apps ask for.


def away_staff_ids(org: Org, now: dt.datetime) -> set[int]:
    """Window holders of ``org`` not at their post at ``now`` during office hours (on leave, out, not signed
    in or signed out, or away by the hand-typed whereabouts). Empty outside office hours."""
    moment, covers = cover_now(org, now)
    if not moment.open:
        return set()
    return {p.staff_id for c in covers for p, presence in c.holders if not presence.present}


def empty_windows(org: Org, now: dt.datetime) -> list[Window]:
    """Windows of ``org`` with neither their A nor their B post at their post during office hours (001:
    AB岗, 窗口不空岗; 003 曾家镇 第十一条: 服务窗口不能缺岗脱人)."""
    _moment, covers = cover_now(org, now)
    return [c.window for c in covers if c.empty]


def empty_window_count(org: Org, start: dt.date, end: dt.date, *, now: dt.datetime | None = None) -> int:
    """Half days × windows left empty at some moment in ``start``..``end``, for the monthly report's 窗口不空岗
    figure; from sign-ins and trips, whether or not ``attendance_alerts`` ever ran."""
    return sum(row.empty for row in window_staffing(org, start, end, now=now))


# ---------------------------------------------------------------------------------------------- leave lists


def leaves_for(user) -> QuerySet[LeaveRequest]:  # type: ignore[no-untyped-def]
    """Leave the user may see: their own; their center's (county roles: the county's) with the view right;
    any of a center where they are a designated approver."""
    if not getattr(user, "is_authenticated", False):
        return LeaveRequest.objects.none()
    rows = LeaveRequest.objects.select_related("staff", "org")
    if user.is_superuser:
        return rows
    scope = Q(requested_by=user) | Q(org_id__in=LeaveApprover.objects.filter(user=user).values("org_id"))
    if user.has_perm("attendance.view_leaverequest"):
        scope |= Q(org_id__in=visible_org_ids(user))
    return rows.filter(scope)


def today_state(staff: Staff, now: dt.datetime) -> dict[str, object]:
    """Today's sign-ins, open trip and leave of one staff member, for the sign-in page and API."""
    local = timezone.localtime(now)
    day = local.date()
    hours = hours_on(staff.org, day)
    signs = {s.session: s for s in SignIn.objects.filter(staff=staff, day=day)}
    sessions = []
    for session in Session:
        begins, ends = session_bounds(hours, day, session.value)
        row = signs.get(session.value)
        sessions.append(
            {
                "session": session.value,
                "label": session.label,
                "begins": begins,
                "ends": ends,
                "signed_in_at": row.signed_in_at if row else None,
                "signed_out_at": row.signed_out_at if row else None,
                "late": bool(row and _minute(row.signed_in_at) > begins),
            }
        )
    leaves = list(
        LeaveRequest.objects.filter(
            staff=staff, state=LeaveState.APPROVED, start_day__lte=day, end_day__gte=day
        )
    )
    return {
        "day": day,
        "workday": get_calendar(staff.org.region_code).is_workday(day),
        "sessions": sessions,
        "trip": Trip.objects.filter(staff=staff, ended_at__isnull=True).first(),
        "on_leave": any(_leave_slots_cover(lv, day, s.value) for lv in leaves for s in Session),
    }


def leave_page(user: Any, pk: int) -> LeaveRequest | None:
    """One leave the user may see, with what its page shows (two queries beyond it for its chain)."""
    return (
        leaves_for(user)
        .select_related("requested_by", "decided_by", "org__attendance_settings")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class ChainRow:
    """One row of the center's leave table as the leave's page shows it: the length it covers, who approves
    it (and who that is at this center), and whether it is the row that named this leave's approver."""

    lengths: str
    approver: str
    people: str
    applies: bool


def _days(half_days: int) -> str:
    whole, half = divmod(half_days, 2)
    return f"{whole}.5" if half else str(whole)


def _lengths(low: int, high: int | None) -> str:
    if high is None:
        return _("%(low)s 天及以上") % {"low": _days(low)}
    if low == high:
        return _("%(days)s 天") % {"days": _days(low)}
    return _("%(low)s—%(high)s 天") % {"low": _days(low), "high": _days(high)}


def approval_chain(leave: LeaveRequest) -> list[ChainRow]:
    """Who must approve at which length by the leave's center's table (003 太湖乡 第十七条; 003 曾家镇 第十条),
    with the people who hold each role there. A village agent's leave has one row: the village head."""
    length = leave.planned_half_days or leave.half_days
    designated: dict[str, list[str]] = {}
    for role, name in LeaveApprover.objects.filter(org_id=leave.org_id).values_list(
        "role", "user__staff__name"
    ):
        designated.setdefault(role, []).append(name or "")
    directors = list(
        Staff.objects.filter(org_id=leave.org_id, user__groups__name=Role.DIRECTOR).values_list(
            "name", flat=True
        )
    )
    designated.setdefault(ApproverRole.DIRECTOR, [])[:0] = directors
    if leave.org.kind == OrgKind.VILLAGE:
        rows: list[PolicyRow] = [PolicyRow(1, None, ApproverRole.VILLAGE_HEAD)]
    else:
        rows = [
            PolicyRow(p.min_half_days, p.max_half_days, p.approver, p.external_body)
            for p in LeavePolicy.objects.filter(org_id=leave.org_id).order_by("min_half_days")
        ] or [FALLBACK]
    out = []
    for row in rows:
        covers = row.min_half_days <= length and (row.max_half_days is None or length <= row.max_half_days)
        label = str(ApproverRole(row.approver).label)
        if row.external_body:
            label = f"{label}（{row.external_body}）"
        people = designated.get(row.approver, [])
        if row.approver == ApproverRole.EXTERNAL:
            people = designated.get(ApproverRole.DIRECTOR, [])  # the director records the answer from above
        out.append(
            ChainRow(
                _lengths(row.min_half_days, row.max_half_days),
                label,
                join_names(dict.fromkeys(people)),
                covers and row.approver == leave.approver,
            )
        )
    return out
