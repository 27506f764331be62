"""Taking numbers and calling them (issue 13 item 2: 号段, 绿色通道, 叫号/重呼/过号/转窗口, waiting and service times)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.lib.errors import DomainError
from bianmin.queue import actions, selectors
from bianmin.queue.models import Board, EventKind, Priority, TicketEvent, TicketState
from bianmin.queue.tests.conftest import NOW, TODAY, minutes, take


def test_numbers_run_per_business_type_and_start_again_the_next_day(hall: Any) -> None:
    # given two numbers of A and one of B this morning
    a1, a2, b1 = take(hall), take(hall, at_minute=1), take(hall, hall.b, at_minute=2)
    # when a number is taken the next morning
    tomorrow = actions.issue(org=hall.town, business_type=hall.a, now=NOW + dt.timedelta(days=1))
    # then each type counts on its own, and the day starts at 001 again (号段 A001…, reset daily)
    assert [a1.number, a2.number, b1.number, tomorrow.number] == ["A001", "A002", "B001", "A001"]
    assert tomorrow.day == TODAY + dt.timedelta(days=1)
    # and 壬田镇's A is its own range
    assert take(hall, hall.c2).number == "A001"


def test_the_waiting_count_is_what_stands_before_the_ticket(hall: Any) -> None:
    first, second = take(hall), take(hall, at_minute=1)
    green = take(hall, at_minute=2, priority=Priority.ELDERLY)
    assert [selectors.ahead_of(t) for t in (first, second, green)] == [1, 2, 0]
    kinds = {k.prefix: k.waiting for k in selectors.kiosk_types(hall.town, TODAY)}  # type: ignore[attr-defined]
    assert kinds == {"A": 3, "B": 0}


def test_a_type_of_another_center_or_inactive_is_refused(hall: Any) -> None:
    with pytest.raises(DomainError) as err:
        actions.issue(org=hall.town, business_type=hall.c2, now=NOW)
    assert err.value.code == "business_type_not_found"
    hall.b.active = False
    hall.b.save()
    with pytest.raises(DomainError):
        take(hall, hall.b)


def test_green_channel_and_appointments_are_called_first(hall: Any) -> None:
    """000 篇8: 对群众急需办理的服务事项，开辟绿色通道 — and a checked-in appointment is served at its time."""
    # given an ordinary ticket, then a pregnant woman's green-channel ticket
    ordinary = take(hall)
    green = take(hall, at_minute=5, priority=Priority.PREGNANT)
    # when clerk Li calls next twice
    calls = [actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(10 + i)) for i in range(2)]
    # then the green channel comes first although it was taken later
    assert [c.pk for c in calls] == [green.pk, ordinary.pk]


def test_calling_next_finishes_the_ticket_in_service_and_keeps_the_times(hall: Any) -> None:
    t1, t2 = take(hall), take(hall, at_minute=2)
    called = actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(5))
    assert (called.pk, called.state, called.window_id, called.called_by_id) == (
        t1.pk,
        TicketState.CALLED,
        hall.mz.pk,
        hall.clerk.pk,
    )
    actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(17))
    t1.refresh_from_db()
    t2.refresh_from_db()
    assert t1.state == TicketState.DONE
    assert (t1.first_called_at, t1.finished_at) == (minutes(5), minutes(17))
    assert (t2.state, t2.first_called_at) == (TicketState.CALLED, minutes(17))


def test_a_window_calls_only_the_types_it_serves(hall: Any) -> None:
    take(hall, hall.b)
    with pytest.raises(DomainError) as err:
        actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(3))
    assert (err.value.code, err.value.status) == ("queue_empty", 409)
    assert actions.call_next(actor=hall.handler, window=hall.gt, now=minutes(3)).number == "B001"


def test_an_empty_queue_refuses_without_closing_the_ticket_in_service(hall: Any) -> None:
    take(hall)
    served = actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(1))
    with pytest.raises(DomainError):
        actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(2))
    served.refresh_from_db()
    assert served.state == TicketState.CALLED


def test_recall_skip_and_finish(hall: Any) -> None:
    take(hall), take(hall, at_minute=1)
    ticket = actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(2))
    recalled = actions.recall(actor=hall.clerk, window=hall.mz, now=minutes(3))
    assert (recalled.pk, recalled.calls) == (ticket.pk, 2)
    skipped = actions.skip(actor=hall.clerk, window=hall.mz, now=minutes(4))
    assert (skipped.state, skipped.finished_at) == (TicketState.SKIPPED, minutes(4))
    with pytest.raises(DomainError) as err:
        actions.recall(actor=hall.clerk, window=hall.mz, now=minutes(5))
    assert err.value.code == "no_current_ticket"
    actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(6))
    done = actions.finish(actor=hall.clerk, window=hall.mz, now=minutes(9))
    assert done.state == TicketState.DONE
    kinds = list(
        TicketEvent.objects.filter(ticket=ticket).order_by("at", "pk").values_list("kind", flat=True)
    )
    assert kinds == [EventKind.ISSUED, EventKind.CALLED, EventKind.RECALLED, EventKind.SKIPPED]


def test_a_transferred_ticket_is_called_next_by_its_new_window_only(hall: Any) -> None:
    # given A001 in service at 民政 and B001 waiting for 国土/林业
    take(hall)
    waiting_b = take(hall, hall.b, at_minute=1)
    moved = actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(2))
    # when clerk Li transfers A001 to 林业
    actions.transfer(actor=hall.clerk, window=hall.mz, to_window="LY", now=minutes(3))
    # then 国土 does not get it (it calls its own B001) and 林业 calls it before its queue
    assert actions.call_next(actor=hall.handler, window=hall.gt, now=minutes(4)).pk == waiting_b.pk
    take(hall, hall.b, at_minute=0)
    got = actions.call_next(actor=hall.forester, window=hall.ly, now=minutes(5))
    assert (got.pk, got.window_id, got.target_window_id) == (moved.pk, hall.ly.pk, None)
    assert got.first_called_at == minutes(2)  # the wait counts up to its first call


def test_transfer_refusals(hall: Any) -> None:
    take(hall)
    actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(1))
    for target, code in (("MZ", "same_window"), ("XX", "target_window_not_found")):
        with pytest.raises(DomainError) as err:
            actions.transfer(actor=hall.clerk, window=hall.mz, to_window=target, now=minutes(2))
        assert err.value.code == code
    # 壬田镇's window is not a window of this center
    with pytest.raises(DomainError):
        actions.transfer(actor=hall.clerk, window=hall.mz, to_window=hall.mz2, now=minutes(2))


def test_calling_needs_the_right_and_a_window_in_scope(hall: Any) -> None:
    take(hall)
    with pytest.raises(DomainError) as err:
        actions.call_next(actor=hall.supervisor, window=hall.mz, now=minutes(1))
    assert err.value.code == "permission_denied"
    with pytest.raises(DomainError) as err:
        actions.call_next(actor=hall.clerk2, window=hall.mz, now=minutes(1))
    assert (err.value.code, err.value.status) == ("window_not_found", 404)


def test_every_change_bumps_the_screen_version(hall: Any) -> None:
    take(hall)
    v1 = selectors.board_version(hall.town.pk)
    actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(1))
    v2 = selectors.board_version(hall.town.pk)
    actions.recall(actor=hall.clerk, window=hall.mz, now=minutes(2))
    assert v1 < v2 < selectors.board_version(hall.town.pk)
    assert Board.objects.filter(org=hall.town2).count() == 0


def test_window_day_figures_average_waits_and_service(hall: Any) -> None:
    # given A001 (taken 9:00, called 9:10, done 9:20), A002 (9:02, called 9:20, done 9:50), A003 skipped
    for m in (0, 2, 4):
        take(hall, at_minute=m)
    actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(10))
    actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(20))
    actions.call_next(actor=hall.clerk, window=hall.mz, now=minutes(50))
    actions.skip(actor=hall.clerk, window=hall.mz, now=minutes(55))
    # when the figures are read
    [row] = selectors.window_day_figures(hall.town, TODAY, TODAY)
    # then two served, one skipped; waits 10 and 18 minutes, services 10 and 30 minutes
    assert (row.window, row.day, row.served, row.skipped, row.tickets) == (hall.mz, TODAY, 2, 1, 3)
    assert row.average_wait == 14 * 60
    assert row.average_service == 20 * 60
    assert (
        selectors.window_day_figures(hall.town, TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=2))
        == []
    )
