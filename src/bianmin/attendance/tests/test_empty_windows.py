"""AB cover (001: AB岗, 窗口不空岗): a window is empty when neither its A nor its B post is at their post."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.attendance import actions
from bianmin.attendance.selectors import empty_window_count, empty_windows
from bianmin.conftest import at


def test_a_window_is_empty_when_a_and_b_are_both_away(world: Any) -> None:
    """民政: 李窗口 holds A, 陈承办 B. 李 on a trip and 陈 not signed in leaves it empty; 陈 signing in covers it."""
    now = at(2026, 3, 2, 9, 30)
    actions.sign_in(world.clerk, at(2026, 3, 2, 7, 58))
    assert world.mz not in empty_windows(world.town, now)
    actions.start_trip(world.clerk, "入户核查", at(2026, 3, 2, 9, 0))
    assert world.mz in empty_windows(world.town, now)
    actions.sign_in(world.handler, at(2026, 3, 2, 9, 10))
    assert world.mz not in empty_windows(world.town, now)
    # outside office hours nothing is empty
    assert empty_windows(world.town, at(2026, 3, 2, 12, 30)) == []


def test_monthly_count_of_empty_half_days(world: Any) -> None:
    """One working day, three windows (民政 A/B, 国土 A=陈, 林业 A=林): only 林 never signed in."""
    day = dt.date(2026, 3, 2)
    actions.sign_in(world.handler, at(2026, 3, 2, 7, 58))
    actions.sign_in(world.handler, at(2026, 3, 2, 14, 0))
    assert empty_window_count(world.town, day, day) == 2  # 林业, morning and afternoon
