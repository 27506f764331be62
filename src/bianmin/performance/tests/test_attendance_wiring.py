"""The scoring reads the attendance app's breaches itself (no stub): sign-ins → violations → entries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum

from bianmin.conftest import at
from bianmin.performance import actions
from bianmin.performance.models import ScoreEntry
from bianmin.performance.tests.conftest import MARCH

pytest.importorskip("bianmin.attendance.selectors")

from bianmin.attendance.models import SignIn  # noqa: E402
from bianmin.attendance.tests.test_violations import sign_every_session  # noqa: E402

pytestmark = pytest.mark.django_db


def test_a_clerk_late_twice_and_absent_half_a_day_in_march_scores_minus_9(world: Any, tables: Any) -> None:
    """003 曾家镇 效能评估考核管理办法 第二条2: 无故迟到…每次扣2分;旷工每次(半天)扣5分 — −2 −2 −5 = −9,
    from the clerk's own sign-ins; re-running writes nothing new."""
    clerk = world.clerk.staff
    skip = {(dt.date(2026, 3, 3), "am"), (dt.date(2026, 3, 10), "pm"), (dt.date(2026, 3, 12), "am")}
    sign_every_session(clerk, MARCH, dt.date(2026, 3, 31), skip=skip)
    SignIn.objects.create(
        staff=clerk, day=dt.date(2026, 3, 3), session="am", signed_in_at=at(2026, 3, 3, 8, 20)
    )
    SignIn.objects.create(
        staff=clerk, day=dt.date(2026, 3, 12), session="am", signed_in_at=at(2026, 3, 12, 9, 5)
    )

    actions.score_month(world.town, MARCH, now=at(2026, 4, 1, 9), extra_sources=[])
    mine = ScoreEntry.objects.filter(user=world.clerk, month=MARCH)
    assert mine.aggregate(s=Sum("amount"))["s"] == Decimal(-9)
    assert sorted(mine.values_list("source_key", flat=True)) == [
        f"attendance:{world.clerk.pk}:2026-03-03:late:am",
        f"attendance:{world.clerk.pk}:2026-03-10:absent_half_day:pm",
        f"attendance:{world.clerk.pk}:2026-03-12:late:am",
    ]
    count = ScoreEntry.objects.count()
    assert actions.score_month(world.town, MARCH, now=at(2026, 4, 2, 9), extra_sources=[]) == 0
    assert ScoreEntry.objects.count() == count


def test_a_center_that_has_not_started_signing_in_is_not_scored_on_attendance(
    world: Any, tables: Any
) -> None:
    """No sign-in by anyone at 象湖镇 in March: attendance is not in use yet, not everyone absent every day."""
    actions.score_month(world.town, MARCH, now=at(2026, 4, 1, 9), extra_sources=[])
    assert not ScoreEntry.objects.exists()


def test_days_before_the_center_started_signing_in_are_not_absences(world: Any, tables: Any) -> None:
    """象湖镇 starts signing in on 16 March: the first half of March is not two weeks of 旷工 for everyone."""
    clerk = world.clerk.staff
    sign_every_session(clerk, dt.date(2026, 3, 16), dt.date(2026, 3, 31))
    actions.score_month(world.town, MARCH, now=at(2026, 4, 1, 9), extra_sources=[])
    days = set(ScoreEntry.objects.values_list("day", flat=True))
    assert days and min(days) >= dt.date(2026, 3, 16)  # the others' absences, from the 16th only
    assert not ScoreEntry.objects.filter(user=world.clerk).exists()
