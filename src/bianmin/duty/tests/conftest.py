"""象湖镇 and its 燕子村 station in October 2026: the National Day holiday (1–7 October), the 调休 working
Saturday 10 October and the Mid-Autumn 调休 Sunday 20 September, by the published calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.conftest import at, make_staff
from bianmin.duty import actions
from bianmin.duty.models import DutyKind
from bianmin.orgs.roles import Role

OCTOBER = (2026, 10)
NOW = at(2026, 9, 20, 9, 0)
WORKING_SATURDAY = dt.date(2026, 10, 10)  # 国庆调休上班
NATIONAL_DAY = dt.date(2026, 10, 1)


@pytest.fixture
def duty(world: Any) -> Any:
    """Rotations: leaders 周带班 and 吴主任; staff duty 李窗口, 陈承办, 林业员; holiday duty 陈承办, 李窗口;
    at 燕子村 the cadres 王代办 and 刘干部."""
    world.cadre = make_staff("liu", world.village, Role.AGENT, "刘干部")
    s = lambda user: user.staff  # noqa: E731
    actions.set_rotation(
        actor=world.director, org=world.town, kind=DutyKind.LEADER, staff=[s(world.leader), s(world.director)]
    )
    actions.set_rotation(
        actor=world.director,
        org=world.town,
        kind=DutyKind.STAFF,
        staff=[s(world.clerk), s(world.handler), s(world.forester)],
    )
    actions.set_rotation(
        actor=world.director, org=world.town, kind=DutyKind.HOLIDAY, staff=[s(world.handler), s(world.clerk)]
    )
    actions.set_rotation(
        actor=None, org=world.village, kind=DutyKind.STATION, staff=[s(world.agent), s(world.cadre)]
    )
    return world
