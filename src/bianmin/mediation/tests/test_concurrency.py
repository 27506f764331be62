"""Two mediators recording the same party's signature at once: one is recorded, the other is told it is
already there; two disputes registered at once at one center get two numbers. The mediation's row lock
(and the center's, for numbers) serves them one after the other (PostgreSQL), as SQLite's write lock does."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections

from bianmin.lib.errors import DomainError
from bianmin.mediation import actions
from bianmin.mediation.models import Mediation, Signature
from bianmin.mediation.tests.conftest import dispute, drafted, later, mediated

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls: list[Any]) -> list[str]:
    barrier = threading.Barrier(len(calls))

    def run(call: Any) -> str:
        try:
            barrier.wait()
            call()
        except DomainError as err:
            return f"{err.status}:{err.code}"
        finally:
            connections.close_all()
        return "ok"

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return sorted(pool.map(run, calls))


def test_one_party_signed_twice_at_once_is_recorded_once(world: Any) -> None:
    m = mediated(world.clerk, dispute(world.clerk, mediators=[world.clerk.staff, world.handler.staff]))
    drafted(world.clerk, m)
    party = m.parties.all()[0]
    outcomes = _race(
        [
            lambda user=user: actions.sign(m, actor=user, parties=[party.pk], now=later(2, 1))
            for user in (world.clerk, world.handler)
        ]
    )
    assert outcomes == ["409:already_signed", "ok"]
    assert Signature.objects.filter(party=party).count() == 1


def test_two_disputes_registered_at_once_get_two_numbers(world: Any) -> None:
    outcomes = _race([lambda user=user: dispute(user) for user in (world.clerk, world.handler)])
    assert outcomes == ["ok", "ok"]
    assert sorted(Mediation.objects.values_list("number", flat=True)) == [
        "象湖镇调〔2026〕第001号",
        "象湖镇调〔2026〕第002号",
    ]
