"""The archive's fixtures: cases of 象湖镇 taken to archived through the case actions (as the counter does)."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.cases import actions as case_actions
from bianmin.cases.models import Case
from bianmin.conftest import at, person

ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]


def archived_case(w: Any, *, when: Any = None, item: str = "MZ001", actor: Any = None) -> Case:
    """A 低保 case of 象湖镇 at the 民政 window, registered, accepted, concluded, delivered and archived."""
    when = when or at(2026, 9, 28)
    clerk = actor or w.clerk
    handler = w.handler if clerk.staff.org_id == w.town.pk else clerk
    case = case_actions.register(
        actor=clerk, item_code=item, applicant=person(), received_materials=ALL_MANDATORY, now=when
    ).case
    case = case_actions.accept(case, actor=clerk, now=when).case
    case = case_actions.assign(case, actor=clerk, handler=handler, now=when).case
    case = case_actions.conclude(case, actor=handler, result="granted", now=when).case
    case = case_actions.deliver(case, actor=clerk, method="window", collected_by="张三本人", now=when).case
    return case_actions.archive(case, actor=clerk, now=when).case


@pytest.fixture
def archived(world: Any) -> Any:
    """Three archived 低保 cases of 象湖镇, and one of 壬田镇."""
    world.cases = [archived_case(world) for _ in range(3)]
    world.other = archived_case(world, actor=world.clerk2)
    return world
