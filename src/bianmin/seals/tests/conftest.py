"""象湖镇's seals: the 公章 XH-001 (uses need an approval) kept by director Wu, the 业务专用章 XH-002 kept by clerk Li at
window 民政; 壬田镇 has its own 业务专用章 RT-001 kept by clerk Zhao. A certificate item (开具无犯罪记录证明, ZH009)
whose result goes out under a seal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.catalog.actions import enable_item
from bianmin.catalog.models import CaseKind
from bianmin.conftest import at, publish
from bianmin.seals import actions
from bianmin.seals.models import Seal, SealKind

# Monday 2 March 2026, an ordinary working day.
NOW = at(2026, 3, 2, 9, 0)


def minutes(n: int) -> dt.datetime:
    return NOW + dt.timedelta(minutes=n)


@pytest.fixture
def sealed(world: Any) -> Any:
    w = world
    w.official = actions.register_seal(
        actor=w.director,
        number="XH-001",
        name="象湖镇便民服务中心公章",
        kind=SealKind.OFFICIAL,
        custodian=w.director.staff,
        now=NOW,
    )
    w.business = actions.register_seal(
        actor=w.director,
        number="XH-002",
        name="象湖镇便民服务中心业务专用章",
        kind=SealKind.BUSINESS,
        custodian=w.clerk.staff,
        window=w.mz,
        now=NOW,
    )
    w.other = Seal.objects.create(
        org=w.town2,
        number="RT-001",
        name="壬田镇便民服务中心业务专用章",
        kind=SealKind.BUSINESS,
        needs_approval=False,
        custodian=w.clerk2.staff,
        registered_at=NOW,
        registered_by=w.clerk2,
        updated_at=NOW,
    )
    w.certificate = publish(
        w.county, "ZH009", name="开具无犯罪记录证明", kind=CaseKind.INSTANT, statutory=1, needs_seal=True
    )
    enable_item(w.certificate, w.town)
    return w
