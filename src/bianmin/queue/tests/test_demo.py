"""The demo's day at the hall (排队叫号): business types over each town's windows and the last working day's
tickets — served, skipped, transferred, green channel and 象湖镇's appointment tickets — built once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.conftest import at
from bianmin.demo.appointments import build_appointments
from bianmin.demo.build import build_demo
from bianmin.demo.queue import build_queue
from bianmin.orgs.models import Org
from bianmin.queue import selectors
from bianmin.queue.models import (
    GREEN_CHANNEL,
    BusinessType,
    EventKind,
    Priority,
    Ticket,
    TicketEvent,
    TicketState,
)

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 20, 8)  # a Friday: the last working day is Thursday the 19th
DAY = dt.date(2026, 11, 19)


def test_a_day_of_tickets_at_each_town_built_once(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    build_demo()
    build_appointments(now=NOW)
    taken = build_queue(now=NOW)
    assert taken == Ticket.objects.count() > 100
    for code in ("360781100", "360781101"):
        town = Org.objects.get(code=code)
        # four 号段 covering all nine windows
        kinds = BusinessType.objects.filter(org=town)
        assert sorted(kinds.values_list("prefix", flat=True)) == ["A", "B", "C", "D"]
        served_at = {w for k in kinds for w in k.windows.values_list("code", flat=True)}
        assert len(served_at) == 9
        tickets = Ticket.objects.filter(org=town)
        assert set(tickets.values_list("day", flat=True)) == {DAY}
        # the day is over: every ticket served or skipped, none left waiting or in service
        assert set(tickets.values_list("state", flat=True)) == {TicketState.DONE, TicketState.SKIPPED}
        assert tickets.filter(state=TicketState.SKIPPED).count() >= 3
        assert tickets.filter(priority__in=GREEN_CHANNEL).exists()
        assert TicketEvent.objects.filter(org=town, kind=EventKind.TRANSFERRED).count() == 1
        # the times are in order and within the day's office hours
        for t in tickets:
            assert t.issued_at <= t.first_called_at <= t.called_at <= t.finished_at  # type: ignore[operator]
            assert at(2026, 11, 19, 8, 30) <= t.issued_at and t.finished_at <= at(2026, 11, 19, 17, 30)  # type: ignore[operator]
        figures = selectors.window_day_figures(town, DAY, DAY)
        assert sum(r.tickets for r in figures) == tickets.count()
        waits = [r.average_wait for r in figures if r.average_wait is not None]
        assert waits and max(waits) < 3 * 3600  # nobody waits through the lunch break and beyond
    # 象湖镇's arrived bookings came with appointment tickets
    xianghu = Ticket.objects.filter(org__code="360781100", priority=Priority.APPOINTMENT)
    assert xianghu.count() >= 1 and all(t.appointment_id for t in xianghu)
    # a second run adds nothing
    assert build_queue(now=NOW) == 0
    assert Ticket.objects.count() == taken
