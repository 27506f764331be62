"""Reads of ratings and their statistics, shared by the pages, the API, the Excel export and — later — the
assessment and the reports.

Who sees what: a supervisor, the director and the duty leader see every rating of their center (county
roles: the county's); a clerk or handler sees the ratings of their own service and those whose rectification
a supervisor made them own. Statistics leave out ratings a supervisor found malicious or mistaken
(国办发〔2019〕51号); 002 天彭镇's 纪委 counts weekly and rates monthly, so the figures are asked for any date
range and grouped by window or by staff member.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.models import Case
from bianmin.feedback.models import (
    SATISFIED_LEVELS,
    FollowUpCall,
    Level,
    Rating,
    Rectification,
    RectificationState,
)
from bianmin.orgs.selectors import visible_org_ids

Grouping = Literal["window", "staff"]


def _scoped(qs: QuerySet[Rating], user: Any) -> QuerySet[Rating]:
    """Of ``qs``, the ratings of ``user``'s centers; without the right to see all, those of their own
    service and those whose rectification a supervisor gave them (none for a caller without an account)."""
    if not user.is_authenticated:
        return qs.none()
    qs = qs.filter(org_id__in=sorted(visible_org_ids(user)))
    if not user.has_perm("feedback.view_all_ratings"):
        qs = qs.filter(Q(staff_id=user.pk) | Q(rectification__owner_id=user.pk))
    return qs


def visible_ratings(user: Any) -> QuerySet[Rating]:
    """The ratings ``user`` may read, with what a list row shows (one query however many rows)."""
    qs = _scoped(Rating.objects.all(), user)
    return qs.select_related("case", "org", "window", "staff__staff", "rectification__owner__staff").only(
        *LIST_FIELDS
    )


LIST_FIELDS = (
    "pk",
    "occasion",
    "level",
    "comment",
    "channel",
    "created_at",
    "excluded",
    "excluded_reason",
    "org_id",
    "window_id",
    "staff_id",
    "case__id",
    "case__number",
    "case__item_snapshot",
    "case__org_id",
    "org__name",
    "org__short_name",
    "window__name",
    "window__number",
    "staff__id",
    "staff__staff__name",
    "rectification__id",
    "rectification__number",
    "rectification__state",
    "rectification__deadline",
    "rectification__owner__id",
    "rectification__owner__staff__name",
)


def rating_detail(user: Any, pk: int) -> Rating | None:
    qs = _scoped(Rating.objects.filter(pk=pk), user)
    return qs.select_related("case", "org", "window", "staff__staff", "excluded_by__staff").first()


def rectification_of(rating: Rating) -> Rectification | None:
    return (
        Rectification.objects.filter(rating=rating)
        .select_related("owner__staff", "rectified_by__staff", "closed_by__staff")
        .prefetch_related(Prefetch("calls", FollowUpCall.objects.select_related("caller__staff")))
        .first()
    )


def case_ratings(case: Case) -> list[Rating]:
    """Every rating of a case, for its page (one per occasion)."""
    return list(Rating.objects.filter(case=case).select_related("rectification").order_by("created_at"))


def rectification_status(rating: Rating, today: dt.date) -> str:
    """The rectification's state as shown on the rating: '', open, overdue, rectified, closed."""
    rect = getattr(rating, "rectification", None) if _has_rectification(rating) else None
    if rect is None:
        return ""
    return status_of(rect, today)


def status_of(rect: Rectification, today: dt.date) -> str:
    """open, overdue (open after its deadline), rectified or closed."""
    return "overdue" if rect.is_overdue(today) else rect.state


def _has_rectification(rating: Rating) -> bool:
    try:
        return rating.rectification is not None
    except Rectification.DoesNotExist:
        return False


def owner_choices(org_id: int) -> QuerySet[Any]:
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, staff__org_id=org_id)
        .select_related("staff")
        .order_by("staff__name", "pk")
    )


# ---------------------------------------------------------------------------------------------- statistics


def day_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From ``start`` 00:00 to the end of ``end`` (both included), in the site's time zone."""
    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    stop = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return begin, stop


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of ``day``'s week (002 天彭镇: 纪委每周一次统计)."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of ``day``'s month (002 天彭镇: 每月一次评定)."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


@dataclass
class Row:
    """The counted ratings of one window or staff member in a period."""

    key: int | None
    name: str
    org_name: str
    counts: dict[int, int] = field(default_factory=dict)
    excluded: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied(self) -> int:
        return sum(n for level, n in self.counts.items() if level in SATISFIED_LEVELS)

    @property
    def bad(self) -> int:
        return self.total - self.satisfied

    @property
    def rate(self) -> Decimal | None:
        """满意度 in per cent, one decimal (None with no rating)."""
        if not self.total:
            return None
        return (Decimal(100 * self.satisfied) / self.total).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def level_counts(self) -> list[int]:
        return [self.counts.get(level, 0) for level in Level.values]


@dataclass
class Statistics:
    start: dt.date
    end: dt.date
    by: Grouping
    rows: list[Row]

    @property
    def total(self) -> Row:
        whole = Row(key=None, name="", org_name="")
        for row in self.rows:
            for level, n in row.counts.items():
                whole.counts[level] = whole.counts.get(level, 0) + n
            whole.excluded += row.excluded
        return whole


_GROUPS = {
    "window": ("window_id", "window__name", "window__number"),
    "staff": ("staff_id", "staff__staff__name", "staff__username"),
}


def statistics(org_ids: Iterable[int], start: dt.date, end: dt.date, by: Grouping = "window") -> Statistics:
    """Counts by level per window or per staff member, ``start`` to ``end`` included: one aggregate query.

    Ratings found malicious or mistaken are not counted (only their number is given, as ``excluded``)."""
    if by not in _GROUPS:
        raise ValueError(by)
    key, name, extra = _GROUPS[by]
    begin, stop = day_range(start, end)
    counted = Q(excluded="")
    aggregates = {f"l{level}": Count("pk", filter=counted & Q(level=level)) for level in Level.values}
    rows = (
        Rating.objects.filter(org_id__in=sorted(set(org_ids)), created_at__gte=begin, created_at__lt=stop)
        .values(key, name, extra, "org__short_name", "org__name")
        .annotate(**aggregates, excluded_n=Count("pk", filter=~counted))
        .order_by("org__name", extra, key)
    )
    result = []
    for r in rows:
        label = r[name] or ""
        if by == "window" and r[key] is not None:
            label = _("%(number)s号 %(name)s") % {"number": r[extra], "name": label}
        result.append(
            Row(
                key=r[key],
                name=label,
                org_name=r["org__short_name"] or r["org__name"],
                counts={level: r[f"l{level}"] for level in Level.values if r[f"l{level}"]},
                excluded=r["excluded_n"],
            )
        )
    return Statistics(start=start, end=end, by=by, rows=result)


def satisfaction(
    org_ids: Iterable[int], start: dt.date, end: dt.date, by: Grouping = "window"
) -> dict[int | None, Decimal | None]:
    """满意度 (per cent) per window or staff member over a period, for the assessment and the reports:
    {window or user id: rate}; malicious and mistaken ratings left out."""
    return {row.key: row.rate for row in statistics(org_ids, start, end, by).rows}


def open_rectifications(org_ids: Iterable[int]) -> QuerySet[Rectification]:
    return Rectification.objects.filter(org_id__in=sorted(set(org_ids))).exclude(
        state=RectificationState.CLOSED
    )
