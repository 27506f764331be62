"""The statistics table (办件统计表) as pages, API, exports and submitted reports read it.

``statistics(org, period, by, today=)`` is the one computation: rollups (``DailyRollup``) for the days a
center's ``RollupMark`` covers, the ledger (``figures.ledger_counts``) for every other day of the period, so
today and any day the rollup command has not covered are always counted; consultations are counted from
the consultation log (``elsewhere.consultation_counts``). ``drill`` answers the cases behind
one number, straight from the ledger. Figures are defined in ``figures``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from bianmin.cases.models import Case, CaseEvent, Channel
from bianmin.cases.steps import Step
from bianmin.catalog.models import CaseKind, ServiceItem
from bianmin.feedback.models import Rating
from bianmin.lib.errors import DomainError
from bianmin.lib.periods import Period, parse_period
from bianmin.orgs.models import Org, OrgKind, Window
from bianmin.orgs.roles import COUNTY_WIDE_ROLES, Role, roles_of
from bianmin.orgs.selectors import staff_of
from bianmin.reports.elsewhere import (
    consultation_counts,
    fee_counts,
    mediation_counts,
    queue_counts,
    seal_counts,
)
from bianmin.reports.figures import (
    BREAKDOWNS,
    COLUMN,
    COLUMNS,
    EXTENSION_STEPS,
    REFUSED_STATES,
    Column,
    Key,
    Scope,
    day_start,
    derive,
    ledger_counts,
)
from bianmin.reports.models import MEASURES, DailyRollup, RollupMark

__all__ = ["COLUMNS", "Column", "Row", "StatisticsTable", "drill", "scope_of", "statistics"]

TOTAL = "total"
NONE = "none"  # the key of a row without that breakdown (no window, no station, no item)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    values: dict[str, int | Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class StatisticsTable:
    columns: list[Column]
    rows: list[Row]
    total: Row
    period: Period
    org: Org
    by: str

    def to_json(self) -> dict[str, Any]:
        """Plain JSON a snapshot can store (Decimals as strings, labels as the words of the moment)."""

        def values(row: Row) -> dict[str, Any]:
            return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in row.values.items()}

        return {
            "org": {"id": self.org.pk, "code": self.org.code, "name": self.org.name, "kind": self.org.kind},
            "period": self.period.key,
            "by": self.by,
            "columns": [
                {"code": c.code, "label": str(c.label), "kind": c.kind, "drillable": c.drillable}
                for c in self.columns
            ],
            "rows": [{"key": r.key, "label": r.label, "values": values(r)} for r in self.rows],
            "total": {"key": self.total.key, "label": self.total.label, "values": values(self.total)},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StatisticsTable:
        """The table a snapshot stored, as it was: its columns and labels, not today's."""
        columns = [Column(c["code"], c["label"], c["kind"], c["drillable"]) for c in data["columns"]]
        kinds = {c.code: c.kind for c in columns}

        def row(r: dict[str, Any]) -> Row:
            values: dict[str, int | Decimal | None] = {}
            for code, v in r["values"].items():
                values[code] = (
                    None
                    if v is None
                    else Decimal(v)
                    if kinds.get(code) in ("rate", "days", "minutes", "money")
                    else int(v)
                )
            return Row(r["key"], r["label"], values)

        o = data["org"]
        return cls(
            columns=columns,
            rows=[row(r) for r in data["rows"]],
            total=row(data["total"]),
            period=parse_period(data["period"]),
            org=Org(pk=o["id"], code=o["code"], name=o["name"], kind=o["kind"]),
            by=data["by"],
        )

    def column_totals(self) -> dict[str, int | Decimal | None]:
        return self.total.values


# ------------------------------------------------------------------------------------------------ scope


def scope_of(org: Org) -> Scope:
    """The centers whose cases make ``org``'s figures: a county's own and every town's below it."""
    if org.kind == OrgKind.VILLAGE:
        centers = (org.parent_id, org.pk) if org.parent_id else (org.pk,)
        return Scope(centers, org.pk, org.region, {org.pk: org.parent_id or org.pk})
    rows = Org.objects.filter(path__startswith=org.path).values_list("pk", "kind", "parent_id")
    fold = {pk: parent for pk, kind, parent in rows if kind == OrgKind.VILLAGE and parent}
    return Scope(tuple(sorted(pk for pk, _kind, _parent in rows)), None, org.region, fold)


def check_breakdown(by: str) -> None:
    if by not in BREAKDOWNS:
        raise DomainError(
            "bad_breakdown", _("分组方式应为 total、window、item、station、kind、channel 或 town")
        )


# ------------------------------------------------------------------------------------------- the figures


def _rollup_counts(
    scope: Scope, centers: list[int], first: dt.date, last: dt.date, dims: tuple[str, ...]
) -> dict[Key, Counter[str]]:
    out: dict[Key, Counter[str]] = defaultdict(Counter)
    if first > last:
        return out
    qs = DailyRollup.objects.filter(center_id__in=centers, day__gte=first, day__lte=last)
    if scope.station is not None:
        qs = qs.filter(Q(station_id=scope.station) | Q(center_id=scope.station))
    names = [d if d in ("kind", "channel") else f"{d}_id" for d in dims]
    sums = {f"s_{m}": Sum(m) for m in MEASURES}
    # No grouping: one aggregate row (``values()`` without names would group by every column).
    rows = qs.values(*names).annotate(**sums).order_by() if names else [qs.aggregate(**sums)]
    for row in rows:
        counts = out[tuple(row[n] for n in names)]
        for m in MEASURES:
            counts[m] += row[f"s_{m}"] or 0
    return out


def collect(
    scope: Scope, first: dt.date, last: dt.date, dims: tuple[str, ...], *, rollups: bool = True
) -> dict[Key, Counter[str]]:
    """The summable figures of the period by ``dims``: rollups where a center's mark covers the day, the
    ledger elsewhere. ``rollups=False`` reads the ledger alone (the bench's baseline, the tests' check)."""
    total: dict[Key, Counter[str]] = defaultdict(Counter)

    def add(part: dict[Key, Counter[str]]) -> None:
        for key, counts in part.items():
            total[key].update(counts)

    marks: dict[tuple[dt.date, dt.date] | None, list[int]] = defaultdict(list)
    covered: dict[int, tuple[dt.date, dt.date]] = {}
    if rollups and scope.centers:
        marks_rows = RollupMark.objects.filter(
            center_id__in=list(scope.centers), rolled_from__isnull=False, rolled_through__isnull=False
        )
        for m in marks_rows:
            assert m.rolled_from is not None and m.rolled_through is not None
            covered[m.center_id] = (m.rolled_from, m.rolled_through)
    for center in scope.centers:
        span = covered.get(center)
        if span is not None and (span[1] < first or span[0] > last):
            span = None
        marks[span].append(center)
    for span, centers in marks.items():
        part = Scope(tuple(centers), scope.station, scope.region, scope.fold)
        if span is None:
            add(ledger_counts(part, first, last, dims))
            continue
        rolled_from, rolled_through = max(span[0], first), min(span[1], last)
        add(_rollup_counts(scope, centers, rolled_from, rolled_through, dims))
        add(ledger_counts(part, first, rolled_from - dt.timedelta(days=1), dims))
        add(ledger_counts(part, rolled_through + dt.timedelta(days=1), last, dims))
    return total


def statistics(
    org: Org, period: Period, by: str = "total", *, today: dt.date, rollups: bool = True
) -> StatisticsTable:
    """The statistics table of ``org`` (a county, a town center or a village station) for ``period``,
    broken down ``by`` total | window | item | station | kind | channel | town. Days after ``today``
    are not asked for."""
    check_breakdown(by)
    dims = BREAKDOWNS[by]
    scope = scope_of(org)
    last = min(period.last, today)
    counts: dict[Key, Counter[str]] = defaultdict(Counter)
    if period.first <= last:
        for part in (
            collect(scope, period.first, last, dims, rollups=rollups),
            consultation_counts(scope, period.first, last, dims),
            queue_counts(scope, period.first, last, dims),
            fee_counts(scope, period.first, last, dims),
            mediation_counts(scope, period.first, last, dims),
            seal_counts(scope, period.first, last, dims),
        ):
            for key, sums in part.items():
                counts[key].update(sums)
    grouped: dict[Any, Counter[str]] = defaultdict(Counter)
    whole: Counter[str] = Counter()
    for key, sums in counts.items():
        whole.update(sums)
        if dims:
            grouped[_row_value(by, key, scope)].update(sums)
    values = [v for v, sums in grouped.items() if any(sums.values())]
    labels = _labels(by, values) if dims else {}
    rows = [Row(_key(v), labels.get(v, (str(v), ""))[0], derive(grouped[v])) for v in values]
    rows.sort(key=lambda r: (labels.get(_unkey(by, r.key), ("", "~"))[1], r.label))
    return StatisticsTable(
        columns=list(COLUMNS),
        rows=rows,
        total=Row(TOTAL, _("合计"), derive(whole)),
        period=period,
        org=org,
        by=by,
    )


def _row_value(by: str, key: Key, scope: Scope) -> Any:
    """The row a group of figures belongs to: a station's own cases go to the station's row; a county's
    table by town puts a station owning cases under its town."""
    if by == "station":
        station, center = key
        return station if station is not None else (center if center in scope.fold else None)
    if by == "town":
        return scope.fold.get(key[0], key[0])
    return key[0]


def _key(value: Any) -> str:
    return NONE if value in (None, "") else str(value)


def _unkey(by: str, key: str) -> Any:
    if key == NONE:
        return "" if by in ("kind", "channel") else None
    return key if by in ("kind", "channel") else int(key)


def _labels(by: str, values: list[Any]) -> dict[Any, tuple[str, str]]:
    """Each row's label and sort key, in one query for the breakdowns read from a table."""
    ids = sorted({v for v in values if v not in (None, "")}, key=str)
    out: dict[Any, tuple[str, str]] = {}
    if by == "window":
        for w in Window.objects.filter(pk__in=ids).values(
            "pk", "number", "name", "org__short_name", "org__name", "org__path"
        ):
            center = w["org__short_name"] or w["org__name"]
            out[w["pk"]] = (
                _("%(center)s %(number)s号 %(name)s")
                % {"center": center, "number": w["number"], "name": w["name"]},
                f"{w['org__path']}{w['number']:04d}",
            )
        out[None] = out[""] = (_("未分窗口"), "~")  # "": counted by another app, with no window
    elif by == "item":
        for i in ServiceItem.objects.filter(pk__in=ids).values("pk", "code", "current__name"):
            out[i["pk"]] = (i["current__name"] or i["code"], i["code"])
        out[None] = out[""] = (_("未关联办件"), "~")
    elif by in ("station", "town"):
        for o in Org.objects.filter(pk__in=ids).values("pk", "name", "short_name", "path"):
            out[o["pk"]] = (o["short_name"] or o["name"], o["path"])
        out[None] = (_("中心本级"), "") if by == "station" else (_("未关联中心"), "~")
    elif by == "kind":
        out = {v: (str(label), f"{i:02d}") for i, (v, label) in enumerate(CaseKind.choices)}
        out[""] = (_("未关联办件"), "~")
    elif by == "channel":
        out = {v: (str(label), f"{i:02d}") for i, (v, label) in enumerate(Channel.choices)}
        out[""] = (_("未关联办件"), "~")
    return out


# -------------------------------------------------------------------------------------------- drill-down


def _between(field: str, period: Period, last: dt.date) -> Q:
    return Q(
        **{f"{field}__gte": day_start(period.first), f"{field}__lt": day_start(last + dt.timedelta(days=1))}
    )


def _figure_filter(code: str, period: Period, last: dt.date) -> Q:
    """The cases behind one figure (``figures`` defines it), as a filter on Case."""
    registered = _between("registered_at", period, last)
    concluded = _between("concluded_at", period, last)
    events = CaseEvent.objects.filter(
        case=OuterRef("pk"),
        **{"at__gte": day_start(period.first), "at__lt": day_start(last + dt.timedelta(days=1))},
    )
    if code == "received":
        return registered
    if code in CaseKind.values:
        return registered & Q(kind=code)
    if code.startswith("channel_") and code[8:] in Channel.values:
        return registered & Q(channel=code[8:])
    if code == "proxied":
        return registered & Q(proxy=True)
    if code == "accepted":
        return Q(accepted_on__gte=period.first, accepted_on__lte=last)
    if code == "concluded":
        return concluded
    if code == "on_time":
        return concluded & Q(due_date__gte=TruncDate("concluded_at"))
    if code == "overdue":
        return concluded & Q(due_date__lt=TruncDate("concluded_at"))
    if code == "returned":
        return _between("closed_at", period, last) & Q(state__in=REFUSED_STATES)
    if code == "escalated":
        return _between("escalated_at", period, last)
    if code == "supplement":
        return Q(Exists(events.filter(type=Step.NOTIFY_MISSING)))
    if code == "extended":
        return Q(Exists(events.filter(type__in=EXTENSION_STEPS)))
    if code == "suspended":
        return Q(Exists(events.filter(type=Step.SUSPEND)))
    if code.startswith("ratings_") and code[8:].isdigit():
        ratings = Rating.objects.filter(case=OuterRef("pk"), excluded="", level=int(code[8:]))
        return Q(Exists(ratings.filter(_between("created_at", period, last))))
    if code == "proxy_legs":
        return _between("returned_to_agent_at", period, last) & Q(proxy=True)
    if code == "proxy_legs_on_time":
        return _between("returned_to_agent_at", period, last) & Q(
            proxy=True, proxy_due_date__gte=TruncDate("returned_to_agent_at")
        )
    raise DomainError("bad_figure", _("该数字不能查看明细"))


def _row_filter(by: str, value: Any, scope: Scope) -> Q:
    """The cases of one row of the table (``_row_value`` the other way round)."""
    if by == "station":
        if value is None:
            return Q(station__isnull=True) & ~Q(org_id__in=list(scope.fold))
        return Q(station_id=value) | Q(org_id=value)
    if by == "town":
        return Q(org_id__in=[value, *(v for v, town in scope.fold.items() if town == value)])
    field_name = BREAKDOWNS[by][0]
    return Q(**{f"{field_name}__isnull": True}) if value is None else Q(**{field_name: value})


def drill(org: Org, period: Period, code: str, key: str | None, by: str, *, today: dt.date) -> QuerySet[Case]:
    """The cases behind one number of ``statistics(org, period, by)``: the figure ``code`` of the row
    ``key`` (None or "total": the total row). Read from the ledger."""
    check_breakdown(by)
    column = COLUMN.get(code)
    if column is None or not column.drillable:
        raise DomainError("bad_figure", _("该数字不能查看明细"))
    scope = scope_of(org)
    last = min(period.last, today)
    q = Q(org_id__in=list(scope.centers)) & _figure_filter(code, period, last)
    if scope.station is not None:
        q &= Q(station_id=scope.station) | Q(org_id=scope.station)
    if key not in (None, "", TOTAL) and by != "total":
        try:
            value = _unkey(by, key)
        except ValueError:
            raise DomainError("bad_key", _("行标识无效")) from None
        q &= _row_filter(by, value, scope)
    if period.first > last:
        return Case.objects.none()
    return Case.objects.filter(q).order_by("-registered_at", "-pk")


# ------------------------------------------------------------------------------------------------ who sees


def statistics_orgs(user: Any) -> QuerySet[Org]:
    """The orgs whose table ``user`` may read (``roles``): a county role the county and every org below
    it; a director the town and its village stations; a duty leader or supervisor their own center."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("reports.view_statistics"):
        return Org.objects.none()
    if user.is_superuser:
        return Org.objects.order_by("path")
    staff = staff_of(user)
    if staff is None:
        return Org.objects.none()
    roles = roles_of(user)
    if roles & set(COUNTY_WIDE_ROLES) or Role.DIRECTOR in roles:
        return Org.objects.filter(path__startswith=staff.org.path).order_by("path")
    return Org.objects.filter(pk=staff.org_id)


def statistics_org(user: Any, code: str | None) -> Org:
    """The org a request names by its code (the user's own when none), refused out of the user's scope:
    404 for an unknown code, 403 for an org the user may not read."""
    orgs = statistics_orgs(user)
    if not code:
        staff = staff_of(user)
        own = orgs.filter(pk=staff.org_id).first() if staff is not None else None
        if own is None:
            own = orgs.first()
        if own is None:
            raise DomainError("permission_denied", _("您没有查看统计报表的权限"), kind="forbidden")
        return own
    org = Org.objects.filter(code=str(code)[:12]).first()
    if org is None:
        raise DomainError("org_not_found", _("找不到该组织"), kind="not_found")
    if not orgs.filter(pk=org.pk).exists():
        raise DomainError("out_of_scope", _("您无权查看该组织的统计"), kind="forbidden")
    return org
