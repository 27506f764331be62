"""Reads of the public disclosure (办结公告): one quarter of a center, from its snapshot or live from the ledger.

The page, the API and the publishing command read the same ``quarter_content``: the snapshot a quarter was
frozen as when there is one, otherwise the same rows and figures computed now. Nothing personal leaves this
module: the applicant's name is masked by the one policy (``lib.identity.mask_name``); ID numbers, phones and
addresses are never read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.models import Case, Result
from bianmin.disclosure.models import Disclosure
from bianmin.feedback.models import SATISFIED_LEVELS, Level
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_name
from bianmin.lib.periods import Period, parse_period, quarter_of
from bianmin.orgs.models import Org, OrgKind
from bianmin.reports.selectors import scope_of, statistics

CENTER_KINDS = (OrgKind.COUNTY, OrgKind.TOWN)
ROW_FIELDS = ("number", "item", "result", "concluded_on", "applicant")


def center(code: str) -> Org | None:
    """The county or town center with division code ``code``; None for anything else (a village station
    discloses through its town)."""
    code = (code or "").strip()
    if not code or len(code) > 12:
        return None
    return Org.objects.filter(code=code, kind__in=CENTER_KINDS).first()


def disclosed_org_ids(org: Org) -> list[int]:
    """The centers whose concluded cases ``org`` discloses: the same as its statistics count
    (``reports.selectors.scope_of``: a town its own, a county its own and every town's below it), so the
    list and its figures always agree."""
    return list(scope_of(org).centers)


def _day_range(period: Period) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(period.first, dt.time.min, tzinfo=tz)
    stop = dt.datetime.combine(period.last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return begin, stop


def concluded_cases(org_ids: Sequence[int], period: Period) -> QuerySet[Any, Any]:
    """The cases concluded (办结) within ``period``, oldest conclusion first, as the five public columns'
    raw values: number, item name (as registered), result, conclusion time, applicant's name."""
    begin, stop = _day_range(period)
    return (
        Case.objects.filter(org_id__in=sorted(org_ids), concluded_at__gte=begin, concluded_at__lt=stop)
        .annotate(item_name_text=KeyTextTransform("name", "item_snapshot"), concluded=F("concluded_at"))
        .order_by("concluded_at", "number")
        .values_list("number", "item_name_text", "result", "concluded", "applicant_name")
    )


def result_label(code: str) -> str:
    """办理结果 in the reader's language (a snapshot stores the code, so an English page reads English)."""
    return str(Result(code).label) if code in Result.values else code


def public_row(values: Sequence[Any]) -> dict[str, str]:
    """One row as it may be published: the applicant masked, the day of conclusion in local time."""
    number, item, result, concluded_at, applicant = values
    return {
        "number": number,
        "item": item or "",
        "result": result or "",
        "concluded_on": timezone.localdate(concluded_at).isoformat(),
        "applicant": mask_name(applicant or ""),
    }


class PublicRows(Sequence[dict[str, str]]):
    """The live rows as a sequence a paginator slices: a page reads only its own rows (one query), the
    count one more."""

    def __init__(self, cases: QuerySet[Any, Any]) -> None:
        self.cases = cases
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.cases.count()
        return self._count

    def count(self) -> int:  # type: ignore[override]  # the paginator's count(), not Sequence.count(value)
        return len(self)

    def __iter__(self) -> Iterator[dict[str, str]]:
        return (public_row(v) for v in self.cases.iterator(chunk_size=2000))

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [public_row(v) for v in self.cases[index]]
        return public_row(self.cases[index])


@dataclass(frozen=True)
class Figures:
    """The quarter's headline figures: concluded cases, concluded on time and the rate, ratings (好差评)
    counted and satisfied (非常满意, 满意, 基本满意) and the satisfaction rate; rates in per cent."""

    received: int
    concluded: int
    on_time: int
    on_time_rate: Decimal | None
    ratings: int
    satisfied: int
    satisfaction_rate: Decimal | None

    def as_json(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figures:
        def rate(value: Any) -> Decimal | None:
            return None if value in (None, "") else Decimal(str(value))

        return cls(
            received=int(data.get("received", 0)),
            concluded=int(data.get("concluded", 0)),
            on_time=int(data.get("on_time", 0)),
            on_time_rate=rate(data.get("on_time_rate")),
            ratings=int(data.get("ratings", 0)),
            satisfied=int(data.get("satisfied", 0)),
            satisfaction_rate=rate(data.get("satisfaction_rate")),
        )


def quarter_figures(org: Org, period: Period, today: dt.date) -> Figures:
    """The figures of the statistics table (``reports.selectors.statistics``): the same numbers the center
    reports to the county, so the public and the county never read two counts."""
    values = statistics(org, period, "total", today=today).total.values

    def count(code: str) -> int:
        return int(values.get(code) or 0)

    def rate(code: str) -> Decimal | None:
        value = values.get(code)
        return None if value is None else Decimal(value)

    return Figures(
        received=count("received"),
        concluded=count("concluded"),
        on_time=count("on_time"),
        on_time_rate=rate("on_time_rate"),
        ratings=sum(count(f"ratings_{level}") for level in Level.values),
        satisfied=sum(count(f"ratings_{level}") for level in SATISFIED_LEVELS),
        satisfaction_rate=rate("satisfaction_rate"),
    )


@dataclass(frozen=True)
class QuarterContent:
    """What the page and the API show of one quarter. ``as_of`` is set for the running quarter (截至 …);
    ``published_at`` for a frozen snapshot."""

    org: Org
    period: Period
    figures: Figures
    rows: Sequence[dict[str, str]]
    source: str  # "snapshot" | "live"
    as_of: dt.date | None
    published_at: dt.datetime | None


def is_over(period: Period, today: dt.date) -> bool:
    return period.last < today


def live_content(org: Org, period: Period, today: dt.date) -> QuarterContent:
    rows = PublicRows(concluded_cases(disclosed_org_ids(org), period))
    return QuarterContent(
        org=org,
        period=period,
        figures=quarter_figures(org, period, today),
        rows=rows,
        source="live",
        as_of=None if is_over(period, today) else today,
        published_at=None,
    )


def snapshot_content(org: Org, snapshot: Disclosure) -> QuarterContent:
    return QuarterContent(
        org=org,
        period=parse_period(snapshot.quarter),
        figures=Figures.from_json(snapshot.figures),
        rows=snapshot.rows,
        source="snapshot",
        as_of=None,
        published_at=snapshot.published_at,
    )


def quarter_content(org: Org, period: Period, today: dt.date) -> QuarterContent:
    """The snapshot of a past quarter when it was published, else the same content computed now."""
    snapshot = None
    if is_over(period, today):
        snapshot = Disclosure.objects.filter(org=org, quarter=period.key).first()
    return snapshot_content(org, snapshot) if snapshot is not None else live_content(org, period, today)


def archive(org: Org) -> list[tuple[str, dt.datetime]]:
    """The center's published quarters, newest first: (quarter, published_at)."""
    return list(
        Disclosure.objects.filter(org=org).order_by("-quarter").values_list("quarter", "published_at")
    )


def quarter_choice(text: str | None, today: dt.date) -> Period:
    """The quarter asked for (``YYYY-Qn``), by default the running one. A month or a year, or a quarter not
    begun yet, is refused (``bad_quarter`` / ``quarter_not_begun``)."""
    if not text:
        return quarter_of(today)
    period = parse_period(text)
    if period.kind != "quarter":
        raise DomainError("bad_quarter", _("季度格式应为 YYYY-Qn，如 2026-Q3"))
    if period.first > today:
        raise DomainError("quarter_not_begun", _("该季度尚未开始"), kind="not_found")
    return period


def previous_quarter(period: Period) -> Period:
    return quarter_of(period.first - dt.timedelta(days=1))
