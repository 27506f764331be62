"""enqueue: a message with its cause, once, by the channel the person can be reached by."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from bianmin.lib.errors import DomainError
from bianmin.notify import actions
from bianmin.notify.kinds import ChannelKind, MessageKind
from bianmin.notify.models import Message, MessageState
from bianmin.notify.tests.conftest import NOW


def test_enqueue_sms_and_email_once(world: Any) -> None:
    """A booking's SMS and e-mail: a second enqueue of the same cause adds nothing."""
    # given / when
    params = {"date": "2026-09-29", "time": "09:00", "item": "最低生活保障申请", "code": "K7Q2"}
    for _ in range(2):
        rows = actions.enqueue(
            MessageKind.APPOINTMENT_BOOKED,
            org=world.town,
            recipient_phone="13800001111",
            recipient_email="zhang@example.com",
            params=params,
            source="appointment:1:booked",
            now=NOW,
        )
    # then
    assert sorted(r.channel for r in rows) == [ChannelKind.EMAIL, ChannelKind.SMS]
    assert Message.objects.count() == 2
    sms = Message.objects.get(channel=ChannelKind.SMS)
    assert sms.state == MessageState.PENDING
    assert "象湖镇" in sms.body and "K7Q2" in sms.body and "{" not in sms.body


def test_enqueue_without_phone_is_a_letter(world: Any) -> None:
    """000 篇1 "以电话或上门回覆": no phone and no e-mail — a letter on the window's print list."""
    rows = actions.enqueue(
        MessageKind.COMPLAINT_REPLY,
        org=world.town,
        recipient_name="张三",
        address="象湖镇燕子村3组",
        params={"note": "已整改"},
        source="complaint:9:reply",
        now=NOW,
    )
    assert [r.channel for r in rows] == [ChannelKind.LETTER]
    assert rows[0].address == "象湖镇燕子村3组"


def test_enqueue_opted_out_phone_is_not_sent(world: Any) -> None:
    """退订: a number on the opt-out list gets its SMS recorded as not sent."""
    actions.record_opt_out("138 0000 2222", actor=world.clerk, now=NOW)
    rows = actions.enqueue(
        MessageKind.APPOINTMENT_REMINDER,
        org=world.town,
        recipient_phone="13800002222",
        params={},
        source="appointment:2:reminder",
        now=NOW,
    )
    assert rows[0].state == MessageState.SKIPPED


def test_enqueue_rolls_back_with_its_cause(world: Any) -> None:
    """The message exists exactly when its cause does: a cause that fails takes its message with it."""
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.enqueue(
            MessageKind.APPOINTMENT_BOOKED,
            org=world.town,
            recipient_phone="13800001111",
            params={},
            source="appointment:3:booked",
            now=NOW,
        )
        raise RuntimeError("the booking failed")
    assert not Message.objects.exists()


def test_enqueue_refuses_unknown_kind_and_nobody(world: Any) -> None:
    with pytest.raises(DomainError) as err:
        actions.enqueue(
            "party", org=world.town, recipient_phone="13800001111", params={}, source="x", now=NOW
        )
    assert err.value.code == "unknown_message_kind"
    with pytest.raises(DomainError) as err:
        actions.enqueue(MessageKind.OTHER, org=world.town, params={}, source="y", now=NOW)
    assert err.value.code == "no_recipient"
