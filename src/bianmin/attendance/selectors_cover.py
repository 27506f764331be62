"""Where each person is and who serves each window (去向公示牌, AB岗), derived from attendance alone.

001 asks for a board saying whether each person is at their post (是否在岗) and for AB posts (AB岗); 003
曾家镇 第十一条 says a window must never be left unattended (服务窗口不能缺岗脱人). Both are read here from the
rows as they stand — sign-ins, open trips, approved leave, the calendar and the day's office hours — so the
hall screen, the counter pages, the API and the monthly report agree and no job has to run first.

What the board says of one person during office hours, first match wins:

1. a whereabouts typed by hand in the admin other than 在岗 (开会 at the county, …): the override, until the
   person's next sign-in clears it;
2. an open trip out (外出, with its reason; 003 太湖乡: 中途外出需注明事由);
3. signed in for the half day under way and not signed out (在岗) — a sign-in is the person's own word that
   they are here, so it wins over a leave they came back from early;
4. approved leave covering the half day (请假, with its kind);
5. signed out already (已签退);
6. otherwise not signed in (未签到; 003 太湖乡 第十八条: 不按规定签到).

Outside office hours a person with an override, a trip or leave keeps it; anyone else is at lunch (午休) or
gone home (下班). A center that has never recorded a sign-in keeps the hand-typed board: step 6 reads the
whereabouts as entered (在岗), so a center that does not use sign-in is not shown as everyone missing.

A window is empty (空岗) during office hours when none of its holders (A or B, in service that day) is at
their post; the A post serves when present, else the B post (000 篇8: 當A崗工作人員離崗時，B崗及時補充).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bianmin.attendance.models import (
    EmptyWindowAlert,
    LeaveRequest,
    LeaveState,
    Session,
    SignIn,
    Trip,
    Where,
)
from bianmin.attendance.schedule import hours_on, session_at, session_bounds, slot_key
from bianmin.lib.text import join_clauses, join_names
from bianmin.orgs.models import HallPeriod, Org, Post, Staff, Whereabouts, Window, WindowPost
from bianmin.orgs.selectors import visible_org_ids
from bianmin.workdays.services import get_calendar

SESSIONS = (Session.MORNING.value, Session.AFTERNOON.value)


def _covers(leave: LeaveRequest, day: dt.date, session: str) -> bool:
    slot = slot_key((day, session))
    return (
        slot_key((leave.start_day, leave.start_session))
        <= slot
        <= slot_key((leave.end_day, leave.end_session))
    )


def _colon() -> str:
    return pgettext("punctuation", "：")


def _minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


def attendance_started(org: Org | int, day: dt.date) -> bool:
    """Whether the center keeps sign-ins: any of its staff signed in on or before ``day``."""
    return SignIn.objects.filter(staff__org=org, day__lte=day).exists()


def first_sign_in_days(org_ids: Iterable[int]) -> dict[int, dt.date]:
    """Per center, the day its attendance started (its first sign-in); days before are not judged."""
    rows = (
        SignIn.objects.filter(staff__org_id__in=list(org_ids))
        .values("staff__org_id")
        .annotate(first=Min("day"))
        .values_list("staff__org_id", "first")
    )
    return dict(rows)


# ---------------------------------------------------------------------------------------------- live


@dataclass(frozen=True)
class Presence:
    """What the board says of one person: ``state`` is a ``Where`` value, ``note`` its detail."""

    state: str
    label: str
    note: str = ""

    @property
    def present(self) -> bool:
        return self.state == Where.ON_DUTY


@dataclass(frozen=True)
class WindowCover:
    """One window at one moment: its holders in service with what the board says of each, who serves it."""

    window: Window
    holders: list[tuple[WindowPost, Presence]]
    serving: WindowPost | None
    empty: bool

    def away_text(self) -> str:
        """ "A岗 李窗口：请假；B岗 陈承办：未签到" — for an alert's record."""
        parts = [
            f"{p.get_post_display()} {p.staff.name}{pgettext('punctuation', '：')}{presence.label}"
            + (f"（{presence.note}）" if presence.note else "")
            for p, presence in self.holders
        ]
        return join_clauses(parts) or _("未安排人员")


@dataclass
class Moment:
    """A center at one moment: the hall's period, the half day under way and each person's presence."""

    org: Org
    now: dt.datetime
    day: dt.date
    workday: bool
    period: HallPeriod
    session: str | None
    started: bool
    presence: dict[int, Presence] = field(default_factory=dict)

    @property
    def open(self) -> bool:
        return self.period == HallPeriod.OPEN


def moment_at(org: Org, staff: list[Staff], now: dt.datetime) -> Moment:
    """Everyone of ``staff`` (of ``org``) at ``now``; four queries whatever their number (sign-ins of the
    half day, open trips, approved leave of the day, whether the center keeps sign-ins), plus the center's
    office hours unless prefetched."""
    local = timezone.localtime(now)
    day = local.date()
    prefetch_related_objects([org], "office_hours")  # read several times below; a no-op when fetched
    workday = get_calendar(org.region_code).is_workday(day)
    started = attendance_started(org, day)
    if started:
        # Sign-ins are judged by the day's hours (the model's defaults when none are posted), so the board is.
        period = hours_on(org, day).period_at(local.time()) if workday else HallPeriod.CLOSED
    else:
        period = org.hall_period(local, workday=workday)
    # Over lunch the afternoon's leave shows; after hours the afternoon's.
    session = (session_at(hours_on(org, day), local.time()) or Session.AFTERNOON.value) if workday else None
    ids = [s.pk for s in staff]
    signs = (
        {s.staff_id: s for s in SignIn.objects.filter(staff_id__in=ids, day=day, session=session)}
        if session
        else {}
    )
    trips = {
        t.staff_id: t
        for t in Trip.objects.filter(staff_id__in=ids, ended_at__isnull=True, started_at__lte=now)
    }
    leaves: dict[int, LeaveRequest] = {}
    if session:
        for leave in LeaveRequest.objects.filter(
            staff_id__in=ids, state=LeaveState.APPROVED, start_day__lte=day, end_day__gte=day
        ).only("staff_id", "kind", "start_day", "start_session", "end_day", "end_session"):
            if _covers(leave, day, session):
                leaves[leave.staff_id] = leave
    found = Moment(org, local, day, workday, period, session, started)
    for member in staff:
        found.presence[member.pk] = _presence(member, found, signs.get(member.pk), trips, leaves)
    return found


def _presence(
    member: Staff,
    moment: Moment,
    sign: SignIn | None,
    trips: dict[int, Trip],
    leaves: dict[int, LeaveRequest],
) -> Presence:
    if member.whereabouts != Whereabouts.ON_DUTY:
        return Presence(member.whereabouts, str(member.get_whereabouts_display()), member.whereabouts_note)
    trip = trips.get(member.pk)
    if trip is not None:
        return Presence(Where.OUT, str(Where.OUT.label), trip.reason)
    leave = leaves.get(member.pk)
    if not moment.open:
        if leave is not None:
            return Presence(Where.ON_LEAVE, str(Where.ON_LEAVE.label), str(leave.get_kind_display()))
        where = Where.LUNCH if moment.period == HallPeriod.LUNCH else Where.CLOSED
        return Presence(where, str(where.label))
    if sign is not None and sign.signed_in_at <= moment.now and sign.signed_out_at is None:
        return Presence(Where.ON_DUTY, str(Where.ON_DUTY.label))
    if leave is not None:
        return Presence(Where.ON_LEAVE, str(Where.ON_LEAVE.label), str(leave.get_kind_display()))
    if sign is not None and sign.signed_out_at is not None:
        return Presence(Where.SIGNED_OUT, str(Where.SIGNED_OUT.label))
    if not moment.started:
        return Presence(Where.ON_DUTY, str(Where.ON_DUTY.label))
    return Presence(Where.NOT_SIGNED_IN, str(Where.NOT_SIGNED_IN.label))


def in_service_posts(window: Window, day: dt.date) -> list[WindowPost]:
    """The window's posts (prefetched with their staff), A before B, of people in service on ``day``."""
    posts = [p for p in window.posts.all() if p.staff.in_service(day)]
    return sorted(posts, key=lambda p: (p.post != Post.A, p.staff.name))


def window_cover(windows: list[Window], moment: Moment) -> list[WindowCover]:
    """Each window at the moment (posts prefetched with their staff; ``moment`` read for those staff)."""
    out = []
    for window in windows:
        holders = [(p, moment.presence[p.staff_id]) for p in in_service_posts(window, moment.day)]
        present = [p for p, presence in holders if presence.present]
        serving = next((p for p in present if p.post == Post.A), None) or next(iter(present), None)
        if not moment.open:
            serving = None
        out.append(WindowCover(window, holders, serving, moment.open and not present))
    return out


def center_windows(org: Org) -> list[Window]:
    posts = WindowPost.objects.select_related("staff").order_by("post", "staff__name")
    return list(
        Window.objects.filter(org=org, active=True)
        .prefetch_related(Prefetch("posts", queryset=posts))
        .order_by("number", "code")
    )


def cover_now(org: Org, now: dt.datetime) -> tuple[Moment, list[WindowCover]]:
    """Every active window of ``org`` at ``now`` with who serves it (two queries for the windows)."""
    windows = center_windows(org)
    staff = list({p.staff_id: p.staff for w in windows for p in w.posts.all()}.values())
    moment = moment_at(org, staff, now)
    return moment, window_cover(windows, moment)


# ---------------------------------------------------------------------------------------------- history


@dataclass(frozen=True)
class EmptyHalfDay:
    """A window left empty at some moment of a half day's office hours: from ``since``, ``minutes`` long."""

    window: Window
    day: dt.date
    session: str
    since: dt.datetime
    minutes: int
    away: str


@dataclass(frozen=True)
class WindowStaffing:
    """A window's half days in a period: ``staffed`` with someone at their post throughout office hours,
    ``empty`` when at some moment no one was (``empty_minutes`` in all). Half days before the center kept
    sign-ins, or not yet begun, are not counted."""

    window: Window
    half_days: int
    staffed: int
    empty: int
    empty_minutes: int


Interval = tuple[dt.datetime, dt.datetime]


def _subtract(spans: list[Interval], cut: Interval) -> list[Interval]:
    out = []
    for a, b in spans:
        if cut[1] <= a or cut[0] >= b:
            out.append((a, b))
            continue
        if a < cut[0]:
            out.append((a, cut[0]))
        if cut[1] < b:
            out.append((cut[1], b))
    return out


class _History:
    """The rows of a center's period read once: sign-ins, trips and approved leave of its window holders."""

    def __init__(
        self, org: Org, start: dt.date, end: dt.date, now: dt.datetime | None, windows: list[Window] | None
    ) -> None:
        self.org = org
        self.now = now
        prefetch_related_objects([org], "office_hours")  # each day's hours, read once for the period
        self.windows = center_windows(org) if windows is None else windows
        self.staff = {p.staff_id: p.staff for w in self.windows for p in w.posts.all()}
        ids = list(self.staff)
        self.signs = {
            (s.staff_id, s.day, s.session): s
            for s in SignIn.objects.filter(staff_id__in=ids, day__range=(start, end))
        }
        first = dt.datetime.combine(start, dt.time.min, tzinfo=timezone.get_current_timezone())
        last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=first.tzinfo)
        self.trips: dict[int, list[Trip]] = {}
        for trip in Trip.objects.filter(staff_id__in=ids, started_at__lt=last).filter(
            Q(ended_at__isnull=True) | Q(ended_at__gt=first)
        ):
            self.trips.setdefault(trip.staff_id, []).append(trip)
        self.leaves: dict[int, list[LeaveRequest]] = {}
        for leave in LeaveRequest.objects.filter(
            staff_id__in=ids, state=LeaveState.APPROVED, start_day__lte=end, end_day__gte=start
        ):
            self.leaves.setdefault(leave.staff_id, []).append(leave)
        self.started = first_sign_in_days([org.pk]).get(org.pk)

    def presence_spans(self, staff: Staff, day: dt.date, session: str, span: Interval) -> list[Interval]:
        sign = self.signs.get((staff.pk, day, session))
        if sign is None:
            return []
        begin = max(span[0], _minute(sign.signed_in_at))
        end = min(span[1], sign.signed_out_at or span[1])
        spans = [(begin, end)] if begin < end else []
        for trip in self.trips.get(staff.pk, []):
            spans = _subtract(spans, (trip.started_at, trip.ended_at or span[1]))
        return spans

    def describe(self, post: WindowPost, day: dt.date, session: str, span: Interval) -> str:
        staff = post.staff
        sign = self.signs.get((staff.pk, day, session))
        if sign is None:
            leave = next((lv for lv in self.leaves.get(staff.pk, []) if _covers(lv, day, session)), None)
            what = _("请假（%(kind)s）") % {"kind": leave.get_kind_display()} if leave else _("未签到")
        else:
            bits = []
            signed = timezone.localtime(sign.signed_in_at)
            if _minute(sign.signed_in_at) > span[0]:
                bits.append(_("%(at)s签到") % {"at": f"{signed:%H:%M}"})
            for trip in self.trips.get(staff.pk, []):
                if trip.started_at < span[1] and (trip.ended_at is None or trip.ended_at > span[0]):
                    bits.append(_("外出（%(reason)s）") % {"reason": trip.reason})
            if sign.signed_out_at is not None and sign.signed_out_at < span[1]:
                out = timezone.localtime(sign.signed_out_at)
                bits.append(_("%(at)s签退") % {"at": f"{out:%H:%M}"})
            what = join_names(bits) or str(Where.ON_DUTY.label)
        return f"{post.get_post_display()} {staff.name}{pgettext('punctuation', '：')}{what}"

    def judge(self, window: Window, day: dt.date, session: str, span: Interval) -> EmptyHalfDay | None:
        posts = in_service_posts(window, day)
        uncovered = [span]
        for post in posts:
            for present in self.presence_spans(post.staff, day, session, span):
                uncovered = _subtract(uncovered, present)
        if not uncovered:
            return None
        seconds = sum((b - a).total_seconds() for a, b in uncovered)
        away = join_clauses(self.describe(p, day, session, span) for p in posts) or _("未安排人员")
        return EmptyHalfDay(window, day, session, uncovered[0][0], int(-(-seconds // 60)), away[:200])


def _judged_sessions(
    org: Org, history: _History, start: dt.date, end: dt.date
) -> Iterator[tuple[dt.date, str, Interval]]:
    """(day, session, span) of every working half day in the period that the data can judge: from the
    center's first sign-in, begun by ``now``, cut at ``now`` when under way."""
    calendar = get_calendar(org.region_code)
    day = max(start, history.started) if history.started else None
    while day is not None and day <= end:
        if calendar.is_workday(day):
            hours = hours_on(org, day)
            for session in SESSIONS:
                begins, ends = session_bounds(hours, day, session)
                if history.now is not None:
                    if history.now <= begins:
                        continue
                    ends = min(ends, history.now)
                yield day, session, (begins, ends)
        day += dt.timedelta(days=1)


def empty_half_days(
    org: Org, start: dt.date, end: dt.date, *, now: dt.datetime | None = None
) -> list[EmptyHalfDay]:
    """Every (window, working half day) of ``start``..``end`` left empty at some moment (see module doc)."""
    history = _History(org, start, end, now, None)
    found = []
    for day, session, span in _judged_sessions(org, history, start, end):
        for window in history.windows:
            empty = history.judge(window, day, session, span)
            if empty is not None:
                found.append(empty)
    return found


def window_staffing(
    org: Org,
    start: dt.date,
    end: dt.date,
    *,
    now: dt.datetime | None = None,
    windows: list[Window] | None = None,
) -> list[WindowStaffing]:
    """Per active window of ``org``: half days staffed and empty in ``start``..``end`` (the monthly report's
    窗口不空岗). Derived from sign-ins and trips; the same whether or not ``attendance_alerts`` ran.
    ``windows`` (the center's active ones with posts and staff, from ``center_windows``) spares reading
    them again on a page that has them."""
    history = _History(org, start, end, now, windows)
    counts = {w.pk: [0, 0, 0] for w in history.windows}
    for day, session, span in _judged_sessions(org, history, start, end):
        for window in history.windows:
            row = counts[window.pk]
            row[0] += 1
            empty = history.judge(window, day, session, span)
            if empty is not None:
                row[1] += 1
                row[2] += empty.minutes
    return [
        WindowStaffing(
            w, counts[w.pk][0], counts[w.pk][0] - counts[w.pk][1], counts[w.pk][1], counts[w.pk][2]
        )
        for w in history.windows
    ]


def alerts_for(user: Any, start: dt.date, end: dt.date) -> QuerySet[EmptyWindowAlert]:
    """Recorded 空岗提醒 of the centers the user sees, in ``start``..``end``, newest first."""
    rows = EmptyWindowAlert.objects.filter(day__range=(start, end)).select_related(
        "window", "org", "acknowledged_by"
    )
    if not getattr(user, "is_superuser", False):
        rows = rows.filter(org_id__in=sorted(visible_org_ids(user)))
    return rows.order_by("-day", "-session", "window__number")
