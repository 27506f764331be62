"""Two leaders approving one extension request at once, two handlers asking at once: exactly one extension
(行政许可法 Art. 42 and 003 曾家镇: 延期…一次). The case row's lock serves them one after the other."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from bianmin.cases import actions
from bianmin.cases.models import Case, CaseEvent, NoticeType
from bianmin.cases.steps import Step
from bianmin.conftest import at, person
from bianmin.lib.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)
MATERIALS = ["居民身份证", "户口簿", "家庭收入证明"]


def _case(world) -> Case:  # noqa: ANN001
    case = actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=MATERIALS,
        now=at(2026, 9, 28),
    ).case
    actions.accept(case, actor=world.clerk, now=at(2026, 9, 28, 10, 5))
    return actions.assign(case, actor=world.clerk, handler=world.handler, now=at(2026, 9, 28, 10, 10)).case


def _race(calls):  # noqa: ANN001, ANN202
    barrier = threading.Barrier(len(calls))

    def run(call) -> str:  # noqa: ANN001
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


def test_two_simultaneous_approvals_give_one_extension(world):
    case = _case(world)
    actions.request_extension(case, actor=world.handler, days=5, reason="需入户调查", now=at(2026, 10, 12))
    outcomes = _race(
        [
            lambda: actions.approve_extension(case.number, actor=world.leader, now=at(2026, 10, 13)),
            lambda: actions.approve_extension(case.number, actor=world.director, now=at(2026, 10, 13)),
        ]
    )
    assert outcomes == ["409:no_pending_extension", "ok"]
    case.refresh_from_db()
    assert case.extended_days == 5 and case.extension_requested_days == 0
    assert case.notices.filter(type=NoticeType.EXTENSION).count() == 1
    assert CaseEvent.objects.filter(case=case, type=Step.APPROVE_EXTENSION).count() == 1


def test_two_simultaneous_requests_leave_one_pending(world):
    case = _case(world)
    outcomes = _race(
        [
            lambda: actions.request_extension(
                case.number, actor=world.handler, days=5, reason="甲", now=at(2026, 10, 12)
            ),
            lambda: actions.request_extension(
                case.number, actor=world.leader, days=3, reason="乙", now=at(2026, 10, 12)
            ),
        ]
    )
    assert outcomes == ["409:extension_pending", "ok"]
    assert CaseEvent.objects.filter(case=case, type=Step.REQUEST_EXTENSION).count() == 1
