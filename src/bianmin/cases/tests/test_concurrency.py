"""Several clerks at once: gap-free numbers and one winner per transition, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.conftest import make_staff, person
from bianmin.lib.errors import DomainError
from bianmin.orgs.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)
MATERIALS = ["居民身份证", "户口簿", "家庭收入证明"]


def _in_thread(fn):  # noqa: ANN001, ANN202
    def run(*args):  # noqa: ANN002, ANN202
        try:
            return fn(*args)
        finally:
            connections.close_all()

    return run


def test_fifty_concurrent_registrations_get_numbers_0001_to_0050(world):
    barrier = threading.Barrier(10)

    @_in_thread
    def register(i: int) -> str:
        if i < 10:
            barrier.wait()
        return actions.register(
            actor=world.clerk, item_code="MZ001", applicant=person(), received_materials=MATERIALS
        ).case.number

    with ThreadPoolExecutor(max_workers=10) as pool:
        numbers = list(pool.map(register, range(50)))
    seqs = sorted(int(n[-4:]) for n in numbers)
    assert seqs == list(range(1, 51))
    assert len(set(numbers)) == 50
    assert Case.objects.count() == 50


def test_two_clerks_accepting_the_same_case_at_once_one_gets_a_conflict(world):
    other = make_staff("sun", world.town, Role.CLERK, "孙窗口", {world.mz: "B"})
    case = actions.register(
        actor=world.clerk, item_code="MZ001", applicant=person(), received_materials=MATERIALS
    ).case
    barrier = threading.Barrier(2)

    @_in_thread
    def accept(user) -> str:  # noqa: ANN001
        barrier.wait()
        try:
            actions.accept(case.number, actor=user)
        except DomainError as err:
            return f"{err.status}:{err.code}"
        return "ok"

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(accept, [world.clerk, other]))
    assert outcomes == ["409:invalid_state", "ok"]
    case.refresh_from_db()
    assert case.event_count == 2
    assert case.notices.count() == 1
