"""The demo's outbox: the ledger harvested and delivered through recording channels, once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count

from bianmin.demo.build import build_demo
from bianmin.demo.history import build_history
from bianmin.demo.notify import LETTER_APPLICANT, build_notify
from bianmin.notify.models import DeliveryAttempt, Message

pytestmark = pytest.mark.django_db


def _outbox() -> list[Any]:
    return list(
        Message.objects.values_list("channel", "state").annotate(n=Count("id")).order_by("channel", "state")
    )


def test_the_outbox_shows_sent_failed_retried_letters_and_staff_notices_and_is_built_once() -> None:
    build_demo()
    build_history()
    build_notify()
    states = {(channel, state): n for channel, state, n in _outbox()}
    assert states[("sms", "sent")] > 10
    assert states[("sms", "failed")] == 1  # refused by the gateway for good: the page offers 重发
    assert ("sms", "pending") not in states  # everything due was delivered
    # one SMS failed once (the gateway busy) and went through after the backoff
    retried = Message.objects.get(attempts=2)
    assert [(a.number, a.ok) for a in retried.attempt_log.all()] == [(1, False), (2, True)]
    letter = Message.objects.get(channel="letter")
    assert letter.recipient == LETTER_APPLICANT and letter.kind == "result_ready" and letter.address
    before, attempts = _outbox(), DeliveryAttempt.objects.count()
    build_notify()
    assert _outbox() == before and DeliveryAttempt.objects.count() == attempts
