"""象湖镇's hall: business type A (民政, window 1) and B (国土和规划 and 林业, windows 5 and 6), on a fixed clock.

Clerk Li holds window 民政; handler Chen holds 国土和规划 (and stands in at 民政); 壬田镇 has its own queue."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.conftest import at
from bianmin.queue import actions
from bianmin.queue.models import BusinessType

# Monday 2 March 2026, an ordinary working day.
NOW = at(2026, 3, 2, 9, 0)
TODAY = NOW.date()


def minutes(n: int) -> Any:
    import datetime as dt

    return NOW + dt.timedelta(minutes=n)


@pytest.fixture
def hall(world: Any) -> Any:
    w = world
    w.a = BusinessType.objects.create(org=w.town, name="民政业务", prefix="A", position=1)
    w.a.windows.set([w.mz])
    w.b = BusinessType.objects.create(org=w.town, name="国土林业", prefix="B", position=2)
    w.b.windows.set([w.gt, w.ly])
    w.c2 = BusinessType.objects.create(org=w.town2, name="民政业务", prefix="A")
    w.c2.windows.set([w.mz2])
    return w


def take(w: Any, kind: Any = None, at_minute: int = 0, **extra: Any) -> Any:
    kind = kind or w.a
    return actions.issue(org=kind.org, business_type=kind, now=minutes(at_minute), **extra)
