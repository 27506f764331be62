"""咨询登记: one quick form at the window, by phone or at a market day — three fields required (the topic,
how it was answered, the channel); the logged-in clerk is who answered and its first contact (首问责任人)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.consultations.models import Consultation, EventType, State
from bianmin.consultations.tests.conftest import FRIDAY, ask
from bianmin.lib.errors import DomainError
from bianmin.outreach.models import MarketDay


def test_three_fields_are_enough_and_the_clerk_is_the_first_contact(world: Any) -> None:
    """003 曾家镇 首问负责制 一: 第一个接待的工作人员为首问负责人."""
    # given clerk Li, who holds window 1 民政
    # when Li logs a question with the topic and how it was answered only
    c = ask(world.clerk)
    # then it is Li's, at Li's window, on the day, answered, with its log
    assert (c.answered_by, c.first_contact, c.owner) == (world.clerk, world.clerk.staff, world.clerk.staff)
    assert c.window == world.mz and c.channel == "window" and c.org == world.town
    assert c.state == State.ANSWERED and c.asked_on == FRIDAY.date()
    assert list(c.events.values_list("type", flat=True)) == [EventType.LOGGED]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("topic", "  ", "topic_required"),
        ("how", "shrugged", "invalid_answer"),
        ("channel", "fax", "invalid_channel"),
    ],
)
def test_each_required_field_is_refused_with_its_code(world: Any, field: str, value: str, code: str) -> None:
    with pytest.raises(DomainError) as err:
        ask(world.clerk, **{field: value})
    assert err.value.code == code
    assert not Consultation.objects.exists()


def test_time_spent_defaults_from_when_the_form_was_opened(world: Any) -> None:
    opened = FRIDAY - dt.timedelta(minutes=4, seconds=30)
    assert ask(world.clerk, opened_at=opened).minutes == 5  # rounded up to whole minutes
    assert ask(world.clerk, opened_at=opened, minutes=12).minutes == 12  # typed wins
    assert ask(world.clerk, opened_at=FRIDAY - dt.timedelta(hours=9)).minutes is None  # left open all day
    with pytest.raises(DomainError) as err:
        ask(world.clerk, minutes=0)
    assert err.value.code == "invalid_minutes"


def test_item_must_be_enabled_at_the_center(world: Any) -> None:
    assert ask(world.clerk, item="MZ001").item == world.dibao
    with pytest.raises(DomainError) as err:
        ask(world.clerk, item="YD999")
    assert err.value.code == "item_not_found"


def test_a_market_day_question_links_todays_market_day(world: Any) -> None:
    """000 篇9 赶场服务: questions answered at the market stall are logged against the day's outing."""
    event = MarketDay.objects.create(
        org=world.town, date=FRIDAY.date(), place="熊家场", scheduled_at=FRIDAY - dt.timedelta(days=3)
    )
    c = ask(world.clerk, channel="market_day")
    assert c.market_day == event and c.window is None
    with pytest.raises(DomainError) as err:
        ask(world.clerk, channel="phone", market_day=event.pk)
    assert err.value.code == "market_day_channel"


def test_phone_is_checked_and_a_supervisor_cannot_log(world: Any) -> None:
    with pytest.raises(DomainError) as err:
        ask(world.clerk, citizen_phone="12ab")
    assert err.value.code == "invalid_phone"
    with pytest.raises(DomainError) as err:
        ask(world.supervisor)
    assert err.value.code == "permission_denied"
