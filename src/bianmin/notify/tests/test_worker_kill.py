"""The worker killed mid-batch loses nothing (issue 13 item 4: "no message lost when the worker is killed
mid-batch"): a real ``bianmin notify_send --forever`` process against a slow local SMS gateway, SIGKILLed
while its batch is leased, then started again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from bianmin.notify import actions
from bianmin.notify.kinds import MessageKind
from bianmin.notify.models import DeliveryAttempt, Message, MessageState
from bianmin.notify.tests.servers import sms_gateway

MESSAGES = 12
BATCH = 5
LEASE = 3  # seconds: long enough for one batch at the gateway's pace, short enough to wait out
DELAY = 0.25  # the gateway's answer time per SMS


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _worker(url: str, var_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **{k: v for k, v in os.environ.items() if k != "BIANMIN_TEST_DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "bianmin.settings",
        "DATABASE_URL": _database_url(),
        "BIANMIN_VAR_DIR": str(var_dir),
        "BIANMIN_NOTIFY_SMS_URL": url,
        "BIANMIN_NOTIFY_SMS_SECRET": "s3cret",
        "BIANMIN_NOTIFY_SMS_TIMEOUT": "5",
        "BIANMIN_NOTIFY_LEASE_SECONDS": str(LEASE),
        "BIANMIN_NOTIFY_BACKOFF_SECONDS": "1",
    }
    command = [sys.executable, "-m", "bianmin.cli", "notify_send", "--forever", "--no-harvest"]
    command += ["--sleep", "0", "--batch", str(BATCH)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_no_message(world: Any, tmp_path: Path) -> None:
    """SIGKILL while a batch is leased: the killed worker's leases run out, the next worker takes them again,
    and every message reaches the gateway at least once; the delivery log shows who sent what, when."""
    now = timezone.now()
    for i in range(MESSAGES):
        actions.enqueue(
            MessageKind.RESULT_READY,
            org=world.town,
            recipient_phone=f"1390000{i:04d}",
            params={"number": f"N{i}", "item": "低保"},
            source=f"test:{i}:ready",
            now=now,
        )
    ids = set(Message.objects.values_list("pk", flat=True))
    assert len(ids) == MESSAGES

    with sms_gateway(["slow"], delay=DELAY) as (gateway, url):
        first = _worker(url, tmp_path)
        try:
            # mid-batch: two messages of the first batch sent and logged, the rest of it still leased
            _wait(lambda: DeliveryAttempt.objects.filter(ok=True).count() >= 2, 30, "the first sends")
        finally:
            os.kill(first.pid, signal.SIGKILL)
            first.wait(10)
        assert first.returncode == -signal.SIGKILL
        killed_worker = DeliveryAttempt.objects.values_list("worker", flat=True).first() or ""
        assert killed_worker.endswith(f":{first.pid}")
        stuck = {
            m.pk: m.lease_until
            for m in Message.objects.filter(state=MessageState.SENDING).exclude(lease_token="")
        }
        assert stuck, "the kill should leave leased messages behind"
        assert all(until is not None and until > now for until in stuck.values())

        second = _worker(url, tmp_path)
        try:
            _wait(
                lambda: Message.objects.filter(state=MessageState.SENT).count() == MESSAGES,
                60,
                "every message sent",
            )
        finally:
            second.send_signal(signal.SIGTERM)  # stops after its batch
            second.wait(20)
        assert second.returncode == 0, second.stderr.read().decode() if second.stderr else ""
        received = [int(p["outId"]) for p in gateway.received]

    # none lost: every message reached the gateway at least once (the one in flight at the kill maybe twice)
    assert set(received) == ids
    assert len(received) - len(set(received)) <= 1
    assert Message.objects.exclude(state=MessageState.SENT).count() == 0
    assert not Message.objects.exclude(lease_token="").exists()
    # the killed worker's leases ran out and the new worker took them again
    for pk, until in stuck.items():
        attempt = DeliveryAttempt.objects.get(message_id=pk)
        assert attempt.ok and attempt.worker.endswith(f":{second.pid}")
        assert until is not None and attempt.at >= until
    # the log: one successful attempt per message, numbered 1, by one of the two workers
    log = list(DeliveryAttempt.objects.values_list("message_id", "number", "ok", "worker"))
    assert sorted(m for m, *_ in log) == sorted(ids)
    assert {(n, ok) for _m, n, ok, _w in log} == {(1, True)}
    assert {w for *_, w in log} == {killed_worker, f"{killed_worker.rsplit(':', 1)[0]}:{second.pid}"}
    assert Message.objects.get(pk=next(iter(stuck))).attempts == 1
