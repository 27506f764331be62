"""A hand-built third quarter of 2026 at 象湖镇, through the case actions, for the disclosure's tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.cases import actions
from bianmin.conftest import VALID_ID, VALID_ID_2, at, person
from bianmin.feedback.actions import rate
from bianmin.security.limits import FailureLimit

ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]
# The day the tests look from: the fourth quarter is running, the third is over.
TODAY = dt.date(2026, 11, 24)
NOW = at(2026, 11, 24, 10)

APPLICANTS = [
    {"name": "欧阳小明", "id_number": VALID_ID, "phone": "13912345678", "address": "象湖镇燕子村七组18号"},
    {"name": "钟桂兰", "id_number": VALID_ID_2, "phone": "0797-2520999", "address": "象湖镇红都大道66号"},
]


def register(w: Any, applicant: dict[str, Any], when: dt.datetime, item: str = "MZ001") -> Any:
    return actions.register(
        actor=w.clerk,
        item_code=item,
        applicant=person(**applicant),
        received_materials=ALL_MANDATORY,
        now=when,
    ).case


@pytest.fixture
def quarter(world: Any) -> Any:
    """象湖镇's 2026-Q3: 居住证明 for 欧阳小明 concluded 07-06 (instant, on time, rated 非常满意);
    低保 for 钟桂兰 accepted 08-03, concluded late 09-25 (denied), rated 不满意; 低保 for 欧阳小明
    accepted 09-28 and still open; a case at 壬田镇 concluded in the quarter (not 象湖镇's); one concluded
    in October (the next quarter)."""
    w = world
    q = type("Quarter", (), {})()
    instant = register(w, APPLICANTS[0], at(2026, 7, 6, 9), item="ZH001")
    actions.accept(instant, actor=w.clerk, now=at(2026, 7, 6, 9, 5))
    q.instant = actions.conclude(instant, actor=w.clerk, result="granted", now=at(2026, 7, 6, 9, 20)).case
    rate(q.instant, level=1, now=at(2026, 7, 6, 9, 30))
    late = register(w, APPLICANTS[1], at(2026, 8, 3, 9))
    actions.accept(late, actor=w.clerk, now=at(2026, 8, 3, 9, 10))
    actions.assign(late, actor=w.clerk, handler=w.handler, now=at(2026, 8, 3, 10))
    q.late = actions.conclude(
        late, actor=w.handler, result="denied", reason="家庭人均收入高于低保标准", now=at(2026, 9, 25, 10)
    ).case
    rate(q.late, level=4, comment="太慢", now=at(2026, 9, 26, 9))
    q.open = register(w, APPLICANTS[0], at(2026, 9, 28, 9))
    actions.accept(q.open, actor=w.clerk, now=at(2026, 9, 28, 9, 5))
    other = actions.register(
        actor=w.clerk2,
        item_code="ZH001",
        applicant=person(name="赵外镇人"),
        received_materials=ALL_MANDATORY,
        now=at(2026, 7, 7, 9),
    ).case
    actions.accept(other, actor=w.clerk2, now=at(2026, 7, 7, 9, 5))
    q.other = actions.conclude(other, actor=w.clerk2, result="granted", now=at(2026, 7, 7, 9, 10)).case
    october = register(w, APPLICANTS[1], at(2026, 9, 29, 9), item="ZH001")
    actions.accept(october, actor=w.clerk, now=at(2026, 10, 9, 9))
    q.october = actions.conclude(october, actor=w.clerk, result="granted", now=at(2026, 10, 9, 9, 30)).case
    return q


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> FailureLimit:
    """Three views per client, so a test reaches the limit quickly."""
    small = FailureLimit("public_disclosure_test", 3, 3600)
    monkeypatch.setattr("bianmin.disclosure.limits.VIEW_LIMIT", small)
    return small
