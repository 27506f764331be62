"""Which cards a center's cases, joint tasks and proxy legs have earned as of ``today`` (电子监察).

One function, ``due_cards``, answers it for the sweep (which writes what is missing) and for the pages and
the API (which merge it with the stored records), so both give the same set whether or not the sweep ran:

- a case still running past its due date: a yellow card, and a red one at M working days overdue; a case
  that left the running states late (concluded, escalated, suspended, withdrawn) keeps the cards it had
  reached on that day (rule ``overdue``, responsible: the handler, else who accepted it);
- a joint task past its own limit while its case is inside the overall one (rule ``step_over_limit``,
  responsible: the window's post-A staff, or who completed the task);
- a proxy leg past its limit (003 曾家镇 全程代办: 7 working days; responsible: the agent who took it);
- a fee tried on a proxy case or a free item, refused by the collection window (rule ``fee_on_free_case``,
  a yellow card; responsible: the staff who tried; 003 曾家镇 "严禁利用代办收取任何代办费").

Finished subjects are read from the case events since the last sweep (``SweepMark``; a year back when it
never ran), so a page never scans the ledger's history. Every time a case left the running states since then
(an event from a running state to another: concluded, escalated, suspended, withdrawn — whatever step the
lifecycle adds) its lateness is settled on that day against the due date of that day, even when it is running
again by now (resumed after a special procedure, returned by the county): a resumption moves the due date by
the days suspended, so the date of that day is the next date-moving event's ``old_due_date``. The proxy leg
likewise, leaving the states its clock runs in. Of the same card reached several times, the first counts.
Extensions are granted only before the due date passes, so they never undo a card.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q
from django.utils import timezone

from bianmin.cases.deadlines import PROXY_LEG_RUNNING
from bianmin.cases.models import Case, CaseEvent, CaseState, JointTask, TaskState
from bianmin.cases.steps import Step
from bianmin.fees.selectors import fee_attempts_since
from bianmin.orgs.models import Org, Post, WindowPost
from bianmin.supervision.models import CardLevel, CardRecord, CardRule, CardStatus, CardSubject, SweepMark
from bianmin.workdays.calendar import WorkCalendar
from bianmin.workdays.services import get_calendar

RUNNING = CaseState.running_states()
FIRST_SWEEP_DAYS = 366


@dataclass(frozen=True)
class Card:
    """A card as the pages show it: stored (``id``) or derived from the ledger (``id`` None, pending)."""

    case_id: int
    case_number: str
    org_id: int
    subject: str
    subject_key: str
    rule: str
    level: str
    staff_id: int | None
    window_id: int | None
    due_date: dt.date | None
    days_overdue: int
    reached_on: dt.date
    task_id: int | None = None
    id: int | None = None
    status: str = CardStatus.PENDING
    note: str = ""
    decided_by_id: int | None = None
    decision_reason: str = ""

    @property
    def key(self) -> tuple[int, str, str, str]:
        return (self.case_id, self.subject_key, self.rule, self.level)

    @property
    def ref(self) -> str:
        """How pages and the API name the card: its id once stored, else its natural key."""
        if self.id is not None:
            return str(self.id)
        return f"{self.case_id}~{self.subject_key}~{self.rule}~{self.level}"


def card_of(record: CardRecord, number: str = "") -> Card:
    return Card(
        case_id=record.case_id,
        case_number=number,
        org_id=record.org_id,
        subject=record.subject,
        subject_key=record.subject_key,
        rule=record.rule,
        level=record.level,
        staff_id=record.staff_id,
        window_id=record.window_id,
        due_date=record.due_date,
        days_overdue=record.days_overdue,
        reached_on=record.reached_on,
        task_id=record.task_id,
        id=record.pk,
        status=record.status,
        note=record.note,
        decided_by_id=record.decided_by_id,
        decision_reason=record.decision_reason,
    )


class _Clock:
    """Calendars and thresholds per center, looked up once for a whole computation."""

    def __init__(self, orgs: Iterable[Org]) -> None:
        self.orgs = {o.pk: o for o in orgs}
        self._calendars: dict[str, WorkCalendar] = {}

    def calendar(self, org_id: int) -> WorkCalendar:
        region = self.orgs[org_id].region
        if region not in self._calendars:
            self._calendars[region] = get_calendar(region or None)
        return self._calendars[region]

    def red_days(self, org_id: int) -> int:
        return self.orgs[org_id].supervision_thresholds()[1]


def _late_cards(clock: _Clock, base: dict[str, Any], due: dt.date, as_of: dt.date) -> list[Card]:
    """The cards a subject due ``due`` has reached by ``as_of``: yellow the day after its due date, red on
    the M-th working day after it (the county's M)."""
    if as_of <= due:
        return []
    calendar = clock.calendar(base["org_id"])
    late = calendar.workdays_between(due, as_of)
    cards = [
        Card(
            **base,
            level=CardLevel.YELLOW,
            due_date=due,
            days_overdue=late,
            reached_on=due + dt.timedelta(days=1),
        )
    ]
    red = clock.red_days(base["org_id"])
    if late >= red:
        red_on = calendar.add_workdays(due, red).date
        cards.append(Card(**base, level=CardLevel.RED, due_date=due, days_overdue=late, reached_on=red_on))
    return cards


def _case_staff(row: dict[str, Any]) -> int | None:
    return row["handler_id"] or row["accepted_by_id"] or row["first_contact_id"]


_CASE_FIELDS = (
    "id",
    "number",
    "org_id",
    "window_id",
    "handler_id",
    "accepted_by_id",
    "first_contact_id",
    "registered_by_id",
    "due_date",
    "proxy_due_date",
    "state",
    "returned_to_agent_at",
)


def since(org_ids: Iterable[int], today: dt.date) -> dt.datetime:
    """Where the events of finished subjects are read from: the earliest last sweep of these centers (its
    whole day, so a case finished after that day's sweep is still seen), a year back when one never ran."""
    ids = set(org_ids)
    marks = dict(SweepMark.objects.filter(org_id__in=sorted(ids)).values_list("org_id", "day"))
    first = min(marks.values()) if ids and set(marks) == ids else None
    day = first if first is not None else today - dt.timedelta(days=FIRST_SWEEP_DAYS)
    return timezone.make_aware(dt.datetime.combine(min(day, today), dt.time.min))


@dataclass(frozen=True)
class _Left:
    """A subject leaving the states its clock runs in, on ``day``, with the due date it had then (None: the
    case's present one)."""

    day: dt.date
    due: dt.date | None = None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _back_workdays(calendar: WorkCalendar, day: dt.date, n: int) -> dt.date:
    """The date ``n`` working days before ``day`` (the inverse of moving a due date by ``n``)."""
    while n > 0:
        day -= dt.timedelta(days=1)
        if calendar.is_workday(day):
            n -= 1
    return day


def _finished(
    clock: _Clock, org_ids: list[int], start: dt.datetime
) -> tuple[dict[int, list[_Left]], dict[int, list[_Left]], set[int]]:
    """From the events since ``start``: when each case left the running states (with its due date then),
    when its proxy leg stopped running (with the leg's due date then), and the cases a joint task was
    completed in. One query on the (org, at) index."""
    leg = PROXY_LEG_RUNNING
    case_left = Q(from_state__in=sorted(RUNNING)) & ~Q(to_state__in=sorted(RUNNING))
    leg_left = Q(from_state__in=sorted(leg)) & ~Q(to_state__in=sorted(leg))
    moved = Q(data__has_key="old_due_date") | Q(data__has_key="proxy_due_date")
    rows = (
        CaseEvent.objects.filter(org_id__in=org_ids, at__gte=start)
        .filter(case_left | leg_left | moved | Q(type=Step.COMPLETE_TASK))
        .order_by("case_id", "-seq")
        .values_list("case_id", "org_id", "type", "at", "from_state", "to_state", "data")
    )
    left: dict[int, list[_Left]] = defaultdict(list)
    leg_back: dict[int, list[_Left]] = defaultdict(list)
    task_cases: set[int] = set()
    # Newest first per case, so the due dates a later event moved away from are known at each leaving.
    due_then: dict[int, dt.date | None] = {}
    leg_then: dict[int, dt.date | None] = {}
    for case_id, org_id, step, at, before, after, data in rows:
        day = timezone.localdate(at)
        if step == Step.COMPLETE_TASK:
            task_cases.add(case_id)
        if before in RUNNING and after not in RUNNING:
            left[case_id].append(_Left(day, due_then.get(case_id)))
        if before in leg and after not in leg:
            leg_back[case_id].append(_Left(day, leg_then.get(case_id)))
        data = data if isinstance(data, dict) else {}
        if "old_due_date" in data:
            due_then[case_id] = _date(data["old_due_date"])
        if "proxy_due_date" in data and data.get("county_days"):
            # the town's leg paused while the county held the case: its due date moved by those days
            new = _date(data["proxy_due_date"])
            if new is not None:
                leg_then[case_id] = _back_workdays(clock.calendar(org_id), new, int(data["county_days"]))
    return left, leg_back, task_cases


def _first(cards: Iterable[Card]) -> list[Card]:
    """One card per key: the first day it was reached, with the most working days overdue of any time."""
    best: dict[tuple[int, str, str, str], Card] = {}
    for card in cards:
        kept = best.get(card.key)
        if kept is None:
            best[card.key] = card
            continue
        first = card if card.reached_on < kept.reached_on else kept
        best[card.key] = replace(first, days_overdue=max(card.days_overdue, kept.days_overdue))
    return list(best.values())


def due_cards(orgs: Iterable[Org], today: dt.date) -> list[Card]:
    """Every card the centers' subjects have earned as of ``today`` (deadline rules only)."""
    orgs = list(orgs)
    org_ids = [o.pk for o in orgs]
    if not org_ids:
        return []
    clock = _Clock(orgs)
    start = since(org_ids, today)
    left, leg_back, task_cases = _finished(clock, org_ids, start)
    touched = set(left) | set(leg_back)
    open_late = Q(state__in=RUNNING, due_date__lt=today)
    leg_late = Q(proxy=True, proxy_due_date__lt=today, returned_to_agent_at=None, state__in=PROXY_LEG_RUNNING)
    rows = {
        r["id"]: r
        for r in Case.objects.filter(
            Q(org_id__in=org_ids) & (open_late | leg_late | Q(pk__in=sorted(touched)))
        )
        .order_by()
        .values(*_CASE_FIELDS)
    }
    cards: list[Card] = []
    for row in rows.values():
        base = {
            "case_id": row["id"],
            "case_number": row["number"],
            "org_id": row["org_id"],
            "subject": CardSubject.CASE,
            "subject_key": CardSubject.CASE,
            "rule": CardRule.OVERDUE,
            "staff_id": _case_staff(row),
            "window_id": row["window_id"],
        }
        due = row["due_date"]
        if due is not None and row["state"] in RUNNING:
            cards += _late_cards(clock, base, due, today)
        for out in left.get(row["id"], []):
            then = out.due or due
            if then is not None:
                cards += _late_cards(clock, base, then, out.day)
        leg_due = row["proxy_due_date"]
        leg = {
            **base,
            "subject": CardSubject.PROXY,
            "subject_key": CardSubject.PROXY,
            "staff_id": row["registered_by_id"],
        }
        if leg_due is not None and row["returned_to_agent_at"] is None and row["state"] in PROXY_LEG_RUNNING:
            cards += _late_cards(clock, leg, leg_due, today)
        for out in leg_back.get(row["id"], []):
            then = out.due or leg_due
            if then is not None:
                cards += _late_cards(clock, leg, then, out.day)
    return _first(cards) + _task_cards(clock, org_ids, today, task_cases) + _fee_cards(org_ids, start, today)


def _fee_cards(org_ids: list[int], start: dt.datetime, today: dt.date) -> list[Card]:
    """乱收费 (RULES.md E-supervision: unlawful fees): a fee tried on a free case, once per case."""
    cards = [
        Card(
            case_id=row["case_id"],
            case_number=row["case_number"],
            org_id=row["org_id"],
            subject=CardSubject.CASE,
            subject_key="fee",
            rule=CardRule.FEE_ON_FREE_CASE,
            level=CardLevel.YELLOW,
            staff_id=row["actor_id"],
            window_id=row["case__window_id"],
            due_date=None,
            days_overdue=0,
            reached_on=row["day"],
        )
        for row in fee_attempts_since(org_ids, timezone.localdate(start), today)
    ]
    return _first(cards)


def _task_cards(clock: _Clock, org_ids: list[int], today: dt.date, finished_cases: set[int]) -> list[Card]:
    """并联审批: a task past its own limit while its case is inside the overall limit (step_over_limit)."""
    open_late = Q(
        state=TaskState.OPEN, due_date__lt=today, case__state__in=RUNNING, case__due_date__gte=today
    )
    done = Q(state=TaskState.DONE, case_id__in=sorted(finished_cases))
    tasks = list(
        JointTask.objects.filter(Q(case__org_id__in=org_ids) & (open_late | done))
        .order_by()
        .values(
            "id",
            "case_id",
            "case__number",
            "case__org_id",
            "case__due_date",
            "window_id",
            "window_code",
            "due_date",
            "state",
            "completed_by_id",
            "completed_at",
        )
    )
    window_ids = {t["window_id"] for t in tasks if t["window_id"] and t["state"] == TaskState.OPEN}
    holders = dict(
        WindowPost.objects.filter(window_id__in=sorted(window_ids), post=Post.A)
        .order_by("window_id", "id")
        .values_list("window_id", "staff__user_id")
    )
    cards: list[Card] = []
    for t in tasks:
        if t["state"] == TaskState.OPEN:
            as_of, staff = today, holders.get(t["window_id"])
        else:
            as_of, staff = timezone.localdate(t["completed_at"]), t["completed_by_id"]
            if t["case__due_date"] is None or as_of > t["case__due_date"]:
                continue  # the case itself was late by then: its own card names its handler
        base = {
            "case_id": t["case_id"],
            "case_number": t["case__number"],
            "org_id": t["case__org_id"],
            "subject": CardSubject.TASK,
            "subject_key": f"task:{t['window_code']}"[:32],
            "rule": CardRule.STEP_OVER_LIMIT,
            "staff_id": staff,
            "window_id": t["window_id"],
            "task_id": t["id"],
        }
        cards += _late_cards(clock, base, t["due_date"], as_of)
    return cards


def merge(stored: Iterable[Card], derived: Iterable[Card]) -> list[Card]:
    """Stored records win; a derived card not yet written joins them as pending."""
    by_key = {c.key: c for c in stored}
    for card in derived:
        if card.key not in by_key:
            by_key[card.key] = card
        elif not by_key[card.key].case_number:
            by_key[card.key] = replace(by_key[card.key], case_number=card.case_number)
    return list(by_key.values())
