"""邮寄送达 at the counter, page by page: the intake offers delivery by post, the concluded case's page offers
寄出 (tracking number, carrier) and then 签收 (signer, day); the case's timeline shows both and the applicant
gets the RESULT_MAILED SMS from the notify harvest. Refusals come back on the page with their message and
change nothing. (行政许可法 Art. 44; DESIGN.md "delivered … who collected it is recorded".)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from bianmin.cases import actions
from bianmin.cases.models import Case, CaseEvent, CaseState
from bianmin.cases.steps import Step
from bianmin.cases.tests.test_mail_delivery import ALL_MANDATORY, POST
from bianmin.conftest import VALID_ID
from bianmin.notify.harvest import harvest_all
from bianmin.notify.kinds import MessageKind
from bianmin.notify.models import Message

INTAKE = "/counter/intake/"


def page_of(case: Case, action: str = "") -> str:
    return f"/counter/cases/{case.number}/" + (f"{action}/" if action else "")


def intake_body() -> dict[str, Any]:
    from bianmin.catalog.models import ServiceItem

    item = ServiceItem.objects.get(code="MZ001")
    assert item.current is not None
    received = [str(m.pk) for m in item.current.materials.all() if m.name in ALL_MANDATORY]
    return {
        "item": "MZ001",
        "applicant_kind": "person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13800000000",
        "address": "象湖镇解放路1号",
        "channel": "window",
        "received": received,
        "decision": "register",
        "mail_address": POST["address"],
        "mail_recipient": POST["recipient"],
        "mail_phone": POST["phone"],
    }


def concluded_by_post(world: Any, client: Any) -> Case:
    client.force_login(world.clerk)
    offered = client.get(INTAKE, {"item": "MZ001"}).content.decode()
    assert "邮寄送达（可选）" in offered and 'name="mail_address"' in offered
    assert client.post(f"{INTAKE}?item=MZ001", intake_body()).status_code == 302
    case = Case.objects.get()
    assert (case.mail_address, case.mail_recipient, case.mail_phone) == tuple(POST.values())
    actions.accept(case, actor=world.clerk)
    actions.assign(case, actor=world.clerk, handler=world.handler)
    return actions.conclude(case, actor=world.handler, result="granted").case


def test_post_chosen_at_intake_dispatched_and_signed_for_through_the_pages(world: Any, client: Any) -> None:
    case = concluded_by_post(world, client)
    client.force_login(world.clerk)
    page = client.get(page_of(case)).content.decode()
    assert 'id="action-dispatch_mail"' in page and POST["address"] in page
    # 寄出: the tracking number and the carrier
    sent = client.post(
        page_of(case, "dispatch_mail"), {"tracking_number": "EA123456789CN", "carrier": "中国邮政"}
    )
    assert sent.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.mail_tracking_number, case.mail_carrier) == (
        CaseState.CONCLUDED,
        "EA123456789CN",
        "中国邮政",
    )
    # 签收: the signer and the day, recorded by the case's deliver
    today = timezone.localdate()
    signed = client.post(
        page_of(case, "deliver"), {"method": "mail", "collected_by": "张三", "signed_on": today.isoformat()}
    )
    assert signed.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.delivery_method, case.collected_by, case.mail_signed_on) == (
        CaseState.DELIVERED,
        "mail",
        "张三",
        today,
    )
    # the ledger holds both steps, and the case's page shows them
    dispatch = case.events.get(type=Step.DISPATCH_MAIL)
    delivery = case.events.get(type=Step.DELIVER)
    assert dispatch.data["tracking_number"] == "EA123456789CN"
    assert delivery.data == {
        "method": "mail",
        "collected_by": "张三",
        "signed_on": today.isoformat(),
        "tracking_number": "EA123456789CN",
    }
    timeline = client.get(page_of(case)).content.decode()
    assert str(Step.DISPATCH_MAIL.label) in timeline and "EA123456789CN" in timeline
    # the notify harvest turns the dispatch into the SMS with the tracking number
    harvest_all(now=timezone.now() + dt.timedelta(minutes=5), start=dispatch.pk - 1)
    sms = Message.objects.get(kind=MessageKind.RESULT_MAILED)
    assert sms.recipient == "13800000000" and "EA123456789CN" in sms.body and case.number in sms.body


def test_refusals_on_the_pages_change_nothing(world: Any, client: Any) -> None:
    case = concluded_by_post(world, client)
    client.force_login(world.clerk)
    events = CaseEvent.objects.count()
    # 签收 before 寄出
    early = client.post(
        page_of(case, "deliver"),
        {"method": "mail", "collected_by": "张三", "signed_on": timezone.localdate().isoformat()},
    )
    assert early.status_code == 409 and "寄出" in early.content.decode()
    # a tracking number that is no tracking number
    bad = client.post(page_of(case, "dispatch_mail"), {"tracking_number": "EA-12", "carrier": "中国邮政"})
    assert bad.status_code == 400
    assert CaseEvent.objects.count() == events
    case.refresh_from_db()
    assert case.mail_dispatched_at is None and case.state == CaseState.CONCLUDED
    # 寄出 twice: the second is refused and the first number stays
    client.post(page_of(case, "dispatch_mail"), {"tracking_number": "EA123456789CN"})
    twice = client.post(page_of(case, "dispatch_mail"), {"tracking_number": "EA987654321CN"})
    assert twice.status_code == 409
    case.refresh_from_db()
    assert case.mail_tracking_number == "EA123456789CN"
    assert case.events.filter(type=Step.DISPATCH_MAIL).count() == 1


@pytest.mark.parametrize("missing", ["mail_address", "mail_recipient", "mail_phone"])
def test_intake_refuses_a_half_filled_post_choice(world: Any, client: Any, missing: str) -> None:
    client.force_login(world.clerk)
    body = intake_body()
    body[missing] = ""
    response = client.post(f"{INTAKE}?item=MZ001", body)
    assert response.status_code in (400, 409)
    assert not Case.objects.exists()
