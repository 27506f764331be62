"""Two clerks calling next at once never get the same ticket, and kiosks taking numbers at once never print the
same number. Calling next takes a ticket with a conditional UPDATE (still ``waiting``) and moves on to the next
one when another window got there first; numbers are counted under the business type's row lock (PostgreSQL)
or the write lock taken at BEGIN (SQLite)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections

from bianmin.lib.errors import DomainError
from bianmin.queue import actions
from bianmin.queue.models import EventKind, Ticket, TicketEvent, TicketState
from bianmin.queue.tests.conftest import minutes, take

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_windows_calling_next_at_once_get_two_different_tickets(hall: Any) -> None:
    # given three B tickets waiting and a second clerk (the director) at 林业, both windows serving B
    for i in range(3):
        take(hall, hall.b, at_minute=i)
    barrier = threading.Barrier(2)

    def call(actor: Any, window: Any) -> int | str:
        try:
            barrier.wait()
            return actions.call_next(actor=actor, window=window, now=minutes(10)).pk
        except DomainError as err:
            return err.code
        finally:
            connections.close_all()

    # when 国土和规划 and 林业 call next at the same moment, ten times over
    outcomes = []
    for _round in range(10):
        Ticket.objects.update(state=TicketState.WAITING, window=None, called_by=None, called_at=None, calls=0)
        with ThreadPoolExecutor(max_workers=2) as pool:
            got = list(pool.map(call, [hall.handler, hall.director], [hall.gt, hall.ly]))
        outcomes.append(got)
        # then each window got a ticket, and not the same one
        assert all(isinstance(pk, int) for pk in got), got
        assert got[0] != got[1]
        called = Ticket.objects.filter(state=TicketState.CALLED)
        assert sorted(called.values_list("pk", flat=True)) == sorted(got)
        assert sorted(called.values_list("window_id", flat=True)) == sorted([hall.gt.pk, hall.ly.pk])
        assert set(called.values_list("calls", flat=True)) == {1}
    # and every call wrote exactly one 叫号 event for its ticket
    assert TicketEvent.objects.filter(kind=EventKind.CALLED).count() == 20


def test_one_waiting_ticket_called_by_two_windows_at_once_goes_to_one(hall: Any) -> None:
    # given a single B ticket waiting
    only = take(hall, hall.b)
    barrier = threading.Barrier(2)

    def call(actor: Any, window: Any) -> int | str:
        try:
            barrier.wait()
            return actions.call_next(actor=actor, window=window, now=minutes(10)).pk
        except DomainError as err:
            return err.code
        finally:
            connections.close_all()

    # when both windows call next at once
    with ThreadPoolExecutor(max_workers=2) as pool:
        got = sorted(pool.map(call, [hall.handler, hall.director], [hall.gt, hall.ly]), key=str)
    # then one gets it and the other is told nothing waits
    assert got == [only.pk, "queue_empty"]
    assert TicketEvent.objects.filter(kind=EventKind.CALLED, ticket=only).count() == 1


def test_tickets_taken_at_once_get_distinct_numbers(hall: Any) -> None:
    barrier = threading.Barrier(8)

    def issue(n: int) -> str:
        try:
            barrier.wait()
            return actions.issue(org=hall.town, business_type=hall.a, now=minutes(n)).number
        finally:
            connections.close_all()

    # when eight kiosks take an A number at the same moment
    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = sorted(pool.map(issue, range(8)))
    # then they get A001…A008, each once (号段 counted per business type and day)
    assert numbers == [f"A{n:03d}" for n in range(1, 9)]
