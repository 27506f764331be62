"""Two supervisors deciding one card at the same moment, two sweeps at the same moment (PostgreSQL: the row
locks; SQLite: one writer at a time). 003 曾家镇 责任追究制: a card is decided once, by one supervisor, with a
reason; 001 电子监察: each yellow/red card is on record once, however many sweeps run."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from bianmin.conftest import at, make_staff
from bianmin.lib.errors import DomainError
from bianmin.orgs.roles import Role
from bianmin.supervision import actions, selectors
from bianmin.supervision.models import CardLevel, CardRecord, CardStatus, SweepMark
from bianmin.supervision.tests.helpers import accepted_case

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2026, 10, 12)


def _race(calls):  # noqa: ANN001, ANN202
    barrier = threading.Barrier(len(calls))

    def run(call) -> str:  # noqa: ANN001
        try:
            barrier.wait()
            result = call()
        except DomainError as err:
            return f"{err.status}:{err.code}"
        finally:
            connections.close_all()
        return f"ok:{result}" if isinstance(result, int) else "ok"

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return sorted(pool.map(run, calls))


def _supervisors(world):  # noqa: ANN001, ANN202
    return world.supervisor, make_staff("sun", world.town, Role.SUPERVISOR, "孙监察")


@pytest.mark.parametrize("written", [True, False], ids=["swept", "derived"])
def test_two_supervisors_deciding_one_card_at_once_one_decision(world, written):
    """One confirms, the other dismisses, at the same moment: one decision stands, the other is refused with
    ``card_decided`` (409) — whether the card was already written by the sweep or only derived (then it is
    written once, by whichever comes first)."""
    accepted_case(world, handler=world.handler)
    if written:
        actions.sweep_all(TODAY, at(2026, 10, 12, 7))
    red = next(c for c in selectors.cards(world.supervisor, TODAY) if c.level == CardLevel.RED)
    assert (red.id is not None) == written
    first, second = _supervisors(world)
    outcomes = _race(
        [
            lambda: actions.decide_card(red.ref, "confirm", actor=first, reason="超期三日", today=TODAY),
            lambda: actions.decide_card(red.ref, "dismiss", actor=second, reason="系统故障", today=TODAY),
        ]
    )
    assert outcomes == ["409:card_decided", "ok"]
    records = list(CardRecord.objects.filter(level=CardLevel.RED))
    assert len(records) == 1
    record = records[0]
    assert (record.status, record.decided_by_id, record.decision_reason) in {
        (CardStatus.CONFIRMED, first.pk, "超期三日"),
        (CardStatus.DISMISSED, second.pk, "系统故障"),
    }


def test_two_sweeps_at_once_write_each_card_once(world):
    """Two sweeps of the same day at the same moment, on centers never swept before (no sweep mark yet):
    neither fails on the mark, each card is written once, and the two counts add up to what was written."""
    for _ in range(3):
        accepted_case(world, handler=world.handler)  # each red by 10-12: a yellow and a red card
    accepted_case(world, clerk=world.clerk2)  # 壬田镇's, red too
    assert not SweepMark.objects.exists()
    outcomes = _race([lambda: actions.sweep_all(TODAY), lambda: actions.sweep_all(TODAY)])
    assert outcomes == ["ok:0", "ok:8"]
    assert CardRecord.objects.count() == 8
    assert set(SweepMark.objects.values_list("day", flat=True)) == {TODAY}
    assert actions.sweep_all(TODAY) == 0


def test_a_sweep_and_a_decision_at_once(world):
    """A supervisor decides a derived card while the sweep writes it: one record, decided."""
    accepted_case(world, handler=world.handler)
    yellow = next(c for c in selectors.cards(world.supervisor, TODAY) if c.level == CardLevel.YELLOW)
    outcomes = _race(
        [
            lambda: actions.sweep_all(TODAY),
            lambda: actions.decide_card(
                yellow.ref, "confirm", actor=world.supervisor, reason="超期", today=TODAY
            ),
        ]
    )
    assert outcomes[0] == "ok" and outcomes[1] in {"ok:1", "ok:2"}
    assert CardRecord.objects.count() == 2
    assert CardRecord.objects.get(level=CardLevel.YELLOW).status == CardStatus.CONFIRMED
