"""Complaints at 象湖镇 on a fixed clock (003 曾家镇便民服务中心效能投诉制度 is the rule set)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.complaints import actions
from bianmin.conftest import at

# Thursday 5 March 2026, a working day, at ten in the morning.
MORNING = at(2026, 3, 5, 10, 0)


def complain(world: Any, *, actor: Any = "clerk", now: dt.datetime = MORNING, **extra: Any) -> Any:
    """A complaint against clerk Li of the 民政 window, taken by phone by default."""
    if actor == "clerk":
        actor = world.clerk
    data: dict[str, Any] = {
        "channel": "phone",
        "content": "民政窗口工作人员态度生硬，让我跑了三趟",
        "complainant_name": "张三",
        "complainant_phone": "13800001234",
        "against_staff": world.clerk.staff,
        "against_window": world.mz,
    }
    org = extra.pop("org", world.town)
    data.update(extra)
    return actions.receive_complaint(actor=actor, org=org, now=now, **data)
