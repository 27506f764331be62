"""Notices of 瑞金 (county), 象湖镇 and 壬田镇 on a fixed clock, written through the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.bulletins import actions
from bianmin.conftest import at

# Monday 28 September 2026, a working day three days before the National Day holiday.
NOW = at(2026, 9, 28, 9, 0)
TODAY = NOW.date()


def notice(
    world: Any,
    *,
    org: Any = None,
    actor: Any = None,
    publisher: Any = None,
    publish: bool = True,
    title: str = "国庆节放假安排",
    kind: str = "holiday",
    valid_from: dt.date = TODAY,
    valid_until: dt.date | None = dt.date(2026, 10, 8),
    **extra: Any,
) -> Any:
    """A notice drafted by clerk Li (or ``actor``) and published by leader Zhou (or ``publisher``)."""
    org = org or world.town
    now = extra.pop("now", NOW)
    bulletin = actions.draft_bulletin(
        actor=actor or world.clerk,
        org=org,
        kind=kind,
        title=title,
        body=extra.pop("body", "10月1日至8日放假，9月27日、10月10日上班。"),
        valid_from=valid_from,
        valid_until=valid_until,
        now=now,
        **extra,
    )
    if publish:
        bulletin = actions.publish_bulletin(bulletin, actor=publisher or world.leader, now=now)
    return bulletin
