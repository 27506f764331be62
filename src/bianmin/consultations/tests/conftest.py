"""Consultations at 象湖镇 on a fixed clock: clerk Li at window 1 民政, handler Chen, forester Lin, leader Zhou,
director Wu; 壬田镇's clerk Zhao is the outsider."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.conftest import at
from bianmin.consultations import actions
from bianmin.consultations.models import Consultation

# Friday 6 March 2026, ten in the morning: a working day before a weekend.
FRIDAY = at(2026, 3, 6, 10, 0)
TODAY = FRIDAY.date()


@pytest.fixture
def clock(time_machine: Any) -> Any:
    time_machine.move_to(FRIDAY, tick=False)
    return FRIDAY


def ask(user: Any, topic: str = "低保需要哪些材料", how: str = "on_the_spot", **extra: Any) -> Consultation:
    """A consultation logged by ``user`` at ``now`` (Friday 10:00 unless given)."""
    extra.setdefault("now", FRIDAY)
    return actions.log(actor=user, topic=topic, how=how, **extra)


def days_before(n: int, hour: int = 10) -> dt.datetime:
    return FRIDAY - dt.timedelta(days=n) + dt.timedelta(hours=hour - 10)
