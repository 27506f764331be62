"""A hand-built October 2026 at 象湖镇 through the case actions, for the statistics' tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.conftest import at, person

ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]
TODAY = dt.date(2026, 11, 20)


def register(w: Any, item: str = "MZ001", now: dt.datetime | None = None, **kw: Any) -> Case:
    kw.setdefault("received_materials", ALL_MANDATORY)
    kw.setdefault("actor", w.clerk)
    return actions.register(item_code=item, applicant=person(), now=now or at(2026, 10, 9), **kw).case


@pytest.fixture
def october(world: Any) -> Any:
    """象湖镇's October 2026 (national-day holiday 10-01…10-07; the 8th, 9th and Saturday 10th working days):

    - instant 居住证明 ×2 registered, accepted and concluded on 10-09 (on time);
    - promised 低保 A: accepted 10-09, due 10-22, site survey 10-13 → 10-16 (three working days, due moves
      to 10-27), concluded 10-27: on time only because suspended days do not count;
    - promised 低保 B: accepted 10-09, due 10-22, concluded 10-26: overdue;
    - promised 低保 C: one-time notice 10-12 (补办件), still supplementing;
    - promised 低保 D: rejected 10-12 (退回件);
    - joint 宅基地 registered by appointment 10-14, accepted 10-14, open;
    - 低保 E at 壬田镇 (another town) registered 10-09 — not 象湖镇's;
    - 低保 F at 象湖镇 registered 2026-09-30 and accepted 10-09 — September's receipt, October's acceptance.
    """
    w = world
    m = type("October", (), {})()
    m.instant = []
    for hour in (9, 10):
        case = actions.accept(
            register(w, "ZH001", now=at(2026, 10, 9, hour)), actor=w.clerk, now=at(2026, 10, 9, hour, 5)
        ).case
        m.instant.append(
            actions.conclude(case, actor=w.clerk, result="granted", now=at(2026, 10, 9, hour, 20)).case
        )
    m.a = actions.accept(register(w, now=at(2026, 10, 9, 11)), actor=w.clerk, now=at(2026, 10, 9, 11, 5)).case
    actions.assign(m.a, actor=w.clerk, handler=w.handler, now=at(2026, 10, 9, 14))
    actions.suspend(m.a, actor=w.handler, type="site_survey", reason="需现场勘查", now=at(2026, 10, 13))
    actions.resume(m.a, actor=w.handler, now=at(2026, 10, 16, 15))
    m.a = actions.conclude(m.a, actor=w.handler, result="granted", now=at(2026, 10, 27, 10)).case
    m.b = actions.accept(
        register(w, now=at(2026, 10, 9, 11, 30)), actor=w.clerk, now=at(2026, 10, 9, 11, 35)
    ).case
    actions.assign(m.b, actor=w.clerk, handler=w.handler, now=at(2026, 10, 9, 14))
    m.b = actions.conclude(
        m.b, actor=w.handler, result="denied", reason="收入超标", now=at(2026, 10, 26, 10)
    ).case
    m.c = register(w, now=at(2026, 10, 12, 9), received_materials=["居民身份证"])
    actions.notify_missing(m.c, actor=w.clerk, now=at(2026, 10, 12, 9, 10))
    m.d = register(w, now=at(2026, 10, 12, 10), received_materials=["居民身份证"])
    actions.reject(m.d, actor=w.clerk, reason="不属于受理范围", now=at(2026, 10, 12, 10, 10))
    m.joint = register(w, "GT001", now=at(2026, 10, 14, 9), channel="appointment", actor=w.clerk)
    actions.accept(m.joint, actor=w.clerk, now=at(2026, 10, 14, 9, 30))
    m.e = register(w, now=at(2026, 10, 9, 9), actor=w.clerk2)
    m.f = register(w, now=at(2026, 9, 30, 9))
    actions.accept(m.f, actor=w.clerk, now=at(2026, 10, 9, 16))
    return m
