"""象湖镇's collection window (统一收费) on a fixed clock: an item charged at acceptance (不动产登记费 ¥80,
waivable for 低保家庭 and 特困供养人员) and one charged at conclusion (证照工本费 ¥1,234.50).

Clerk Li collects at 民政; director Wu approves waivers; duty leader Zhou voids and closes days; 壬田镇's clerk
Zhao is outside the center."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bianmin.cases import actions as case_actions
from bianmin.cases.models import Case
from bianmin.catalog.actions import enable_item
from bianmin.conftest import at, person, publish
from bianmin.fees import actions

# Monday 2 March 2026, an ordinary working day.
NOW = at(2026, 3, 2, 9, 0)
TODAY = NOW.date()
ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]
LATER = dt.timedelta(hours=1)


def minutes(n: int) -> dt.datetime:
    return NOW + dt.timedelta(minutes=n)


@pytest.fixture
def fees(world: Any) -> Any:
    w = world
    w.paid_item = publish(
        w.county,
        "GT020",
        name="不动产登记",
        fee=Decimal("80.00"),
        fee_basis="《不动产登记收费标准》（发改价格规〔2016〕2559号）",
        fee_due_at="acceptance",
        fee_waivers="低保家庭、特困供养人员",
    )
    w.card_item = publish(
        w.county,
        "MZ030",
        name="证照补办",
        fee=Decimal("1234.50"),
        fee_basis="证照工本费标准",
        fee_due_at="conclusion",
    )
    for item in (w.paid_item, w.card_item):
        enable_item(item, w.town)
        enable_item(item, w.town2)
    return w


def registered(w: Any, code: str = "GT020", when: dt.datetime = NOW, actor: Any = None) -> Case:
    return case_actions.register(
        actor=actor or w.clerk,
        item_code=code,
        applicant=person(),
        received_materials=ALL_MANDATORY,
        now=when,
    ).case


def accepted(w: Any, code: str = "GT020", when: dt.datetime = NOW, actor: Any = None) -> Case:
    case = registered(w, code, when, actor)
    return case_actions.accept(case, actor=actor or w.clerk, now=when + dt.timedelta(minutes=5)).case


def concluded(w: Any, code: str = "GT020", when: dt.datetime = NOW) -> Case:
    case = accepted(w, code, when)
    case_actions.assign(case, actor=w.clerk, handler=w.handler, now=when + dt.timedelta(minutes=10))
    return case_actions.conclude(
        case, actor=w.handler, result="granted", now=when + dt.timedelta(minutes=30)
    ).case


def harvested(when: dt.datetime = NOW) -> int:
    return actions.harvest_all(now=when + dt.timedelta(days=1))
