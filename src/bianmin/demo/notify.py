"""The demo's outbox (通知): the ledger built above read by the harvest, as the worker would on its first
run, and every due message delivered through stand-in channels that record instead of calling out (no SMS
gateway or mail server is needed for the demo): most sent, one SMS refused by the gateway for good (failed,
with the retry button), one that failed once and went through on the retry after the backoff, and letters on
the print list for applicants without a phone. The urging and its replies reach their staff in the counter.

Idempotent: the harvest's cursor and the messages' uniqueness mean a second run adds only what is new.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db.models import Max
from django.utils import timezone

from bianmin.cases import actions as case_actions
from bianmin.cases.models import Case, CaseEvent
from bianmin.catalog.models import ServiceItem
from bianmin.demo.history import _all_mandatory, _at, _valid
from bianmin.notify import delivery, harvest
from bianmin.notify.channels import Channel, DeliveryError, EmailChannel, LetterChannel, LocmemSms
from bianmin.notify.kinds import ChannelKind
from bianmin.notify.models import Cursor, DeliveryAttempt, Message, MessageState

LETTER_APPLICANT = "赖冬妹"


class _Staged:
    """The gateway's two misbehaviours, each on one message: busy on its first try (HTTP 503, tried again
    after the backoff), and a number it refuses for good."""

    def __init__(self, inner: Channel, busy: int | None, refused: int | None) -> None:
        self.inner, self.busy, self.refused, self.tried = inner, busy, refused, False

    def send(self, message: Message) -> str:
        if message.pk == self.refused:
            raise DeliveryError("gateway refused: isv.MOBILE_NUMBER_ILLEGAL", permanent=True)
        if message.pk == self.busy and not self.tried:
            self.tried = True
            raise DeliveryError("HTTP 503")
        return self.inner.send(message)


def _letter_case() -> None:
    """An applicant of 85 without a phone (高龄津贴 at 象湖镇): accepted, handled and concluded today, so the
    result-ready notice is a letter on the window's print list (000 篇1 "以电话或上门回覆")."""
    if Case.objects.filter(applicant_name=LETTER_APPLICANT).exists():
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["clerk", "handler"])}
    if len(users) < 2:
        return
    item = ServiceItem.objects.get(code="MZ004")
    today = timezone.localdate()
    case = case_actions.register(
        actor=users["clerk"],
        item_code="MZ004",
        received_materials=_all_mandatory(item),
        applicant={
            "kind": "person",
            "name": LETTER_APPLICANT,
            "id_number": _valid("36078119410312002"),
            "address": "象湖镇燕子村五组12号",
        },
        now=_at(today, 20),
    ).case
    case_actions.accept(case, actor=users["clerk"], now=_at(today, 25))
    case_actions.assign(case, actor=users["clerk"], handler=users["handler"], now=_at(today, 30))
    case_actions.conclude(case, actor=users["handler"], result="granted", now=_at(today, 150))


def build_notify() -> dict[str, int]:
    _letter_case()
    # The demo's day is played out in full (its steps stamped at today's working hours, some still ahead of
    # the real clock): the worker's clock is set past its last step, as it will be by evening.
    last = CaseEvent.objects.order_by("-at").values_list("at", flat=True).first()
    settled = dt.timedelta(seconds=settings.NOTIFY_SETTLE_SECONDS + 1)
    now = max(timezone.now(), last + settled) if last is not None else timezone.now()
    first_run = not Cursor.objects.filter(name=harvest.CURSOR).exists()
    read = harvest.harvest_all(now=now, start=0 if first_run else None)
    # The gateway's two misbehaviours are staged once, on the first delivery (a later run sends normally).
    staged = DeliveryAttempt.objects.filter(ok=False).exists()
    due = Message.objects.filter(channel=ChannelKind.SMS, state=MessageState.PENDING, attempts=0)
    ids = [] if staged else list(due.order_by("id").values_list("pk", flat=True)[:2])
    channels: dict[str, Channel] = {
        ChannelKind.SMS: _Staged(LocmemSms(), *(ids + [None, None])[:2]),
        ChannelKind.EMAIL: EmailChannel(get_connection("django.core.mail.backends.locmem.EmailBackend")),
        ChannelKind.LETTER: LetterChannel(),
    }
    # messages of other causes stamped later in the day (bookings) are due by then too
    latest = Message.objects.filter(state=MessageState.PENDING).aggregate(at=Max("next_attempt_at"))["at"]
    now = max(now, latest) if latest is not None else now
    first = delivery.send_all(now=now, channels=channels)
    # the busy one, tried again once its backoff has passed
    later = now + dt.timedelta(seconds=settings.NOTIFY_BACKOFF_SECONDS)
    second = delivery.send_all(now=later, channels=channels)
    return {"read": read, "sent": first.sent + second.sent, "failed": first.failed + second.failed}
