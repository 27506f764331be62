"""Two generations of one month at once (the monthly cron and the director's button), and two swaps of one
day at once: one roster, one swap. The rotation rows and the entry's row serve them one after the other."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections

from bianmin.conftest import at
from bianmin.duty import actions
from bianmin.duty.models import DutyEntry, DutyKind, DutySwap
from bianmin.duty.tests.conftest import NOW, OCTOBER
from bianmin.lib.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls: list[Any]) -> list[str]:
    barrier = threading.Barrier(len(calls))

    def run(call: Any) -> str:
        try:
            barrier.wait()
            result = call()
        except DomainError as err:
            return f"{err.status}:{err.code}"
        finally:
            connections.close_all()
        return f"ok:{len(result)}" if isinstance(result, list) else "ok"

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return sorted(pool.map(run, calls))


def test_two_generations_at_once_give_one_roster(duty: Any) -> None:
    outcomes = _race(
        [
            lambda: actions.generate_month(duty.town, *OCTOBER, now=NOW),
            lambda: actions.generate_month(duty.town, *OCTOBER, actor=duty.director, now=NOW),
        ]
    )
    total = DutyEntry.objects.filter(org=duty.town).count()
    assert outcomes == ["ok:0", f"ok:{total}"]
    # October 2026: 18 working days (22 weekdays less the 5 of the National Day holiday, plus the 调休
    # Saturday 10 October) each with a leader and staff duty, and 13 days off with holiday duty.
    assert total == 18 * 2 + 13
    assert DutyEntry.objects.filter(org=duty.town, kind=DutyKind.HOLIDAY).count() == 13


def test_two_swaps_of_one_day_at_once_record_one(duty: Any) -> None:
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    entry = DutyEntry.objects.get(org=duty.town, date="2026-10-12", kind=DutyKind.STAFF)
    others = [u.staff for u in (duty.clerk, duty.handler, duty.forester) if u.staff.pk != entry.staff_id]
    outcomes = _race(
        [
            lambda: actions.swap(
                entry.pk, actor=duty.director, to_staff=others[0], reason="病假", now=at(2026, 10, 11)
            ),
            lambda: actions.swap(
                entry.pk, actor=duty.director, to_staff=others[0], reason="事假", now=at(2026, 10, 11)
            ),
        ]
    )
    assert outcomes == ["400:swap_same_staff", "ok:1"]
    assert DutySwap.objects.filter(entry=entry).count() == 1


def test_two_reminder_runs_at_once_remind_each_staff_once(world: Any) -> None:
    """The cron's run and a second one by hand at the same moment: one reminder per meeting and staff."""
    from bianmin.duty.models import MeetingKind, MeetingReminder

    actions.schedule_meeting(
        actor=world.director,
        org=world.town,
        kind=MeetingKind.MEETING,
        starts_at=at(2026, 10, 15, 9),
        topic="第四季度例会",
        now=at(2026, 10, 1),
    )
    today = at(2026, 10, 13, 7)
    outcomes = _race(
        [
            lambda: [actions.send_meeting_reminders(today=today.date(), now=today)],
            lambda: [actions.send_meeting_reminders(today=today.date(), now=today)],
        ]
    )
    assert outcomes == ["ok:1", "ok:1"]
    assert MeetingReminder.objects.count() == 6
    assert actions.send_meeting_reminders(today=today.date(), now=today) == 0
