"""Two uses against one single-use approval at once: exactly one is logged, the other is refused as
``approval_used`` and logged as an attempt (the request row is locked, then conditionally moved to used)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections

from bianmin.lib.errors import DomainError
from bianmin.seals import actions
from bianmin.seals.models import RequestState, SealAttempt, SealUse

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_uses_against_one_approval_at_once_log_exactly_one(sealed: Any) -> None:
    w = sealed
    req = actions.request_use(w.official, actor=w.clerk, purpose="出具证明", document="证明", impressions=1)
    actions.decide_request(req, actor=w.leader, approve=True)
    barrier = threading.Barrier(2)

    def use(_n: int) -> str:
        try:
            barrier.wait()
            actions.log_use(w.official, actor=w.director, impressions=1, request=req.pk)
            return "used"
        except DomainError as err:
            return err.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        got = sorted(pool.map(use, range(2)))
    assert got == ["approval_used", "used"]
    assert SealUse.objects.filter(request=req).count() == 1
    assert SealAttempt.objects.get().code == "approval_used"
    req.refresh_from_db()
    assert req.state == RequestState.USED
