"""The harvest: the case ledger read with a stored cursor; the messages each step requires, once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.cases import actions as cases
from bianmin.conftest import at, person
from bianmin.notify import harvest
from bianmin.notify.kinds import ChannelKind, MessageKind
from bianmin.notify.models import Cursor, Message

MATERIALS = ["居民身份证", "户口簿", "家庭收入证明"]
LATER = at(2026, 10, 20, 9)


def _case(world: Any, **applicant: Any) -> Any:
    case = cases.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(**applicant),
        received_materials=MATERIALS,
        now=at(2026, 9, 28, 9),
    ).case
    cases.accept(case, actor=world.clerk, now=at(2026, 9, 28, 9, 30))
    return cases.assign(case, actor=world.clerk, handler=world.handler, now=at(2026, 9, 28, 10)).case


def test_case_steps_become_messages_once(world: Any) -> None:
    """受理 tells the applicant the number and the due date; 办结 tells them to collect the result
    (000 篇1 "以电话或上门回覆"); a harvest run again creates nothing twice."""
    # given: a cursor before the case, and a case accepted and concluded
    harvest.harvest(now=LATER, start=0)
    case = _case(world, phone="13800001111")
    cases.conclude(case, actor=world.handler, result="granted", now=at(2026, 9, 30, 15))
    # when
    harvest.harvest_all(now=LATER)
    Cursor.objects.filter(name=harvest.CURSOR).update(position=0)
    harvest.harvest_all(now=LATER)
    # then
    sent = Message.objects.filter(case_number=case.number).order_by("id")
    assert [(m.kind, m.channel, m.recipient) for m in sent] == [
        (MessageKind.ACCEPTANCE, ChannelKind.SMS, "13800001111"),
        (MessageKind.RESULT_READY, ChannelKind.SMS, "13800001111"),
    ]
    assert case.number in sent[0].body and "2026-10-" in sent[0].body  # the due date of the 受理通知书
    assert sent[1].event is not None and sent[1].event.type == "conclude"


def test_one_time_notice_lists_the_missing_materials(world: Any) -> None:
    """一次性告知: the SMS names every missing material, as the notice does."""
    harvest.harvest(now=LATER, start=0)
    case = cases.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(phone="13800003333"),
        received_materials=MATERIALS[:1],
        now=at(2026, 9, 28, 9),
    ).case
    cases.notify_missing(case, actor=world.clerk, now=at(2026, 9, 28, 9, 10))
    harvest.harvest_all(now=LATER)
    message = Message.objects.get(kind=MessageKind.ONE_TIME)
    assert "户口簿" in message.body and "家庭收入证明" in message.body


def test_no_phone_result_becomes_a_letter_but_acceptance_does_not(world: Any) -> None:
    """Without a phone the result-ready notice is a letter on the print list; the 受理通知书 was handed over
    at the window, so acceptance prints nothing."""
    harvest.harvest(now=LATER, start=0)
    case = _case(world, phone="")
    cases.conclude(case, actor=world.handler, result="granted", now=at(2026, 9, 30, 15))
    harvest.harvest_all(now=LATER)
    assert [(m.kind, m.channel) for m in Message.objects.all()] == [
        (MessageKind.RESULT_READY, ChannelKind.LETTER)
    ]


def test_urging_and_its_reply_notify_staff_in_app(world: Any) -> None:
    """000 篇2 帶班領導: 督办 reaches the handler, the 督办回复 the leader who urged, in the counter."""
    harvest.harvest(now=LATER, start=0)
    case = _case(world, phone="13800001111")
    cases.urge(case, actor=world.leader, note="请加快办理", now=at(2026, 9, 29, 9))
    cases.reply_urge(case, actor=world.handler, note="已联系申请人补充", now=at(2026, 9, 29, 15))
    harvest.harvest_all(now=LATER)
    urged = Message.objects.get(kind=MessageKind.URGED)
    replied = Message.objects.get(kind=MessageKind.URGE_REPLIED)
    assert urged.staff is not None and replied.staff is not None
    assert (urged.channel, urged.staff.user, urged.state) == (ChannelKind.INAPP, world.handler, "sent")
    assert replied.staff.user == world.leader and "已联系申请人补充" in replied.body


def test_cursor_waits_for_an_unsettled_event(world: Any, settings: Any) -> None:
    """An event not yet settled stops the harvest there: an id handed out before a slower transaction
    commits is not passed over."""
    settings.NOTIFY_SETTLE_SECONDS = 60
    harvest.harvest(now=LATER, start=0)
    case = _case(world, phone="13800001111")
    accepted = case.events.get(type="accept")
    # when: the clock stands 30 seconds after the acceptance
    harvest.harvest_all(now=accepted.at + dt.timedelta(seconds=30))
    # then: the register event before it is read, the acceptance not yet
    assert Cursor.objects.get(name=harvest.CURSOR).position < accepted.pk
    assert not Message.objects.exists()
    harvest.harvest_all(now=accepted.at + dt.timedelta(seconds=61))
    assert Message.objects.filter(kind=MessageKind.ACCEPTANCE).count() == 1


def test_first_run_starts_after_the_ledger(world: Any) -> None:
    """A new outbox does not tell people about steps taken before it existed."""
    _case(world, phone="13800001111")
    harvest.harvest_all(now=LATER)
    assert not Message.objects.exists()
