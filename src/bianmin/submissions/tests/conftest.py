"""Reports of 象湖镇 (a town) and 燕子村 (its station) in 瑞金's county, on the seeds' rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bianmin.workdays import calendar as workcalendar
from bianmin.workdays.services import invalidate_calendar_cache


@pytest.fixture
def calendar_2027_published(monkeypatch: Any) -> Iterator[None]:
    """As if a chinese_calendar release with the State Council's 2027 arrangement were installed."""
    monkeypatch.setattr(workcalendar, "_years_covered_by_chinese_calendar", lambda: range(2004, 2028))
    workcalendar._base_days.cache_clear()
    invalidate_calendar_cache()
    yield
    monkeypatch.undo()
    workcalendar._base_days.cache_clear()
    invalidate_calendar_cache()
