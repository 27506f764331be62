"""Every notice the rules require becomes a message: the case steps not covered by ``test_harvest``
(extension, rejection, mailed result) and a complaint's reply."""

from __future__ import annotations

from typing import Any

from bianmin.cases import actions as cases
from bianmin.complaints import actions as complaints
from bianmin.conftest import at, person
from bianmin.notify import harvest
from bianmin.notify.kinds import ChannelKind, MessageKind
from bianmin.notify.models import Message, MessageState

MATERIALS = ["居民身份证", "户口簿", "家庭收入证明"]
LATER = at(2026, 10, 30, 9)


def _register(world: Any, item: str = "MZ001", **extra: Any) -> Any:
    return cases.register(
        actor=world.clerk,
        item_code=item,
        applicant=person(phone="13800002222"),
        received_materials=MATERIALS,
        now=at(2026, 9, 28, 9),
        **extra,
    ).case


def test_approved_extension_tells_the_new_due_date(world: Any) -> None:
    """行政许可法 Art. 42 / 003 曾家镇 (出具延期办结通知书): the approved extension reaches the applicant with
    the days and the new due date; the request alone tells nobody."""
    harvest.harvest(now=LATER, start=0)
    case = cases.accept(_register(world), actor=world.clerk, now=at(2026, 9, 28, 9, 30)).case
    cases.request_extension(case, actor=world.clerk, days=5, reason="需入户调查", now=at(2026, 9, 29))
    harvest.harvest_all(now=LATER)
    assert not Message.objects.filter(kind=MessageKind.EXTENSION).exists()
    extended = cases.approve_extension(case, actor=world.leader, now=at(2026, 9, 29, 10)).case
    harvest.harvest_all(now=LATER)
    message = Message.objects.get(kind=MessageKind.EXTENSION)
    assert (message.channel, message.recipient) == (ChannelKind.SMS, "13800002222")
    assert extended.due_date is not None
    assert "5个工作日" in message.body and extended.due_date.isoformat() in message.body


def test_rejection_gives_the_reason(world: Any) -> None:
    """行政许可法 Art. 32 (不予受理 with its written reason): the SMS carries the reason."""
    harvest.harvest(now=LATER, start=0)
    cases.reject(
        _register(world), actor=world.clerk, reason="不属于本中心受理范围", now=at(2026, 9, 28, 9, 5)
    )
    harvest.harvest_all(now=LATER)
    message = Message.objects.get(kind=MessageKind.REJECTION)
    assert "不属于本中心受理范围" in message.body and message.state == MessageState.PENDING


def test_a_mailed_result_is_told_with_its_tracking_number_not_as_ready_to_collect(world: Any) -> None:
    """邮寄送达: a result posted to the applicant is announced with the tracking number when it is posted;
    the "come and collect" notice is not sent for it."""
    harvest.harvest(now=LATER, start=0)
    mail = {"address": "象湖镇燕子村七组18号", "recipient": "张三", "phone": "13800002222"}
    case = _register(world, item="ZH001", mail=mail)
    cases.accept(case, actor=world.clerk, now=at(2026, 9, 28, 9, 30))
    cases.conclude(case, actor=world.clerk, result="granted", now=at(2026, 9, 29, 9))
    cases.dispatch_mail(case, actor=world.clerk, tracking_number="EA123456789CN", now=at(2026, 9, 29, 10))
    harvest.harvest_all(now=LATER)
    kinds = list(Message.objects.filter(case_number=case.number).values_list("kind", flat=True))
    assert MessageKind.RESULT_MAILED in kinds and MessageKind.RESULT_READY not in kinds
    mailed = Message.objects.get(kind=MessageKind.RESULT_MAILED)
    assert "EA123456789CN" in mailed.body


def test_complaint_reply_is_told_by_sms_in_the_reply_transaction(world: Any) -> None:
    """七 (投诉答复): the complainant with a phone is told the answer is there; once per complaint."""
    complaint = complaints.receive_complaint(
        actor=world.clerk,
        org=world.town,
        channel="phone",
        content="民政窗口工作人员态度生硬",
        complainant_name="张三",
        complainant_phone="13800001234",
        now=at(2026, 3, 2, 9),
    )
    assert not Message.objects.exists()
    complaints.reply_complaint(
        complaint, actor=world.leader, text="已核实，向您致歉", mode="phone", now=at(2026, 3, 2, 15)
    )
    message = Message.objects.get()
    assert (message.kind, message.channel, message.recipient) == (
        MessageKind.COMPLAINT_REPLY,
        ChannelKind.SMS,
        "13800001234",
    )
    assert message.source == f"complaint:{complaint.pk}:reply" and "已核实，向您致歉" in message.body
