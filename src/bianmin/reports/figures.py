"""The statistics table's figures (办件统计表) and how each is counted from the ledger.

Every figure of a period is a count of rows whose *attributing date* falls in the period (dates are the
centers' local dates, Asia/Shanghai). Each row is also attributed to the case's center, window, item,
village station, kind and channel — the breakdowns of the table.

=====================  =====================================================================================
code                   definition
=====================  =====================================================================================
received               cases registered in the period (``Case.registered_at``), whatever happened later
instant … proxy        of those, by the case's kind: 即办件, 承诺件, 联办件, 上报/代办件 (DESIGN.md "Words")
returned               退回件: cases refused in the period — 不予受理 (state ``rejected``) or, at the county, a
                       town's escalation sent back (state ``returned``); dated by ``Case.closed_at``
supplement             补办件: one-time notices (一次性告知书) issued in the period (``notify_missing`` events);
                       a case sent a second notice counts again (itself a breach, ``OneTimeNoticeBreach``)
channel_*              cases registered in the period, by channel (window, online, agent station,
                       appointment, home visit, market day, a town's escalation at the county)
proxied                cases registered in the period that a village agent carries for the applicant (全程代办)
accepted               cases accepted in the period (``Case.accepted_on``)
concluded              cases concluded in the period (``Case.concluded_at``; a town's escalated case when the
                       county's result came back)
on_time                of those, concluded on or before the due date (``concluded date <= due_date``). The
                       due date already moves by the working days spent in a special procedure and by an
                       approved extension, so suspended days never make a case late
overdue                of those, concluded after the due date (超期办结)
on_time_rate           on_time / (on_time + overdue), per cent, one decimal; None without such a case
avg_working_days       mean working days from acceptance to conclusion of the cases concluded in the period
                       (working days d with accepted_on < d <= concluded date, the workday calendar; the
                       days of a special procedure are included — it is the time the applicant waited)
extended               extensions approved in the period (``approve_extension`` and the older ``extend``)
suspended              special procedures started in the period (``suspend`` events)
escalated              cases escalated to the county in the period (``Case.escalated_at``)
ratings_1 … ratings_5  好差评 given in the period, by level (1 非常满意 … 5 非常不满意); ratings found malicious
                       or mistaken are left out
satisfaction_rate      levels 1–3 among the counted ratings, per cent, one decimal
complaints             效能投诉 received in the period (``Complaint.received_on``), against the window named
complaints_upheld      complaints decided as upheld in the period (``Complaint.decided_at``)
consultations          咨询: consultations logged in the period (``Consultation.asked_on``, the consultation log
                       咨询登记; 002 counts them next to the cases). Counted straight from the log per period,
                       not rolled up: one grouped query on an index (center, day) is cheap at 002's ~1,200 a
                       year, and the rollups stay the ledger's. A consultation has a center, window and item,
                       and a station when logged there; it has no kind or channel of a case (the row
                       "未关联办件" of those breakdowns). Not drillable through ``drill`` (cases only): the
                       consultations behind a number are the consultation list filtered the same way —
                       ``/counter/consultations/?center=<code>&date_after=<first>&date_before=<last>`` plus
                       ``&window=<id>`` or ``&item=<code>`` (the API ``/api/v1/consultations/`` takes the same)
tickets_served         叫号办理: queue tickets served at the windows in the period (``queue`` app, tickets
                       finished 办理完毕; by center and window, the other breakdowns "未关联办件"), counted from
                       the tickets like the consultations, not rolled up, not drillable (the queue's own
                       figures page ``/counter/queue/figures/`` has them per window and day)
avg_wait_minutes       平均等候: of those tickets, the average minutes from taking the number to the first call,
                       one decimal
payments               统一收费: fees paid at the collection window in the period (``fees`` app, payments not
                       voided, by the day collected; by center and window), counted from the fee ledger like
                       the consultations, not rolled up, not drillable (the fee ledger ``/counter/fees/entries/``
                       lists them)
fees_collected         of those, the money collected (元, exact to the fen; a void undoes a payment)
fees_refunded          refunds paid out in the period (退费, a new entry of the ledger, never an edit)
mediations             矛盾纠纷调解: disputes registered for mediation in the period (``mediation`` app; by
                       center only, the other breakdowns "未关联办件")
mediation_agreements   mediation agreements (人民调解协议书) that took effect in the period, every party signed
seal_uses              印章管理: seal uses logged in the period (``seals`` app, by center)
proxy_legs             proxy cases whose result went back to the agent in the period (the center's leg of
                       全程代办 ends, ``Case.returned_to_agent_at``)
proxy_legs_on_time     of those, back with the agent by the leg's due date (7 working days from forwarding,
                       the county's days excluded: 003 曾家镇 全程代办制度 四)
=====================  =====================================================================================

A village station's figures are its cases (``Case.station``) at its town; a county's are those of every
center below it and its own. Complaints and ratings take the case's breakdowns (a complaint without a case
only its center and window). ``ledger_counts`` answers the summable ones straight from the ledger, by day
when asked; ``rollups`` keeps the same numbers per day and ``selectors.statistics`` adds both up.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import Case, CaseEvent, CaseState, Channel
from bianmin.cases.steps import Step
from bianmin.catalog.models import CaseKind
from bianmin.complaints.models import Complaint
from bianmin.feedback.models import SATISFIED_LEVELS, Level, Rating
from bianmin.workdays.calendar import CalendarRangeError
from bianmin.workdays.services import get_calendar

DIMS: tuple[str, ...] = ("center", "window", "item", "station", "kind", "channel")
# The breakdowns the table offers and the dimension each groups by ("town": a county's centers).
BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "total": (),
    "window": ("window",),
    "item": ("item",),
    "station": ("station", "center"),  # a station's own cases (004) have no station: their center is it
    "kind": ("kind",),
    "channel": ("channel",),
    "town": ("center",),
}
EXTENSION_STEPS = (Step.APPROVE_EXTENSION, Step.EXTEND)
REFUSED_STATES = (CaseState.REJECTED, CaseState.RETURNED)
ONE = Decimal("0.1")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Column:
    code: str
    label: Promise | str
    kind: str  # count | rate | days | minutes | money (yuan, two decimals)
    drillable: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("received", _("收件数"), "count"),
    Column("instant", CaseKind.INSTANT.label, "count"),
    Column("promised", CaseKind.PROMISED.label, "count"),
    Column("joint", CaseKind.JOINT.label, "count"),
    Column("proxy", CaseKind.PROXY.label, "count"),
    Column("returned", _("退回件"), "count"),
    Column("supplement", _("补办件"), "count"),
    *(Column(f"channel_{value}", label, "count") for value, label in Channel.choices),
    Column("proxied", _("全程代办件"), "count"),
    Column("accepted", _("受理件数"), "count"),
    Column("concluded", _("办结件数"), "count"),
    Column("on_time", _("按时办结"), "count"),
    Column("on_time_rate", _("按时办结率(%)"), "rate", drillable=False),
    Column("overdue", _("超期办结"), "count"),
    Column("avg_working_days", _("平均办理工作日"), "days", drillable=False),
    Column("extended", _("延期"), "count"),
    Column("suspended", _("特别程序"), "count"),
    Column("escalated", _("上报县级"), "count"),
    *(Column(f"ratings_{value}", label, "count") for value, label in Level.choices),
    Column("satisfaction_rate", _("满意率(%)"), "rate", drillable=False),
    Column("complaints", _("投诉"), "count", drillable=False),
    Column("complaints_upheld", _("投诉成立"), "count", drillable=False),
    Column("consultations", _("咨询"), "count", drillable=False),
    Column("tickets_served", _("叫号办理"), "count", drillable=False),
    Column("avg_wait_minutes", _("平均等候(分钟)"), "minutes", drillable=False),
    Column("payments", _("缴费笔数"), "count", drillable=False),
    Column("fees_collected", _("收费金额(元)"), "money", drillable=False),
    Column("fees_refunded", _("退费金额(元)"), "money", drillable=False),
    Column("mediations", _("受理调解"), "count", drillable=False),
    Column("mediation_agreements", _("调解达成协议"), "count", drillable=False),
    Column("seal_uses", _("用印次数"), "count", drillable=False),
    Column("proxy_legs", _("代办件交回"), "count"),
    Column("proxy_legs_on_time", _("代办件按时交回"), "count"),
)
COLUMN: dict[str, Column] = {c.code: c for c in COLUMNS}


@dataclass(frozen=True)
class Scope:
    """The cases a table counts: those of ``centers`` (the orgs owning cases: a county, towns, and village
    stations handling delegated items as their own, 004); with ``station``, only the station's — the cases
    it carries to its town and its own. ``fold`` maps a station that owns cases to its town."""

    centers: tuple[int, ...]
    station: int | None
    region: str
    fold: dict[int, int] = field(default_factory=dict, compare=False, hash=False)


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(ONE, ROUND_HALF_UP)


def derive(sums: Counter[str]) -> dict[str, int | Decimal | None]:
    """The table's values from the summable figures: counts as they are, rates and averages computed."""
    out: dict[str, int | Decimal | None] = {}
    rated = sum(sums[f"ratings_{level}"] for level in Level.values)
    for column in COLUMNS:
        if column.code == "on_time_rate":
            out[column.code] = rate(sums["on_time"], sums["on_time"] + sums["overdue"])
        elif column.code == "avg_working_days":
            cases = sums["working_days_cases"]
            out[column.code] = (
                (Decimal(sums["working_days_sum"]) / cases).quantize(ONE, ROUND_HALF_UP) if cases else None
            )
        elif column.code == "avg_wait_minutes":
            waited = sums["wait_tickets"]
            out[column.code] = (
                (Decimal(sums["wait_seconds"]) / waited / 60).quantize(ONE, ROUND_HALF_UP) if waited else None
            )
        elif column.kind == "money":
            out[column.code] = (Decimal(sums[f"{column.code}_fen"]) / 100).quantize(CENT)
        elif column.code == "satisfaction_rate":
            out[column.code] = rate(sum(sums[f"ratings_{level}"] for level in SATISFIED_LEVELS), rated)
        else:
            out[column.code] = sums[column.code]
    return out


# ------------------------------------------------------------------------------------- counting the ledger


@dataclass(frozen=True)
class _Source:
    """One query over the ledger: which rows, the date that attributes them, and the figures they give."""

    model: Any
    paths: dict[str, str]  # dimension → lookup on the model
    when: str
    is_datetime: bool
    scope_center: str  # lookup of the center filtered on (the row's own org, for its index)
    scope_station: str
    rows: Q
    figures: dict[str, Q | None]  # figure → condition (None: every row)
    pairs: bool = False  # the concluded cases: also grouped by acceptance and conclusion date


_CASE_PATHS = {d: d for d in DIMS} | {"center": "org"}
_VIA_CASE = {d: f"case__{d}" for d in DIMS} | {"center": "case__org"}
_COMPLAINT_PATHS = _VIA_CASE | {"center": "org", "window": "against_window"}


def _sources() -> tuple[_Source, ...]:
    concluded_day = TruncDate("concluded_at")
    leg_day = TruncDate("returned_to_agent_at")
    registered: dict[str, Q | None] = {"received": None}
    registered |= {kind: Q(kind=kind) for kind in CaseKind.values}
    registered |= {f"channel_{value}": Q(channel=value) for value in Channel.values}
    registered["proxied"] = Q(proxy=True)
    case: dict[str, Any] = {
        "model": Case,
        "paths": _CASE_PATHS,
        "scope_center": "org",
        "scope_station": "station",
    }
    via_case: dict[str, Any] = {"paths": _VIA_CASE, "scope_center": "org", "scope_station": "case__station"}
    return (
        _Source(**case, when="registered_at", is_datetime=True, rows=Q(), figures=registered),
        _Source(**case, when="accepted_on", is_datetime=False, rows=Q(), figures={"accepted": None}),
        _Source(
            **case,
            when="concluded_at",
            is_datetime=True,
            rows=Q(),
            figures={
                "concluded": None,
                "on_time": Q(due_date__gte=concluded_day),
                "overdue": Q(due_date__lt=concluded_day),
                "working_days_cases": Q(accepted_on__isnull=False),
            },
            pairs=True,
        ),
        _Source(
            **case,
            when="closed_at",
            is_datetime=True,
            rows=Q(state__in=REFUSED_STATES),
            figures={"returned": None},
        ),
        _Source(**case, when="escalated_at", is_datetime=True, rows=Q(), figures={"escalated": None}),
        _Source(
            **case,
            when="returned_to_agent_at",
            is_datetime=True,
            rows=Q(proxy=True),
            figures={"proxy_legs": None, "proxy_legs_on_time": Q(proxy_due_date__gte=leg_day)},
        ),
        _Source(
            model=CaseEvent,
            **via_case,
            when="at",
            is_datetime=True,
            rows=Q(type__in=(Step.NOTIFY_MISSING, Step.SUSPEND, *EXTENSION_STEPS)),
            figures={
                "supplement": Q(type=Step.NOTIFY_MISSING),
                "extended": Q(type__in=EXTENSION_STEPS),
                "suspended": Q(type=Step.SUSPEND),
            },
        ),
        _Source(
            model=Rating,
            **via_case,
            when="created_at",
            is_datetime=True,
            rows=Q(excluded=""),
            figures={f"ratings_{level}": Q(level=level) for level in Level.values},
        ),
        _Source(
            model=Complaint,
            paths=_COMPLAINT_PATHS,
            scope_center="org",
            scope_station="case__station",
            when="received_on",
            is_datetime=False,
            rows=Q(),
            figures={"complaints": None},
        ),
        _Source(
            model=Complaint,
            paths=_COMPLAINT_PATHS,
            scope_center="org",
            scope_station="case__station",
            when="decided_at",
            is_datetime=True,
            rows=Q(upheld=True),
            figures={"complaints_upheld": None},
        ),
    )


def _in_days(source: _Source, first: dt.date, last: dt.date) -> Q:
    if source.is_datetime:
        return Q(
            **{
                f"{source.when}__gte": day_start(first),
                f"{source.when}__lt": day_start(last + dt.timedelta(days=1)),
            }
        )
    return Q(**{f"{source.when}__gte": first, f"{source.when}__lte": last})


def _scoped(source: _Source, scope: Scope) -> Q:
    q = Q(**{f"{source.scope_center}__in": list(scope.centers)})
    if scope.station is not None:
        q &= Q(**{source.scope_station: scope.station}) | Q(**{source.scope_center: scope.station})
    return q


Key = tuple[Any, ...]


def ledger_counts(
    scope: Scope, first: dt.date, last: dt.date, dims: Sequence[str], *, by_day: bool = False
) -> dict[Key, Counter[str]]:
    """The summable figures of ``first`` … ``last`` from the ledger, grouped by ``dims`` (and by day first
    when ``by_day``): {(day?, dim values…): Counter(figure → n)}. One query per source; nothing is asked
    when the range is empty."""
    out: dict[Key, Counter[str]] = defaultdict(Counter)
    if first > last or not scope.centers:
        return out
    calendar = get_calendar(scope.region or None)
    for source in _sources():
        qs: QuerySet[Any] = source.model.objects.filter(
            _scoped(source, scope), _in_days(source, first, last), source.rows
        )
        group = [source.paths[d] for d in dims]
        if by_day:
            qs = qs.annotate(_day=TruncDate(source.when) if source.is_datetime else F(source.when))
        names = (["_day"] if by_day else []) + group
        if source.pairs:
            qs = qs.annotate(_done=TruncDate("concluded_at"))
            names += ["accepted_on", "_done"]
        aggregates = {
            f"n_{code}": Count("pk", filter=cond) if cond is not None else Count("pk")
            for code, cond in source.figures.items()
        }
        # No grouping: one aggregate row (``values()`` without names would group by every column).
        rows = qs.values(*names).annotate(**aggregates).order_by() if names else [qs.aggregate(**aggregates)]
        for row in rows:
            key = ((row["_day"],) if by_day else ()) + tuple(_plain(d, row[source.paths[d]]) for d in dims)
            counts = out[key]
            for code in source.figures:
                counts[code] += row[f"n_{code}"]
            if source.pairs and row["accepted_on"] is not None and row["n_working_days_cases"]:
                counts["working_days_sum"] += row["n_working_days_cases"] * _workdays(
                    calendar, row["accepted_on"], row["_done"]
                )
    return out


def _plain(dim: str, value: Any) -> Any:
    if dim in ("kind", "channel"):
        return value or ""
    return value


def _workdays(calendar: Any, start: dt.date, end: dt.date) -> int:
    try:
        return max(calendar.workdays_between(start, end), 0)
    except CalendarRangeError:
        return max((end - start).days, 0)


def source_figures() -> set[str]:
    """Every figure a ledger query gives (the rollup stores each one: ``models.MEASURES``)."""
    return {code for source in _sources() for code in source.figures} | {"working_days_sum"}
