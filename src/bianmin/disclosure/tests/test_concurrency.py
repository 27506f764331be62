"""Two ``disclosure_publish`` runs at once for the same quarter (the quarterly cron and a second run by hand):
one snapshot per center, both runs answer without an error, and the one that lost the race reads the
winner's snapshot."""

from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections

from bianmin.disclosure.actions import publish_quarter
from bianmin.disclosure.models import Disclosure
from bianmin.disclosure.tests.conftest import NOW
from bianmin.lib.periods import parse_period

pytestmark = pytest.mark.django_db(transaction=True)
Q3 = parse_period("2026-Q3")


def _race(calls: list[Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))

    def run(call: Any) -> Any:
        try:
            barrier.wait()
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_two_publications_of_one_quarter_at_once_give_one_snapshot(world: Any, quarter: Any) -> None:
    outcomes = _race([lambda: publish_quarter(world.town, Q3, now=NOW) for _ in range(2)])
    snapshots = Disclosure.objects.filter(org=world.town, quarter="2026-Q3")
    assert snapshots.count() == 1
    # one run wrote it, the other answered with the same row
    assert sorted(created for _snapshot, created in outcomes) == [False, True]
    assert {snapshot.pk for snapshot, _created in outcomes} == {snapshots.get().pk}
    assert snapshots.get().row_count == 2


def _command() -> str:
    out = io.StringIO()
    call_command("disclosure_publish", "--quarter", "2026-Q3", stdout=out)
    return out.getvalue().strip()


def test_two_commands_at_once_publish_every_center_once(world: Any, quarter: Any, time_machine: Any) -> None:
    time_machine.move_to(NOW)
    outputs = _race([_command, _command])
    # 象湖镇, 壬田镇 and the county each concluded something in the quarter
    assert Disclosure.objects.filter(quarter="2026-Q3").count() == 3
    assert sorted(Disclosure.objects.values_list("org_id", flat=True)) == sorted(
        [world.county.pk, world.town.pk, world.town2.pk]
    )
    # between them, the two runs published each center once and found it published once
    written = sum(int(o.split(": ")[1].split(" ")[0]) for o in outputs)
    kept = sum(int(o.split(", ")[1].split(" ")[0]) for o in outputs)
    assert (written, kept) == (3, 3), outputs
