"""The hall's whereabouts board (去向公示牌) fed by approved leave, and the B post serving (001: AB岗)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.attendance import actions
from bianmin.conftest import at


def test_approved_leave_shows_on_the_board_for_its_period_and_b_serves(
    world: Any, client: Any, time_machine: Any
) -> None:
    """李窗口 (民政 A) on sick leave on 2 March: the board says 请假 that day and 陈承办 (B) serves; not the next."""
    leave = actions.request_leave(
        world.clerk,
        kind="sick",
        start_day=dt.date(2026, 3, 2),
        start_session="am",
        end_day=dt.date(2026, 3, 2),
        end_session="pm",
        reason="发烧",
        sick_record="县医院门诊病历",
        now=at(2026, 2, 27, 9),
    )
    actions.approve_leave(world.director, leave, now=at(2026, 2, 27, 10))
    time_machine.move_to(at(2026, 3, 2, 9, 30))
    page = client.get(f"/screen/{world.town.code}/").content.decode()
    assert "病假" in page and "当前受理：陈承办" in page
    time_machine.move_to(at(2026, 3, 3, 9, 30))
    page = client.get(f"/screen/{world.town.code}/").content.decode()
    assert "病假" not in page and "当前受理：李窗口" in page
