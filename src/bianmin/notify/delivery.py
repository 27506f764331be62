"""The worker's pass: lease a batch of due messages, hand each to its channel, log every attempt, retry
with exponential backoff, give up after ``NOTIFY_MAX_ATTEMPTS``.

At least once: a message is leased (``state=sending``, ``lease_until``) before it is sent and marked sent
after. A worker killed between the two leaves a leased message; when the lease runs out the next run takes it
again, so it may be sent twice but is never lost. Leasing is safe with several workers: on PostgreSQL the
batch is picked with ``select_for_update(skip_locked=True)``; on SQLite, where writes are serialised, a
conditional update claims only rows that are still due, and each worker then works only on the rows carrying
its own lease token.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from bianmin.notify.channels import Channel, DeliveryError, configured
from bianmin.notify.kinds import ChannelKind
from bianmin.notify.models import DeliveryAttempt, Message, MessageState


@dataclass
class PassResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _due(now: dt.datetime) -> Q:
    return Q(state=MessageState.PENDING, next_attempt_at__lte=now) | Q(
        state=MessageState.SENDING, lease_until__lt=now
    )


def claim(now: dt.datetime, limit: int, token: str) -> list[Message]:
    """Lease up to ``limit`` due messages (pending and due, or leased by a worker whose lease ran out)."""
    lease = {
        "state": MessageState.SENDING,
        "lease_until": now + dt.timedelta(seconds=settings.NOTIFY_LEASE_SECONDS),
        "lease_token": token,
    }
    due = (
        Message.objects.filter(_due(now)).exclude(channel=ChannelKind.INAPP).order_by("next_attempt_at", "id")
    )
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
            Message.objects.filter(pk__in=ids).update(**lease)
        else:
            ids = list(due.values_list("pk", flat=True)[:limit])
            Message.objects.filter(pk__in=ids).filter(_due(now)).update(**lease)
    return list(
        Message.objects.filter(lease_token=token, state=MessageState.SENDING).order_by(
            "next_attempt_at", "id"
        )
    )


def backoff(attempts: int) -> dt.timedelta:
    """Attempt n (1-based) failed: wait base·2^(n-1) seconds."""
    return dt.timedelta(seconds=settings.NOTIFY_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0))


def _record(
    message: Message,
    token: str,
    *,
    ok: bool,
    error: str,
    permanent: bool,
    receipt: str,
    at: dt.datetime,
    duration_ms: int,
    worker: str,
) -> str:
    number = message.attempts + 1
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            message=message,
            number=number,
            at=at,
            ok=ok,
            error=error[:300],
            provider_id=receipt[:100],
            duration_ms=duration_ms,
            worker=worker[:60],
        )
        if ok:
            # Delivered: even when our lease ran out meanwhile, so no other worker sends it again.
            Message.objects.filter(pk=message.pk).exclude(state=MessageState.SENT).update(
                state=MessageState.SENT,
                sent_at=at,
                attempts=number,
                lease_until=None,
                lease_token="",
                last_error="",
            )
            return MessageState.SENT
        gave_up = permanent or number >= settings.NOTIFY_MAX_ATTEMPTS
        state = MessageState.FAILED if gave_up else MessageState.PENDING
        Message.objects.filter(pk=message.pk, lease_token=token, state=MessageState.SENDING).update(
            state=state,
            attempts=number,
            lease_until=None,
            lease_token="",
            last_error=error[:300],
            next_attempt_at=at if gave_up else at + backoff(number),
        )
        return state


def send_due(
    *,
    now: dt.datetime | None = None,
    channels: Mapping[str, Channel] | None = None,
    batch: int | None = None,
    worker: str = "",
) -> PassResult:
    """One batch: lease, send, record. ``now`` fixes the clock (tests); otherwise each step reads it."""
    channels = channels or configured()
    worker = worker or f"{socket.gethostname()}:{os.getpid()}"
    token = uuid.uuid4().hex
    result = PassResult()
    claimed = claim(now or timezone.now(), batch or settings.NOTIFY_BATCH, token)
    result.claimed = len(claimed)
    for message in claimed:
        started = time.monotonic()
        ok, error, permanent, receipt = True, "", False, ""
        try:
            channel = channels.get(message.channel)
            if channel is None:
                raise DeliveryError(f"no channel {message.channel}", permanent=True)
            receipt = channel.send(message) or ""
        except DeliveryError as exc:
            ok, error, permanent = False, str(exc), exc.permanent
        except Exception as exc:  # noqa: BLE001 - a channel's bug must not stop the batch; logged, tried again
            ok, error = False, f"{type(exc).__name__}: {exc}"
        state = _record(
            message,
            token,
            ok=ok,
            error=error,
            permanent=permanent,
            receipt=receipt,
            at=now or timezone.now(),
            duration_ms=int((time.monotonic() - started) * 1000),
            worker=worker,
        )
        if state == MessageState.SENT:
            result.sent += 1
        elif state == MessageState.FAILED:
            result.failed += 1
            result.errors.append(f"{message.pk}: {error}")
        else:
            result.retried += 1
    return result


def send_all(
    *, now: dt.datetime | None = None, channels: Mapping[str, Channel] | None = None, batch: int | None = None
) -> PassResult:
    """Batches until nothing is due: one pass of the worker."""
    total = PassResult()
    while True:
        one = send_due(now=now, channels=channels, batch=batch)
        if one.claimed == 0:
            return total
        total.claimed += one.claimed
        total.sent += one.sent
        total.retried += one.retried
        total.failed += one.failed
        total.errors += one.errors
