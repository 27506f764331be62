"""好差评 (国办发〔2019〕51号; GB/T 39046 A.8): a concluded case is rated once, on a known channel, with at
most 500 characters, and a 差评 (4 不满意, 5 非常不满意) says why, so it can be verified and rectified."""

from __future__ import annotations

import pytest

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.conftest import person
from bianmin.feedback.actions import rate
from bianmin.feedback.models import Level, Rating, RatingChannel
from bianmin.lib.errors import DomainError


@pytest.fixture
def case(world) -> Case:  # noqa: ANN001
    """张三's 低保 case at 象湖镇, concluded by handler Chen."""
    case = actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=["居民身份证", "户口簿", "家庭收入证明"],
    ).case
    actions.accept(case, actor=world.clerk)
    actions.assign(case.number, actor=world.clerk, handler=world.handler)
    return actions.conclude(case.number, actor=world.handler, result="granted").case


@pytest.mark.parametrize("level", [Level.DISSATISFIED, Level.VERY_DISSATISFIED])
@pytest.mark.parametrize("comment", ["", "   "])
def test_a_bad_rating_without_a_reason_is_refused(case, level, comment):
    """国办发〔2019〕51号: every 差评 is verified and rectified — a 不满意/非常不满意 must give its reason."""
    with pytest.raises(DomainError) as err:
        rate(case, level=level, comment=comment)
    assert err.value.code == "reason_required" and err.value.status == 400
    assert not Rating.objects.exists()


def test_a_bad_rating_with_its_reason_is_kept_and_a_good_one_needs_none(case, world):
    rating = rate(case, level=Level.DISSATISFIED, comment="窗口排队一小时")
    assert rating.is_bad and rating.comment == "窗口排队一小时"
    other = actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=["居民身份证", "户口簿", "家庭收入证明"],
    ).case
    actions.accept(other, actor=world.clerk)
    actions.assign(other.number, actor=world.clerk, handler=world.handler)
    other = actions.conclude(other.number, actor=world.handler, result="granted").case
    assert rate(other, level=Level.SATISFIED).comment == ""


def test_the_rating_page_asks_for_the_reason_and_keeps_what_was_chosen(client, case):
    """The hall's rating form: a 不满意 without a reason is refused next to the form, nothing is recorded."""
    url = f"/rate/{case.number}/"
    response = client.post(url, {"code": case.query_code, "level": Level.DISSATISFIED, "comment": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "请写明原因" in page and not Rating.objects.exists()
    assert f'value="{Level.DISSATISFIED}" required checked' in page
    response = client.post(url, {"code": case.query_code, "level": Level.DISSATISFIED, "comment": "等了很久"})
    assert response.status_code == 200 and Rating.objects.get().comment == "等了很久"


@pytest.mark.parametrize("channel", ["fax", "", "QR", "qr "])
def test_a_rating_on_a_channel_the_rules_do_not_list_is_refused(case, channel):
    """国办发〔2019〕51号 names the channels (PC, mobile, QR code, hall tablet, terminal, phone, SMS); a rating
    claiming any other is refused, so reports per channel add up."""
    with pytest.raises(DomainError) as err:
        rate(case, level=Level.SATISFIED, channel=channel)
    assert err.value.code == "invalid_channel"
    assert not Rating.objects.exists()


@pytest.mark.parametrize("channel", RatingChannel.values)
def test_every_listed_channel_is_accepted(world, channel):
    case = actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=["居民身份证", "户口簿", "家庭收入证明"],
    ).case
    actions.accept(case, actor=world.clerk)
    actions.assign(case.number, actor=world.clerk, handler=world.handler)
    case = actions.conclude(case.number, actor=world.handler, result="granted").case
    assert rate(case, level=Level.VERY_SATISFIED, channel=channel).channel == channel


def test_a_comment_over_500_characters_is_refused(case):
    """The rating's comment is at most 500 characters (the form and the database field say so too)."""
    with pytest.raises(DomainError) as err:
        rate(case, level=Level.DISSATISFIED, comment="慢" * 501)
    assert err.value.code == "comment_too_long"
    assert not Rating.objects.exists()
    assert len(rate(case, level=Level.DISSATISFIED, comment="慢" * 500).comment) == 500


def test_the_rating_page_refuses_a_comment_over_500_characters(client, case):
    response = client.post(
        f"/rate/{case.number}/", {"code": case.query_code, "level": Level.SATISFIED, "comment": "好" * 501}
    )
    assert response.status_code == 400 and "500" in response.content.decode()
    assert not Rating.objects.exists()
