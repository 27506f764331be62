"""Fixtures of the counter's tests: the world with its county center staffed, for the network's pages."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.catalog.actions import enable_item
from bianmin.conftest import OrgFactory, WindowFactory, make_staff, publish
from bianmin.orgs.models import OrgKind
from bianmin.orgs.roles import Role


@pytest.fixture
def net(world: Any) -> Any:
    """The world plus a county window and clerk, an item the county decides, a second station and agent
    (as in ``cases/tests/test_network.py``)."""
    world.county_mz = WindowFactory(org=world.county, code="MZ", name="民政", number=1)
    world.county_clerk = make_staff("xianli", world.county, Role.CLERK, "县窗口", {world.county_mz: "A"})
    world.special = publish(world.county, "MZ020", name="特困人员认定", decided_by="county")
    for item in (world.special, world.dibao):
        enable_item(item, world.town)
        enable_item(item, world.county)
    world.village2 = OrgFactory(
        kind=OrgKind.VILLAGE, parent=world.town, name="沙洲坝村便民服务站", code="360781100202"
    )
    world.agent2 = make_staff("liu", world.village2, Role.AGENT, "刘代办")
    return world
