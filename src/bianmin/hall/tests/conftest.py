"""Fixtures of the public pages: an item citizens may apply for online, a private media folder, clean limits."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.catalog.actions import enable_item
from bianmin.catalog.models import ServiceItem
from bianmin.conftest import publish

MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    """Uploads of each test go to its own folder, never into the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def publish_online(world: Any, code: str = "MZ101", **extra: Any) -> ServiceItem:
    """低保申请 (dbsq) published by the county with online application allowed, enabled at 象湖镇."""
    data = {
        "name": "低保申请",
        "online_allowed": True,
        "category": "行政给付",
        "department": "市民政局",
        "content": "对共同生活的家庭成员人均收入低于当地最低生活保障标准的家庭给予最低生活保障。",
        "conditions": "具有本市户籍；家庭人均收入低于当地低保标准。",
        "procedure": ["申请", "受理", "入户调查", "民主评议", "公示", "审核确认"],
        "fee_basis": "不收费",
        **extra,
    }
    item = publish(world.county, code, statutory=30, promised=20, **data)
    enable_item(item, world.town)
    return item


@pytest.fixture
def online_item(world: Any) -> ServiceItem:
    return publish_online(world)


def move_to_concluded(world: Any, number: str) -> Case:
    """Staff take an online case through to its result: materials checked, accepted, assigned, concluded."""
    case = Case.objects.get(number=number)
    missing = list(case.materials.filter(mandatory=True, received=False).values_list("name", flat=True))
    if missing:  # an online case's uploads are checked by the clerk, who then marks them received
        actions.supplement(number, actor=world.clerk, materials=missing)
    actions.accept(number, actor=world.clerk)
    actions.assign(number, actor=world.clerk, handler=world.handler)
    return actions.conclude(number, actor=world.handler, result="granted").case
