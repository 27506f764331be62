"""邮寄送达: the result posted to an applicant who lives far away (issue 13 item 5).

GB/T 39046-2020 completion data item "是否邮寄"; 行政许可法 Art. 44 (serve the licence within 10 days of the
decision); DESIGN.md "delivered: the applicant was told (phone, SMS, visit, mail) and collected the result;
who collected it is recorded". Register with post chosen → conclude → 寄出 (tracking number) → 送达 when
signed for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from bianmin.cases import actions, lifecycle
from bianmin.cases.models import CaseState
from bianmin.cases.steps import Step
from bianmin.conftest import at, person
from bianmin.lib.errors import DomainError

ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]
POST = {"address": "江西省瑞金市象湖镇燕子村七组18号", "recipient": "张三", "phone": "13800000000"}


def register(w: Any, mail: Any = None, now: dt.datetime | None = None) -> Any:
    return actions.register(
        actor=w.clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=ALL_MANDATORY,
        mail=mail,
        now=now or at(2026, 9, 28, 9),
    ).case


def concluded(w: Any, mail: Any = None, at_registration: Any = POST) -> Any:
    case = register(w, mail=at_registration)
    actions.accept(case, actor=w.clerk, now=at(2026, 9, 28, 9, 10))
    actions.assign(case, actor=w.clerk, handler=w.handler, now=at(2026, 9, 28, 10))
    return actions.conclude(case, actor=w.handler, result="granted", mail=mail, now=at(2026, 10, 9, 10)).case


def test_the_full_mailed_path_records_tracking_number_signer_and_day(world: Any) -> None:
    # given 张三 chose delivery by post when clerk Li registered his 低保 application
    case = register(world, mail=POST)
    assert (case.mail_address, case.mail_recipient, case.mail_phone) == (
        POST["address"],
        "张三",
        "13800000000",
    )
    assert case.events.get(type=Step.REGISTER).data["mail_to"] == "江西省瑞金市" + "*" * 8
    actions.accept(case, actor=world.clerk, now=at(2026, 9, 28, 9, 10))
    actions.assign(case, actor=world.clerk, handler=world.handler, now=at(2026, 9, 28, 10))
    case = actions.conclude(case, actor=world.handler, result="granted", now=at(2026, 10, 9, 10)).case
    # when the clerk posts the result and enters the tracking number
    sent = actions.dispatch_mail(
        case, actor=world.clerk, tracking_number="ea 123 456 789 cn", now=at(2026, 10, 9, 15)
    )
    # then the case stays concluded with the number and the time on record
    assert sent.case.state == CaseState.CONCLUDED
    assert (sent.case.mail_tracking_number, sent.case.mail_carrier) == ("EA123456789CN", "中国邮政")
    assert sent.case.mail_dispatched_at == at(2026, 10, 9, 15)
    assert sent.event.type == Step.DISPATCH_MAIL and sent.event.data["tracking_number"] == "EA123456789CN"
    # and when the recipient has signed for it on the 12th, delivery records the signer and the day
    done = actions.deliver(
        case,
        actor=world.clerk,
        method="mail",
        collected_by="张三",
        signed_on=dt.date(2026, 10, 12),
        now=at(2026, 10, 13, 9),
    )
    case = done.case
    case.refresh_from_db()
    assert case.state == CaseState.DELIVERED
    assert (case.delivery_method, case.collected_by, case.mail_signed_on) == (
        "mail",
        "张三",
        dt.date(2026, 10, 12),
    )
    assert done.event.data == {
        "method": "mail",
        "collected_by": "张三",
        "signed_on": "2026-10-12",
        "tracking_number": "EA123456789CN",
    }
    # the public progress shows the dispatch in the citizen's words
    assert str(Step.DISPATCH_MAIL.public_label) == "办理结果已邮寄"


def test_post_can_be_chosen_at_conclusion(world: Any) -> None:
    case = concluded(world, at_registration=None, mail={**POST, "recipient": "李四"})
    assert case.mail_recipient == "李四" and case.events.get(type=Step.CONCLUDE).data["mail_to"]
    sent = actions.dispatch_mail(
        case, actor=world.clerk, tracking_number="1234567890123", now=at(2026, 10, 9, 15)
    )
    assert sent.case.mail_tracking_number == "1234567890123"


@pytest.mark.parametrize(
    ("mail", "code"),
    [
        ({**POST, "address": " "}, "mail_address_required"),
        ({**POST, "recipient": ""}, "mail_recipient_required"),
        ({**POST, "phone": ""}, "mail_phone_required"),
        ({**POST, "phone": "12ab"}, "invalid_mail_phone"),
    ],
)
def test_a_post_choice_without_address_recipient_or_phone_is_refused_and_nothing_is_registered(
    world: Any, mail: dict[str, str], code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        register(world, mail=mail)
    assert refused.value.code == code
    assert not world.town.cases.exists()


def test_dispatch_is_refused_without_a_chosen_address(world: Any) -> None:
    """No address, no letter: the clerk cannot post what the applicant did not ask to be posted."""
    case = concluded(world, at_registration=None)
    refusal = lifecycle.TRANSITION[Step.DISPATCH_MAIL].refusal(case, world.clerk, dt.date(2026, 10, 9))
    assert refusal is not None and refusal.code == "mail_not_chosen"
    with pytest.raises(DomainError) as refused:
        actions.dispatch_mail(
            case, actor=world.clerk, tracking_number="EA123456789CN", now=at(2026, 10, 9, 15)
        )
    assert refused.value.code == "mail_not_chosen"
    assert not case.events.filter(type=Step.DISPATCH_MAIL).exists()


def test_dispatch_twice_is_refused(world: Any) -> None:
    case = concluded(world)
    actions.dispatch_mail(case, actor=world.clerk, tracking_number="EA123456789CN", now=at(2026, 10, 9, 15))
    with pytest.raises(DomainError) as refused:
        actions.dispatch_mail(case, actor=world.clerk, tracking_number="EA999999999CN", now=at(2026, 10, 10))
    assert refused.value.code == "mail_already_dispatched"
    case.refresh_from_db()
    assert case.mail_tracking_number == "EA123456789CN"


def test_dispatch_before_conclusion_is_refused(world: Any) -> None:
    case = register(world, mail=POST)
    actions.accept(case, actor=world.clerk, now=at(2026, 9, 28, 9, 10))
    with pytest.raises(DomainError) as refused:
        actions.dispatch_mail(case, actor=world.clerk, tracking_number="EA123456789CN", now=at(2026, 9, 29))
    assert refused.value.code == "invalid_state"
    case.refresh_from_db()
    assert case.mail_dispatched_at is None


@pytest.mark.parametrize(
    ("number", "code"), [("", "tracking_number_required"), ("EA-12", "invalid_tracking_number")]
)
def test_a_tracking_number_is_required_and_checked(world: Any, number: str, code: str) -> None:
    case = concluded(world)
    with pytest.raises(DomainError) as refused:
        actions.dispatch_mail(case, actor=world.clerk, tracking_number=number, now=at(2026, 10, 9, 15))
    assert refused.value.code == code


def test_delivery_by_mail_needs_the_dispatch_a_signer_and_a_plausible_day(world: Any) -> None:
    case = concluded(world)
    with pytest.raises(DomainError) as not_sent:
        actions.deliver(case, actor=world.clerk, method="mail", collected_by="张三", now=at(2026, 10, 12))
    assert not_sent.value.code == "mail_not_dispatched"
    actions.dispatch_mail(case, actor=world.clerk, tracking_number="EA123456789CN", now=at(2026, 10, 9, 15))
    with pytest.raises(DomainError) as no_signer:
        actions.deliver(case, actor=world.clerk, method="mail", now=at(2026, 10, 12))
    assert no_signer.value.code == "signer_required"
    for day in (dt.date(2026, 10, 8), dt.date(2026, 10, 13)):  # before the dispatch, after today
        with pytest.raises(DomainError) as odd_day:
            actions.deliver(
                case,
                actor=world.clerk,
                method="mail",
                collected_by="张三",
                signed_on=day,
                now=at(2026, 10, 12),
            )
        assert odd_day.value.code == "invalid_signed_on"
    case.refresh_from_db()
    assert case.state == CaseState.CONCLUDED and case.delivered_at is None


def test_the_api_walks_the_mailed_path_and_masks_the_address(world: Any, api: Any) -> None:
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=world.clerk)[0].key}")
    created = api.post(
        "/api/v1/cases/",
        {"item": "ZH001", "applicant": person(), "received_materials": ALL_MANDATORY, "mail": POST},
        format="json",
    )
    assert created.status_code == 201, created.json()
    number = created.json()["number"]
    assert created.json()["mail"]["address"] == "江西省瑞金市" + "*" * 8
    assert created.json()["mail"]["phone"] == "138****0000"
    assert api.post(f"/api/v1/cases/{number}/accept/", {}, format="json").status_code == 200
    early = api.post(
        f"/api/v1/cases/{number}/dispatch_mail/", {"tracking_number": "EA123456789CN"}, format="json"
    )
    assert early.status_code == 409 and early.json()["code"] == "invalid_state"
    assert (
        api.post(f"/api/v1/cases/{number}/conclude/", {"result": "granted"}, format="json").status_code == 200
    )
    sent = api.post(
        f"/api/v1/cases/{number}/dispatch_mail/", {"tracking_number": "EA123456789CN"}, format="json"
    )
    assert sent.status_code == 200, sent.json()
    assert sent.json()["mail"]["tracking_number"] == "EA123456789CN"
    twice = api.post(
        f"/api/v1/cases/{number}/dispatch_mail/", {"tracking_number": "EA1234567891"}, format="json"
    )
    assert twice.status_code == 409 and twice.json()["code"] == "mail_already_dispatched"
    signed = api.post(
        f"/api/v1/cases/{number}/deliver/",
        {"method": "mail", "collected_by": "张三", "signed_on": str(timezone.localdate())},
        format="json",
    )
    assert signed.status_code == 200, signed.json()
    assert signed.json()["state"] == "delivered" and signed.json()["mail"]["signed_on"] == str(
        timezone.localdate()
    )


def test_the_counter_offers_dispatch_only_for_a_mailed_concluded_case(world: Any, client: Any) -> None:
    mailed = concluded(world)
    plain = concluded(world, at_registration=None)
    client.force_login(world.clerk)
    assert 'id="action-dispatch_mail"' not in client.get(f"/counter/cases/{plain.number}/").content.decode()
    page = client.get(f"/counter/cases/{mailed.number}/").content.decode()
    assert 'id="action-dispatch_mail"' in page
    assert POST["address"] in page  # the clerk who posts it reads the whole address
    form = client.post(
        f"/counter/cases/{mailed.number}/dispatch_mail/",
        {"tracking_number": "EA123456789CN", "carrier": "中国邮政"},
        follow=True,
    )
    assert form.status_code == 200
    mailed.refresh_from_db()
    assert mailed.mail_tracking_number == "EA123456789CN"
