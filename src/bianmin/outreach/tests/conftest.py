"""Market days at 象湖镇 (赶场日 5, 15, 25 like 熊家场 in 000 篇9) and home visits, on a fixed clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.conftest import VALID_ID_2, at, person
from bianmin.orgs.models import Staff
from bianmin.outreach import actions

# Thursday 5 March 2026, a market day and a working day, at nine in the morning.
MARKET_MORNING = at(2026, 3, 5, 9, 0)
MARKET_DAY = MARKET_MORNING.date()
ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]


@pytest.fixture
def town(world: Any) -> Any:
    """象湖镇 holds its market on the 5th, 15th and 25th; 壬田镇 on the 1st, 11th and 21st."""
    world.town.market_days = [5, 15, 25]
    world.town.save()
    world.town2.market_days = [1, 11, 21]
    world.town2.save()
    return world


def staff(user: Any) -> Staff:
    return user.staff


def event_on(
    world: Any, day: dt.date = MARKET_DAY, *, team: tuple[Any, ...] = (), leader: Any = None, **extra: Any
) -> Any:
    """A market-day event at 熊家场 planned by leader Zhou a few days before."""
    return actions.schedule_market_day(
        actor=world.leader,
        org=world.town,
        date=day,
        place=extra.pop("place", "熊家场"),
        leader=staff(leader) if leader is not None else None,
        team=[staff(u) for u in team],
        now=at(2026, 3, 1, 9),
        **extra,
    )


def on_site(
    world: Any, event: Any, *, clerk: Any = None, now: dt.datetime = MARKET_MORNING, **applicant: Any
) -> Any:
    return actions.register_on_market_day(
        event,
        actor=clerk or world.clerk,
        item_code="MZ001",
        applicant=person(**applicant),
        received_materials=ALL_MANDATORY,
        now=now,
    )


def visit_request(world: Any, **extra: Any) -> Any:
    """刘秀英, 86, asks for someone to come about her 高龄津贴."""
    actor = extra.pop("actor", world.clerk)
    values = {
        "requester_name": "刘秀英",
        "requester_phone": "13907971234",
        "requester_id_number": VALID_ID_2,
        "reason": "elderly",
        "reason_note": "86岁，行动不便",
        "matter": "高龄津贴申请",
        "address": "象湖镇下坪村3组12号",
        "wished_at": at(2026, 3, 6, 9),
        "now": MARKET_MORNING,
        **extra,
    }
    return actions.request_home_visit(actor=actor, **values)
