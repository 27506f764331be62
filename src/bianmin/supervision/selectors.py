"""Reads of e-supervision, shared by the board page, its export and the API: one selector per answer.

Scope: a town's leaders and supervisor see their center and its stations; a county's (any role at the
county center, and the county admin) see every center below. A town never sees another town's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q

from bianmin.cases.deadlines import closing_time
from bianmin.cases.models import Case, CaseState
from bianmin.catalog.models import CaseKind
from bianmin.orgs.models import Org, OrgKind, Staff, Window
from bianmin.orgs.selectors import staff_of, station_ids_below, visible_org_ids
from bianmin.supervision.cards import Card, card_of, due_cards, merge
from bianmin.supervision.models import CardLevel, CardRecord, CardStatus
from bianmin.workdays.services import get_calendar

RUNNING = sorted(CaseState.running_states())
LEVELS = ("warning", "yellow", "red")


def board_org_ids(user: Any) -> frozenset[int]:
    """The centers (and stations) whose supervision the user sees."""
    staff = staff_of(user)
    if staff is not None and staff.org.kind == OrgKind.COUNTY:
        cached = getattr(user, "_bianmin_supervision_orgs", None)
        if cached is None:
            cached = frozenset(
                Org.objects.filter(path__startswith=staff.org.path).values_list("pk", flat=True)
            )
            user._bianmin_supervision_orgs = cached
        return cached
    return visible_org_ids(user) | station_ids_below(user)


def board_orgs(user: Any) -> list[Org]:
    """The centers of ``board_org_ids`` with their office hours; a page reads them once and passes them to
    the board, the cards and the filters (``orgs=``)."""
    return list(
        Org.objects.filter(pk__in=sorted(board_org_ids(user)))
        .order_by("path")
        .prefetch_related("office_hours")
    )


def sees_towns(user: Any) -> bool:
    staff = staff_of(user)
    return bool(getattr(user, "is_superuser", False)) or (
        staff is not None and staff.org.kind == OrgKind.COUNTY
    )


# -------------------------------------------------------------------------------------- level bounds


@dataclass(frozen=True)
class Bounds:
    """A center's level boundaries as due dates for ``today``: warning up to ``horizon`` (≤ N working days
    left), red at or before ``red_cutoff`` (≥ M working days overdue), yellow between."""

    horizon: dt.date
    red_cutoff: dt.date


def bounds(org: Org, today: dt.date) -> Bounds:
    warn, red = org.supervision_thresholds()
    calendar = get_calendar(org.region or None)
    horizon = today
    while calendar.workdays_between(today, horizon + dt.timedelta(days=1)) <= warn:
        horizon += dt.timedelta(days=1)
    cutoff = today - dt.timedelta(days=1)
    while calendar.workdays_between(cutoff, today) < red:
        cutoff -= dt.timedelta(days=1)
    return Bounds(horizon, cutoff)


def _day_over(org: Org, today: dt.date, now: dt.datetime | None) -> bool:
    if now is None:
        return False
    from django.utils import timezone

    local = timezone.localtime(now)
    closes = closing_time(org, today)
    return local.date() > today or (local.date() == today and closes is not None and local.time() >= closes)


def _level_counts(b: Bounds, today: dt.date) -> dict[str, Count]:
    return {
        "warning": Count("due_date", filter=Q(due_date__gte=today)),
        "yellow": Count("due_date", filter=Q(due_date__lt=today, due_date__gt=b.red_cutoff)),
        "red": Count("due_date", filter=Q(due_date__lte=b.red_cutoff)),
    }


# ------------------------------------------------------------------------------------------- board


@dataclass
class BoardRow:
    key: int | None
    label: str
    warning: int = 0
    yellow: int = 0
    red: int = 0
    org_id: int | None = None

    @property
    def total(self) -> int:
        return self.warning + self.yellow + self.red


@dataclass
class Board:
    today: dt.date
    totals: BoardRow
    by_window: list[BoardRow]
    by_staff: list[BoardRow]
    by_town: list[BoardRow]
    pending_cards: int = 0
    extra: dict[str, int | None] = field(default_factory=dict)


def _add(row: BoardRow, counts: dict[str, int], sign: int = 1) -> None:
    for level in LEVELS:
        setattr(row, level, getattr(row, level) + sign * counts.get(level, 0))


def board(user: Any, today: dt.date, now: dt.datetime | None = None, orgs: list[Org] | None = None) -> Board:
    """预警/黄牌/红牌 counts of the running cases per window, per staff (handler) and per center, from the
    (org, state, due_date) index: one grouped count per threshold set, one per staff, names after."""
    orgs = board_orgs(user) if orgs is None else orgs
    groups: dict[Bounds, list[int]] = defaultdict(list)
    for org in orgs:
        groups[bounds(org, today)].append(org.pk)
    by_window: dict[tuple[int, int | None], dict[str, int]] = defaultdict(dict)
    by_staff: dict[int | None, BoardRow] = {}
    for b, ids in groups.items():
        scope = Case.objects.filter(
            org_id__in=sorted(ids), state__in=RUNNING, due_date__lte=b.horizon
        ).order_by()
        for r in scope.values("org_id", "window_id").annotate(**_level_counts(b, today)):
            _add_into(by_window[(r["org_id"], r["window_id"])], r)
        for r in scope.values("handler_id").annotate(**_level_counts(b, today)):
            row = by_staff.setdefault(r["handler_id"], BoardRow(r["handler_id"], ""))
            _add(row, r)
    # 即办件 due today are on time until the center closes (deadlines.warning_level ``same_day``).
    open_ids = [o.pk for o in orgs if not _day_over(o, today, now)]
    if open_ids:
        instant = Case.objects.filter(
            org_id__in=open_ids, state__in=RUNNING, due_date=today, kind=CaseKind.INSTANT
        ).order_by()
        for r in instant.values("org_id", "window_id", "handler_id").annotate(n=Count("pk")):
            by_window[(r["org_id"], r["window_id"])]["warning"] -= r["n"]
            _add(by_staff[r["handler_id"]], {"warning": r["n"]}, -1)
    names = dict(Staff.objects.filter(user_id__in=[k for k in by_staff if k]).values_list("user_id", "name"))
    windows = {w.pk: w for w in Window.objects.filter(pk__in=[w for _o, w in by_window if w])}
    org_names = {o.pk: o.short_name or o.name for o in orgs}
    many = len(orgs) > 1 and sees_towns(user)
    window_rows, towns = [], {o.pk: BoardRow(o.pk, org_names[o.pk], org_id=o.pk) for o in orgs}
    totals = BoardRow(None, "")
    for (org_id, window_id), counts in by_window.items():
        w = windows.get(window_id) if window_id else None
        label = str(w) if w else "—"
        if many:
            label = f"{org_names[org_id]} {label}"
        row = BoardRow(window_id, label, org_id=org_id)
        _add(row, counts)
        if row.total:
            window_rows.append(row)
        _add(towns[org_id], counts)
        _add(totals, counts)
    for key, row in by_staff.items():
        row.label = names.get(key, "") if key else ""
    staff_rows = [r for r in by_staff.values() if r.total]
    order = lambda r: (-r.red, -r.yellow, -r.warning, r.label)  # noqa: E731
    return Board(
        today=today,
        totals=totals,
        by_window=sorted(window_rows, key=order),
        by_staff=sorted(staff_rows, key=order),
        by_town=sorted((t for t in towns.values() if many), key=lambda r: r.label),
        pending_cards=CardRecord.objects.filter(
            org_id__in=[o.pk for o in orgs], status=CardStatus.PENDING
        ).count(),
    )


def _add_into(target: dict[str, int], counts: dict[str, Any]) -> None:
    for level in LEVELS:
        target[level] = target.get(level, 0) + counts[level]


def level_cases(user: Any, today: dt.date, level: str) -> Any:
    """The running cases at ``level`` (warning/yellow/red) in the user's scope, for the board's drill-down;
    filtered further by window/staff/center by the caller."""
    orgs = board_orgs(user)
    q = Q(pk__in=[])
    for org in orgs:
        b = bounds(org, today)
        due = {
            "warning": Q(due_date__gte=today, due_date__lte=b.horizon),
            "yellow": Q(due_date__lt=today, due_date__gt=b.red_cutoff),
            "red": Q(due_date__lte=b.red_cutoff),
        }[level]
        q |= Q(org_id=org.pk) & due
    return (
        Case.objects.filter(q, state__in=RUNNING)
        .select_related("org", "window", "handler__staff", "item")
        .order_by("due_date", "registered_at")
    )


# ------------------------------------------------------------------------------------------- cards


@dataclass(frozen=True)
class CardQuery:
    level: str = ""
    status: str = ""
    rule: str = ""
    window: int | None = None
    staff: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def keeps(self, card: Card) -> bool:
        return (
            (not self.level or card.level == self.level)
            and (not self.status or card.status == self.status)
            and (not self.rule or card.rule == self.rule)
            and (self.window is None or card.window_id == self.window)
            and (self.staff is None or card.staff_id == self.staff)
            and (self.since is None or card.reached_on >= self.since)
            and (self.until is None or card.reached_on <= self.until)
        )

    def q(self) -> Q:
        q = Q()
        for name in ("level", "status", "rule"):
            if getattr(self, name):
                q &= Q(**{name: getattr(self, name)})
        if self.window is not None:
            q &= Q(window_id=self.window)
        if self.staff is not None:
            q &= Q(staff_id=self.staff)
        if self.since is not None:
            q &= Q(reached_on__gte=self.since)
        if self.until is not None:
            q &= Q(reached_on__lte=self.until)
        return q


def stored_cards(org_ids: Iterable[int], query: CardQuery | None = None) -> list[Card]:
    query = query or CardQuery()
    rows = CardRecord.objects.filter(query.q(), org_id__in=sorted(org_ids)).annotate(number=F("case__number"))
    return [card_of(r, r.number) for r in rows]


def cards(
    user: Any, today: dt.date, query: CardQuery | None = None, orgs: list[Org] | None = None
) -> list[Card]:
    """Stored records merged with the cards the sweep would write today (pending), newest first. A derived
    card already on record is the record's, whatever the filters leave of it: a decided card is never shown
    again as pending, nor under the staff or window the ledger names today."""
    query = query or CardQuery()
    orgs = board_orgs(user) if orgs is None else orgs
    stored = stored_cards([o.pk for o in orgs], query)
    derived = (
        [c for c in due_cards(orgs, today) if query.keeps(c)]
        if query.status in ("", CardStatus.PENDING)
        else []
    )
    if derived:
        on_record = set(
            CardRecord.objects.filter(case_id__in=sorted({c.case_id for c in derived})).values_list(
                "case_id", "subject_key", "rule", "level"
            )
        )
        derived = [c for c in derived if c.key not in on_record]
    merged = [c for c in merge(stored, derived) if query.keeps(c)]
    return sorted(merged, key=lambda c: (c.reached_on, c.case_id, c.subject_key, c.level), reverse=True)


def card_filter_choices(
    user: Any, orgs: list[Org] | None = None
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The windows and the staff (by user id) of the user's centers, for the card list's window and staff
    filters: two queries. A county's windows carry their center's name."""
    orgs = board_orgs(user) if orgs is None else orgs
    names = {o.pk: o.short_name or o.name for o in orgs}
    many = len(orgs) > 1 and sees_towns(user)
    ids = sorted(names)
    windows = [
        (w.pk, f"{names[w.org_id]} {w}" if many else str(w))
        for w in Window.objects.filter(org_id__in=ids).order_by("org__path", "number", "pk")
    ]
    staff = [
        (user_id, f"{name}（{names[org_id]}）" if many else name)
        for user_id, name, org_id in Staff.objects.filter(org_id__in=ids)
        .order_by("org__path", "name", "pk")
        .values_list("user_id", "name", "org_id")
    ]
    return windows, staff


def card_names(items: Iterable[Card]) -> tuple[dict[int, str], dict[int, str]]:
    """Staff names by user id and window labels by id for a page of cards: two queries."""
    items = list(items)
    users = {c.staff_id for c in items if c.staff_id} | {c.decided_by_id for c in items if c.decided_by_id}
    staff = dict(Staff.objects.filter(user_id__in=sorted(users)).values_list("user_id", "name"))
    windows = {
        w.pk: str(w)
        for w in Window.objects.filter(pk__in=sorted({c.window_id for c in items if c.window_id}))
    }
    return staff, windows


def confirmed_cards(org_ids: Iterable[int], period: tuple[dt.date, dt.date]) -> list[CardRecord]:
    """Cards a supervisor confirmed, reached within ``period`` (first, last day): what the assessment
    (效能考核) deducts for."""
    first, last = period
    return list(
        CardRecord.objects.filter(
            org_id__in=sorted(org_ids), status=CardStatus.CONFIRMED, reached_on__range=(first, last)
        ).order_by("reached_on", "pk")
    )


# ------------------------------------------------------------------------------------ accountability


class Accountability:
    """003 曾家镇 责任追究制 三、责任追究办法, by staff and year."""

    CRITICISM = "criticism"  # (一) 批评教育: 未按规定时限完成办文办事…
    CIRCULATED = "circulated"  # (二) 通报批评，调整工作岗位: …经批评教育仍未改正的
    DISCIPLINARY = "disciplinary"  # (三) 党纪政纪处分: 多次(3次及以上)受到投诉的

    LABELS = {
        CRITICISM: "批评教育",
        CIRCULATED: "通报批评、调整工作岗位",
        DISCIPLINARY: "党纪政纪处分",
    }

    SEVERE_AT = 3


@dataclass
class AccountabilityRow:
    user_id: int
    name: str
    yellow: int
    red: int
    complaints: int
    level: str

    @property
    def level_label(self) -> str:
        from django.utils.translation import gettext

        return gettext(Accountability.LABELS[self.level]) if self.level else ""


def accountability_level(yellow: int, red: int, complaints: int) -> str:
    """Three or more upheld complaints, or three or more confirmed red cards, in a year: 党纪政纪处分;
    a red card, or a second card or complaint after the first (criticised and not corrected): 通报批评;
    any confirmed card or upheld complaint: 批评教育."""
    if complaints >= Accountability.SEVERE_AT or red >= Accountability.SEVERE_AT:
        return Accountability.DISCIPLINARY
    if red >= 1 or yellow + complaints >= 2:
        return Accountability.CIRCULATED
    if yellow or complaints:
        return Accountability.CRITICISM
    return ""


def upheld_complaints(org_ids: Iterable[int], year: int) -> dict[int, int]:
    from bianmin.complaints.selectors import upheld_complaints_by_staff

    return upheld_complaints_by_staff(org_ids, year)


def accountability(
    org_ids: Iterable[int], year: int, complaints: dict[int, int] | None = None
) -> list[AccountabilityRow]:
    """Per staff member: confirmed yellow and red cards and upheld complaints of ``year``, and the level
    they call for. The cards' red count is of red cards (a red card's case also holds its yellow one, which
    is not counted twice)."""
    org_ids = sorted(org_ids)
    if complaints is None:
        complaints = upheld_complaints(org_ids, year)
    counts = (
        CardRecord.objects.filter(
            org_id__in=org_ids, status=CardStatus.CONFIRMED, reached_on__year=year, staff_id__isnull=False
        )
        .values("staff_id", "case_id", "subject_key", "rule")
        .annotate(red=Count("pk", filter=Q(level=CardLevel.RED)))
        .order_by()
    )
    yellow: dict[int, int] = defaultdict(int)
    red: dict[int, int] = defaultdict(int)
    for r in counts:
        if r["red"]:
            red[r["staff_id"]] += 1
        else:
            yellow[r["staff_id"]] += 1
    users = set(yellow) | set(red) | {u for u, n in complaints.items() if n}
    names = dict(Staff.objects.filter(user_id__in=sorted(users)).values_list("user_id", "name"))
    rows = [
        AccountabilityRow(
            u,
            names.get(u, ""),
            yellow[u],
            red[u],
            complaints.get(u, 0),
            accountability_level(yellow[u], red[u], complaints.get(u, 0)),
        )
        for u in users
    ]
    rank = {Accountability.DISCIPLINARY: 0, Accountability.CIRCULATED: 1, Accountability.CRITICISM: 2, "": 3}
    return sorted(rows, key=lambda r: (rank[r.level], -r.red, -r.complaints, r.name))
