"""Reads of the assessment shared by pages, API, export and the scoring: which table is in force, whose
entries a user sees, and the rankings (per staff and per window, month / quarter / year), the year's best
N (003 曾家镇 第七条), the quarter's service stars (002) and the bottom ones for rectification (003 曾家镇
效能评估制度 五: 考评结果为后位的…限期整改) with their 责任追究制 level."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from bianmin.lib.errors import DomainError
from bianmin.lib.periods import Period, parse_period
from bianmin.orgs.models import Org, OrgKind, Staff, Window, WindowPost
from bianmin.orgs.selectors import staff_of, station_ids_below, visible_org_ids
from bianmin.performance.models import EntryStatus, RuleTable, ScoreEntry, TableKind


def table_in_force(org: Org, kind: str, month: dt.date) -> RuleTable | None:
    """The version in force on ``month``'s first day: the center's own, else the county default."""
    own = (
        RuleTable.objects.filter(org=org, kind=kind, valid_from__lte=month)
        .order_by("-valid_from", "-version")
        .first()
    )
    if own is not None:
        return own
    return (
        RuleTable.objects.filter(org__isnull=True, kind=kind, applies_by_default=True, valid_from__lte=month)
        .order_by("-valid_from", "-version")
        .first()
    )


def sees_all(user: Any) -> bool:
    return bool(user.is_superuser or user.has_perm("performance.view_all_scores"))


def visible_entries(user: Any) -> QuerySet[ScoreEntry]:
    """The director and supervisor see every entry of their orgs (a town's stations included); anyone else
    their own."""
    qs = ScoreEntry.objects.select_related("rule", "table", "org", "window", "user__staff")
    if user.is_superuser:
        return qs
    if sees_all(user):
        return qs.filter(org_id__in=sorted(scope_org_ids(user)))
    return qs.filter(user_id=user.pk)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass
class Row:
    key: int
    name: str
    org_name: str
    points: Decimal
    base: Decimal
    entries: int
    barred: bool = False
    rank: int = 0
    flagged: bool = False
    level: str = ""
    level_label: str = ""

    @property
    def score(self) -> Decimal:
        return self.base + self.points


@dataclass
class Ranking:
    period: Period
    staff: list[Row] = field(default_factory=list)
    windows: list[Row] = field(default_factory=list)
    best_staff: list[Row] = field(default_factory=list)
    best_windows: list[Row] = field(default_factory=list)
    stars: list[Row] = field(default_factory=list)


def _ranked(rows: list[Row]) -> list[Row]:
    rows.sort(key=lambda r: (-r.score, r.name, r.key))
    for i, row in enumerate(rows, 1):
        row.rank = i
    return rows


def ranking(org_ids: list[int], period: Period) -> Ranking:
    """Scores of points tables from approved entries, base + sum, for every staff member holding a window
    post (or scored) and every active window of ``org_ids``."""
    entries = (
        ScoreEntry.objects.filter(
            org_id__in=org_ids,
            status=EntryStatus.APPROVED,
            table__kind=TableKind.POINTS,
            month__range=(period.first, period.last),
        )
        .values("user_id", "window_id", "amount", "rule__bars_awards", "table__base")
        .order_by()
    )
    base = Decimal(_setting("PERFORMANCE_BASE_POINTS", 100))
    by_user: dict[int, list[Any]] = defaultdict(lambda: [Decimal(0), 0, False])
    by_window: dict[int, list[Any]] = defaultdict(lambda: [Decimal(0), 0, False])
    for e in entries:
        base = e["table__base"]
        for key, into in ((e["user_id"], by_user), (e["window_id"], by_window)):
            if key is None:
                continue
            into[key][0] += e["amount"]
            into[key][1] += 1
            into[key][2] = into[key][2] or e["rule__bars_awards"]
    posted = set(
        WindowPost.objects.filter(staff__org_id__in=org_ids).values_list("staff__user_id", flat=True)
    )
    staff = Staff.objects.filter(
        org_id__in=org_ids, user_id__in=sorted(posted | set(by_user))
    ).select_related("org")
    windows = Window.objects.filter(
        Q(org_id__in=org_ids, active=True) | Q(pk__in=sorted(by_window))
    ).select_related("org")
    result = Ranking(period)
    result.staff = _ranked(
        [_row(s.user_id, s.name, s.org.short_name or s.org.name, by_user.get(s.user_id), base) for s in staff]
    )
    result.windows = _ranked(
        [_row(w.pk, str(w), w.org.short_name or w.org.name, by_window.get(w.pk), base) for w in windows]
    )
    best_n = _setting("PERFORMANCE_BEST_N", 12)
    if period.kind == "year":
        result.best_staff = [r for r in result.staff if not r.barred][:best_n]
        result.best_windows = [r for r in result.windows if not r.barred][:best_n]
    if period.kind == "quarter":
        stars = _setting("PERFORMANCE_STARS_PER_QUARTER", 3)
        result.stars = [r for r in result.staff if not r.barred and r.points > 0][:stars]
    _flag_bottom(org_ids, period, result.staff, result.windows)
    return result


def _row(key: int, name: str, org_name: str, v: list[Any] | None, base: Decimal) -> Row:
    points, entries, barred = v if v is not None else (Decimal(0), 0, False)
    return Row(key, name, org_name, points=points, base=base, entries=entries, barred=barred)


def _flag_bottom(org_ids: list[int], period: Period, staff: list[Row], windows: list[Row]) -> None:
    """The last ``PERFORMANCE_BOTTOM_N`` staff and the last N windows with a net deduction are flagged for
    rectification (限期整改), with the 责任追究制 level of their year (supervision's accountability: confirmed
    cards, upheld complaints). A window carries the most severe level of the staff on its A post, the same
    people whose entries make its score."""
    from bianmin.supervision.selectors import Accountability, accountability

    n = _setting("PERFORMANCE_BOTTOM_N", 3)
    bottom_staff = [r for r in reversed(staff) if r.points < 0][:n]
    bottom_windows = [r for r in reversed(windows) if r.points < 0][:n]
    if not bottom_staff and not bottom_windows:
        return
    levels = {a.user_id: a for a in accountability(org_ids, period.first.year)}
    for row in bottom_staff:
        row.flagged = True
        found = levels.get(row.key)
        if found is not None:
            row.level, row.level_label = found.level, found.level_label
    severity = {Accountability.DISCIPLINARY: 0, Accountability.CIRCULATED: 1, Accountability.CRITICISM: 2}
    holders: dict[int, list[Any]] = defaultdict(list)
    posts = WindowPost.objects.filter(window_id__in=[r.key for r in bottom_windows], post="A").values_list(
        "window_id", "staff__user_id"
    )
    for window_id, user_id in posts:
        if user_id in levels and levels[user_id].level:
            holders[window_id].append(levels[user_id])
    for row in bottom_windows:
        row.flagged = True
        worst = min(holders.get(row.key, []), key=lambda a: severity.get(a.level, 9), default=None)
        if worst is not None:
            row.level, row.level_label = worst.level, worst.level_label


def scope_org_ids(user: Any) -> frozenset[int]:
    """The user's orgs and, for a town's staff, its village stations (assessed monthly by their town, 000
    篇1 每月结报、考评)."""
    if user.is_superuser:
        return frozenset(Org.objects.values_list("pk", flat=True))
    return visible_org_ids(user) | station_ids_below(user)


def ranking_org_ids(user: Any, org_id: int | None = None) -> list[int]:
    """The orgs a ranking covers: one named org of the user's scope with its stations, else the user's own
    center and its stations."""
    scope = scope_org_ids(user)
    if org_id is not None:
        if org_id not in scope:
            return []
        below = Org.objects.filter(parent_id=org_id, kind=OrgKind.VILLAGE).values_list("pk", flat=True)
        return sorted({org_id} | (set(below) & scope))
    me = staff_of(user)
    if me is None:
        return sorted(scope)
    return sorted({me.org_id} | set(station_ids_below(user)))


# ---------------------------------------------------------------------------------------------- fines


@dataclass
class FineRow:
    user_id: int
    username: str
    name: str
    org_name: str
    lines: list[ScoreEntry] = field(default_factory=list)
    total: Decimal = Decimal("0.00")


@dataclass
class Fines:
    """A month's cash fines (003 太湖乡 第十八–二十一条) per staff member, in 元, at the orgs that use a fines
    table that month; ``tables`` names the versions in force."""

    period: Period
    tables: list[RuleTable] = field(default_factory=list)
    rows: list[FineRow] = field(default_factory=list)

    @property
    def applies(self) -> bool:
        return bool(self.tables)

    @property
    def total(self) -> Decimal:
        return sum((r.total for r in self.rows), Decimal("0.00"))


def month_period(raw: Any) -> Period:
    """``YYYY-MM`` as a month; a quarter or a year is refused (``bad_period``): fines are reckoned by month."""
    period = parse_period(str(raw or ""))
    if period.kind != "month":
        raise DomainError("bad_period", gettext("罚款按月统计，请按 YYYY-MM 指定月份"))
    return period


def fines(user: Any, org_ids: list[int], period: Period) -> Fines:
    """Approved fines entries of ``period`` (a month) the user may see — a director's or supervisor's: the
    whole center's, anyone else's: their own — grouped per staff member with each entry's rule and source."""
    result = Fines(period)
    orgs = Org.objects.filter(pk__in=org_ids).order_by("path")
    in_force = {}
    for org in orgs:
        table = table_in_force(org, TableKind.FINES, period.first)
        if table is not None:
            in_force[org.pk] = table
    result.tables = sorted({t.pk: t for t in in_force.values()}.values(), key=lambda t: (t.name, t.version))
    if not in_force:
        return result
    entries = (
        visible_entries(user)
        .filter(
            org_id__in=sorted(in_force),
            table__kind=TableKind.FINES,
            status=EntryStatus.APPROVED,
            month__range=(period.first, period.last),
        )
        .order_by("day", "pk")
    )
    by_user: dict[int, FineRow] = {}
    for entry in entries:
        user = entry.user
        if user is None:
            continue
        row = by_user.get(user.pk)
        if row is None:
            staff = getattr(user, "staff", None)
            row = by_user[user.pk] = FineRow(
                user.pk,
                user.username,
                staff.name if staff else user.username,
                entry.org.short_name or entry.org.name,
            )
        row.lines.append(entry)
        row.total += entry.amount
    result.rows = sorted(by_user.values(), key=lambda r: (-r.total, r.name, r.user_id))
    return result
