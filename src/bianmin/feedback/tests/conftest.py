"""Cases to rate: 张三's 低保 case at 象湖镇's 民政 window, registered by clerk Li, handled by Chen."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.conftest import person

MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]


def registered(world: Any, **applicant: Any) -> Case:
    return actions.register(
        actor=world.clerk, item_code="MZ001", applicant=person(**applicant), received_materials=MANDATORY
    ).case


def concluded(world: Any) -> Case:
    case = registered(world)
    actions.accept(case.number, actor=world.clerk)
    actions.assign(case.number, actor=world.clerk, handler=world.handler)
    return actions.conclude(case.number, actor=world.handler, result="granted").case


@pytest.fixture
def case(world: Any) -> Case:
    return concluded(world)
