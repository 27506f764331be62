"""The worker: each channel against a real local server, retries with backoff, the delivery log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.mail import get_connection

from bianmin.notify import actions, delivery
from bianmin.notify.channels import Channel, EmailChannel, HttpSmsGateway, LetterChannel
from bianmin.notify.kinds import ChannelKind, MessageKind
from bianmin.notify.models import DeliveryAttempt, Message, MessageState
from bianmin.notify.tests.conftest import NOW
from bianmin.notify.tests.servers import sms_gateway, smtp_server


def _sms(world: Any, n: int = 1, phone: str = "1380000{:04d}") -> list[Message]:
    out = []
    for i in range(n):
        out += actions.enqueue(
            MessageKind.APPOINTMENT_REMINDER,
            org=world.town,
            recipient_phone=phone.format(i),
            params={"date": "2026-09-29", "time": "09:00", "item": "低保", "code": f"C{i}"},
            source=f"appointment:{i}:reminder",
            now=NOW,
        )
    return out


def _channels(url: str, timeout: float = 2.0) -> dict[str, Any]:
    return {
        ChannelKind.SMS: HttpSmsGateway(
            url=url, key="k1", secret="s3cret", sign_name="象湖镇便民服务中心", timeout=timeout
        ),
        ChannelKind.EMAIL: EmailChannel(),
        ChannelKind.LETTER: LetterChannel(),
    }


def test_sms_through_the_gateway_with_template_id_and_parameters(world: Any) -> None:
    """The gateway gets the registered template's id, its parameters and the signature, signed."""
    actions.save_template(
        world.town,
        MessageKind.APPOINTMENT_REMINDER,
        actor=world.director,
        body="提醒：{date} {time} 办理“{item}”，预约码{code}。",
        gateway_template="SMS_270001",
        now=NOW,
    )
    [message] = _sms(world)
    with sms_gateway(["ok"]) as (gateway, url):
        result = delivery.send_all(now=NOW, channels=_channels(url))
    assert (result.sent, gateway.bad_signatures) == (1, 0)
    [got] = gateway.received
    assert got["templateCode"] == "SMS_270001" and got["templateParam"]["code"] == "C0"
    assert got["phone"] == "13800000000" and got["signName"] == "象湖镇便民服务中心"
    assert got["content"] == "提醒：2026-09-29 09:00 办理“低保”，预约码C0。"
    message.refresh_from_db()
    assert message.state == MessageState.SENT and message.attempts == 1
    assert message.attempt_log.get().provider_id == f"biz-{message.pk}"


def test_gateway_500_is_retried_with_backoff(world: Any, settings: Any) -> None:
    """A 500 is tried again after the backoff (base·2^(n-1)), and the second try delivers it; the log holds
    both attempts."""
    settings.NOTIFY_BACKOFF_SECONDS = 60
    [message] = _sms(world)
    with sms_gateway(["500", "ok"]) as (gateway, url):
        first = delivery.send_all(now=NOW, channels=_channels(url))
        message.refresh_from_db()
        assert (first.retried, message.state, message.next_attempt_at) == (
            1,
            MessageState.PENDING,
            NOW + dt.timedelta(seconds=60),
        )
        # not due yet 59 seconds later
        assert delivery.send_all(now=NOW + dt.timedelta(seconds=59), channels=_channels(url)).claimed == 0
        second = delivery.send_all(now=NOW + dt.timedelta(seconds=60), channels=_channels(url))
    message.refresh_from_db()
    assert second.sent == 1 and message.state == MessageState.SENT and len(gateway.received) == 1
    assert [(a.number, a.ok, a.error) for a in message.attempt_log.all()] == [
        (1, False, "HTTP 500"),
        (2, True, ""),
    ]


def test_gateway_timeout_is_retried_then_fails_after_the_last_attempt(world: Any, settings: Any) -> None:
    """A gateway that does not answer in time is tried again; after NOTIFY_MAX_ATTEMPTS the message fails."""
    settings.NOTIFY_MAX_ATTEMPTS, settings.NOTIFY_BACKOFF_SECONDS = 2, 10
    [message] = _sms(world)
    with sms_gateway(["hang"]) as (_gateway, url):
        delivery.send_all(now=NOW, channels=_channels(url, timeout=0.3))
        message.refresh_from_db()
        assert message.state == MessageState.PENDING and "timed out" in message.last_error.lower()
        last = delivery.send_all(now=NOW + dt.timedelta(seconds=10), channels=_channels(url, timeout=0.3))
    message.refresh_from_db()
    assert last.failed == 1 and message.state == MessageState.FAILED and message.attempts == 2
    # nothing more is tried
    assert (
        delivery.send_all(now=NOW + dt.timedelta(days=1), channels=_channels("http://127.0.0.1:9/")).claimed
        == 0
    )


def test_gateway_400_fails_at_once(world: Any) -> None:
    """A refused request (a wrong number) cannot get better by trying again."""
    [message] = _sms(world)
    with sms_gateway(["400"]) as (_gateway, url):
        delivery.send_all(now=NOW, channels=_channels(url))
    message.refresh_from_db()
    assert message.state == MessageState.FAILED and message.attempts == 1


def test_email_through_a_real_smtp_server(world: Any, settings: Any) -> None:
    """E-mail goes out through Django's SMTP backend; a recipient the server refuses fails for good."""
    rows = actions.enqueue(
        MessageKind.APPOINTMENT_BOOKED,
        org=world.town,
        recipient_email="zhang@example.com",
        params={"code": "K7Q2", "date": "2026-09-29", "time": "09:00", "item": "低保"},
        source="appointment:1:booked",
        now=NOW,
    )
    actions.enqueue(
        MessageKind.APPOINTMENT_BOOKED,
        org=world.town,
        recipient_email="ghost@nowhere.invalid",
        params={},
        source="appointment:2:booked",
        now=NOW,
    )
    with smtp_server() as (inbox, port):
        smtp = get_connection(
            "django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=port, timeout=5
        )
        channels: dict[str, Channel] = {ChannelKind.EMAIL: EmailChannel(connection=smtp)}
        result = delivery.send_all(now=NOW, channels=channels)
    assert (result.sent, result.failed) == (1, 1)
    [envelope] = inbox.messages
    assert envelope.rcpt_tos == ["zhang@example.com"]
    text = envelope.content.decode()
    assert "Subject:" in text
    assert Message.objects.get(pk=rows[0].pk).state == MessageState.SENT
    assert Message.objects.get(recipient="ghost@nowhere.invalid").state == MessageState.FAILED


def test_letter_goes_on_the_print_list_until_printed(world: Any) -> None:
    """Those without a phone: the letter is on the window's print list until the clerk prints it."""
    from bianmin.notify.selectors import print_list

    [letter] = actions.enqueue(
        MessageKind.COMPLAINT_REPLY,
        org=world.town,
        recipient_name="张三",
        address="燕子村3组",
        params={"note": "已整改"},
        source="complaint:1:reply",
        now=NOW,
    )
    delivery.send_all(now=NOW, channels={ChannelKind.LETTER: LetterChannel()})
    assert list(print_list(world.clerk)) == [letter]
    assert list(print_list(world.clerk2)) == []  # another town's clerk does not see it
    actions.mark_printed(letter, actor=world.clerk, now=NOW)
    assert not print_list(world.clerk).exists()


def test_opt_out_by_reply_keyword_stops_pending_sms(world: Any) -> None:
    """退订: "TD" from the citizen records the opt-out; their pending SMS are not sent."""
    [message] = _sms(world)
    assert actions.record_reply("13800000000", "我要问一下", now=NOW) is None
    assert actions.record_reply("13800000000", " td ", now=NOW) is not None
    message.refresh_from_db()
    assert message.state == MessageState.SKIPPED
    assert delivery.send_all(now=NOW, channels={}).claimed == 0


def test_a_channel_bug_does_not_stop_the_batch(world: Any) -> None:
    """An unexpected error in a channel is logged and tried again; the other messages still go."""

    class Flaky:
        def send(self, message: Message) -> str:
            if message.recipient.endswith("0000"):
                raise RuntimeError("boom")
            return "ok"

    _sms(world, 3)
    result = delivery.send_all(now=NOW, channels={ChannelKind.SMS: Flaky()})
    assert (result.sent, result.retried) == (2, 1)
    assert DeliveryAttempt.objects.filter(ok=False, error__startswith="RuntimeError").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_lease_the_same_message(world: Any) -> None:
    """Two workers at once: every message is sent exactly once (each leases its own rows)."""
    import threading

    from django.db import connections

    _sms(world, 12)
    seen: list[str] = []
    lock = threading.Lock()

    class Slow:
        def send(self, message: Message) -> str:
            with lock:
                seen.append(message.recipient)
            return "ok"

    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait()
            delivery.send_all(now=NOW, channels={ChannelKind.SMS: Slow()}, batch=3)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 12
    assert Message.objects.filter(state=MessageState.SENT).count() == 12
