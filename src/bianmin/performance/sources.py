"""Where automatic score entries come from: each source reads another app through its selectors (or its
records, read only) and yields ``Fact``s naming the rule code they fall under. Nothing here writes.

- attendance: ``bianmin.attendance.selectors.violations`` (late, left early, absent half a day / a day,
  leave without a note), when that app is installed; an absent day is two half days (003 曾家镇 第二条2:
  旷工每次(半天)扣5分) in a points table, one 旷工一天 in 太湖乡's fines.
- case: one-time-notice breaches (违反一次性告知, 第四条3) against the clerk who gave the first notice.
- supervision: confirmed cards (监察认定) — overdue or a step over its limit is 第三条1 (不能按期办结), an
  unjustified refusal 第四条4 (window and person), a fee on a free case 第五条1. A subject's yellow and red
  card of one rule are one fact (the red card's case also holds its yellow one).
- complaint: upheld complaints against a staff member (第三条2; a major one is the serious case).
- rating: a very-satisfied rating with words of thanks (感谢或表扬, 第六条4) for a named staff member.
- suggestion: a staff member's suggestion adopted (第六条2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.utils import timezone

from bianmin.cases.models import OneTimeNoticeBreach
from bianmin.complaints.models import Complaint
from bianmin.complaints.selectors import adopted_suggestions
from bianmin.feedback.models import Level, Rating
from bianmin.performance.models import Source
from bianmin.supervision.models import CardRule
from bianmin.supervision.selectors import confirmed_cards


@dataclass(frozen=True)
class Fact:
    rule_code: str
    user_id: int | None
    window_id: int | None
    day: dt.date
    source: str
    source_key: str
    times: int = 1


Period = tuple[dt.date, dt.date]
SourceFn = Callable[[list[int], Period], list[Fact]]

# Attendance kind -> (rule code, times) per table kind.
ATTENDANCE_RULES: dict[str, dict[str, tuple[str, int]]] = {
    "points": {
        "late": ("late", 1),
        "left_early": ("left_early", 1),
        "absent_half_day": ("absent_half_day", 1),
        "absent_day": ("absent_half_day", 2),
        "leave_without_note": ("leave_without_note", 1),
    },
    "fines": {
        "late": ("late", 1),
        "left_early": ("left_early", 1),
        "absent_day": ("absent_day", 1),
    },
}

CARD_RULES: dict[str, str] = {
    CardRule.OVERDUE: "overdue_unfamiliar",
    CardRule.STEP_OVER_LIMIT: "overdue_unfamiliar",
    CardRule.UNJUSTIFIED_REJECTION: "refused_missing_material",
    CardRule.FEE_ON_FREE_CASE: "corruption_or_criticism",
}


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def attendance_violations() -> Callable[..., Iterable[Any]] | None:
    """The attendance app's selector, or None while it is not installed."""
    try:
        module = import_module("bianmin.attendance.selectors")
    except ImportError:
        return None
    return getattr(module, "violations", None)


def attendance_started(org_ids: list[int], period: Period) -> dt.date | None:
    """The first day anyone of ``org_ids`` signed in, if by the end of ``period``: days before a center
    started signing in are not scored on attendance (rather than every clerk absent every day)."""
    try:
        sign_in = import_module("bianmin.attendance.models").SignIn
    except (ImportError, AttributeError):
        return None
    return (
        sign_in.objects.filter(staff__org_id__in=org_ids, day__lte=period[1])
        .order_by("day")
        .values_list("day", flat=True)
        .first()
    )


def attendance_facts(
    org_ids: list[int],
    period: Period,
    *,
    table_kind: str = "points",
    violations: Callable[..., Iterable[Any]] | None = None,
    now: dt.datetime | None = None,
) -> list[Fact]:
    """The attendance app's breaches of ``period`` (sessions not yet over at ``now`` are not judged); a
    breach is keyed by user, day, kind and half day, as the attendance app keeps it unique."""
    if violations is not None:
        found = violations(org_ids, period[0], period[1])
    else:
        fn = attendance_violations()
        started = attendance_started(org_ids, period) if fn is not None else None
        if fn is None or started is None:
            return []
        found = fn(org_ids, max(period[0], started), period[1], now=now)
    rules = ATTENDANCE_RULES[table_kind]
    facts = []
    for v in found:
        if v.kind not in rules:
            continue
        code, times = rules[v.kind]
        session = getattr(v, "session", "")
        key = f"attendance:{v.user_id}:{v.day.isoformat()}:{v.kind}" + (f":{session}" if session else "")
        facts.append(Fact(code, v.user_id, None, v.day, Source.ATTENDANCE, key, times))
    return facts


def breach_facts(org_ids: list[int], period: Period) -> list[Fact]:
    start, end = period
    rows = (
        OneTimeNoticeBreach.objects.filter(org_id__in=org_ids)
        .select_related("case")
        .order_by("recorded_at", "pk")
    )
    facts = []
    for b in rows:
        day = _local_day(b.recorded_at)
        if start <= day <= end:
            facts.append(
                Fact("not_one_time_notice", b.clerk_id, b.case.window_id, day, Source.CASE, f"breach:{b.pk}")
            )
    return facts


def card_facts(org_ids: list[int], period: Period) -> list[Fact]:
    seen: set[str] = set()
    facts = []
    for card in confirmed_cards(org_ids, period):
        if card.staff_id is None and card.window_id is None:
            continue
        key = f"card:{card.case_id}:{card.subject_key}:{card.rule}"
        if key in seen:
            continue
        seen.add(key)
        code = CARD_RULES.get(card.rule)
        if code:
            facts.append(Fact(code, card.staff_id, card.window_id, card.reached_on, Source.SUPERVISION, key))
    return facts


def complaint_facts(org_ids: list[int], period: Period) -> list[Fact]:
    rows = (
        Complaint.objects.filter(
            org_id__in=org_ids, upheld=True, against_staff__isnull=False, received_on__range=period
        )
        .select_related("against_staff")
        .order_by("received_on", "pk")
    )
    return [
        Fact(
            "complaint_attitude_serious" if c.major else "complaint_attitude",
            c.against_staff.user_id if c.against_staff else None,
            c.against_window_id,
            c.received_on,
            Source.COMPLAINT,
            f"complaint:{c.pk}",
        )
        for c in rows
    ]


def rating_facts(org_ids: list[int], period: Period) -> list[Fact]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period[0], dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period[1] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = (
        Rating.objects.filter(
            org_id__in=org_ids,
            level=Level.VERY_SATISFIED,
            staff__isnull=False,
            excluded="",
            created_at__gte=start,
            created_at__lt=end,
        )
        .exclude(comment="")
        .order_by("created_at", "pk")
    )
    return [
        Fact(
            "thanked_praised",
            r.staff_id,
            r.window_id,
            _local_day(r.created_at),
            Source.RATING,
            f"rating:{r.pk}",
        )
        for r in rows
    ]


def suggestion_facts(org_ids: list[int], period: Period) -> list[Fact]:
    facts = []
    for entry in adopted_suggestions(org_ids, period):
        if entry.author_staff is None or entry.adopted_at is None:
            continue
        facts.append(
            Fact(
                "adopted_suggestion",
                entry.author_staff.user_id,
                None,
                _local_day(entry.adopted_at),
                Source.SUGGESTION,
                f"suggestion:{entry.pk}",
            )
        )
    return facts


OTHER_SOURCES: list[SourceFn] = [breach_facts, card_facts, complaint_facts, rating_facts, suggestion_facts]
