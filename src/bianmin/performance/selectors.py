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

from bianmin.orgs.models import Org, Staff, Window, WindowPost
from bianmin.orgs.selectors import staff_of, visible_org_ids
from bianmin.performance.models import EntryStatus, RuleTable, ScoreEntry, TableKind
from bianmin.performance.periods import Period


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
        return qs.filter(org_id__in=sorted(visible_org_ids(user)))
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
        [
            Row(s.user_id, s.name, s.org.short_name or s.org.name, *_vals(by_user.get(s.user_id)), base=base)
            for s in staff
        ]
    )
    result.windows = _ranked(
        [
            Row(w.pk, str(w), w.org.short_name or w.org.name, *_vals(by_window.get(w.pk)), base=base)
            for w in windows
        ]
    )
    best_n = _setting("PERFORMANCE_BEST_N", 12)
    if period.kind == "year":
        result.best_staff = [r for r in result.staff if not r.barred][:best_n]
        result.best_windows = [r for r in result.windows if not r.barred][:best_n]
    if period.kind == "quarter":
        stars = _setting("PERFORMANCE_STARS_PER_QUARTER", 3)
        result.stars = [r for r in result.staff if not r.barred and r.points > 0][:stars]
    _flag_bottom(org_ids, period, result.staff)
    return result


def _vals(v: list[Any] | None) -> tuple[Decimal, int, bool]:
    if v is None:
        return Decimal(0), 0, False
    return v[0], v[1], v[2]


def _flag_bottom(org_ids: list[int], period: Period, rows: list[Row]) -> None:
    """The last ``PERFORMANCE_BOTTOM_N`` with a net deduction are flagged for rectification (限期整改), with
    the 责任追究制 level of their year (supervision's accountability: confirmed cards, upheld complaints)."""
    from bianmin.supervision.selectors import accountability

    n = _setting("PERFORMANCE_BOTTOM_N", 3)
    bottom = [r for r in reversed(rows) if r.points < 0][:n]
    if not bottom:
        return
    levels = {a.user_id: a for a in accountability(org_ids, period.first.year)}
    for row in bottom:
        row.flagged = True
        found = levels.get(row.key)
        if found is not None:
            row.level = found.level
            row.level_label = found.level_label


def ranking_org_ids(user: Any, org: Org | None = None) -> list[int]:
    """The orgs a ranking covers: the user's own center (and a town's stations, assessed monthly by it)."""
    ids = (
        visible_org_ids(user)
        if not user.is_superuser
        else frozenset(Org.objects.values_list("pk", flat=True))
    )
    if org is not None:
        return [org.pk] if org.pk in ids else []
    me = staff_of(user)
    if me is None:
        return sorted(ids)
    return sorted(ids)
