"""Cases in given states for the counter tests, made through the actions like the pages make them."""

from __future__ import annotations

from typing import Any

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.conftest import person

ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]


def submitted(
    world: Any, *, clerk: Any = None, received: tuple[str, ...] = ("居民身份证",), **applicant: Any
) -> Case:
    return actions.register(
        actor=clerk or world.clerk,
        item_code="MZ001",
        applicant=person(**applicant),
        received_materials=received,
    ).case


def accepted(world: Any, *, clerk: Any = None, **applicant: Any) -> Case:
    case = submitted(world, clerk=clerk, received=tuple(ALL_MANDATORY), **applicant)
    return actions.accept(case, actor=clerk or world.clerk).case


def in_progress(world: Any, *, handler: Any = None, **applicant: Any) -> Case:
    case = accepted(world, **applicant)
    return actions.assign(case, actor=world.clerk, handler=handler or world.handler).case


def concluded(world: Any) -> Case:
    case = in_progress(world)
    return actions.conclude(case, actor=world.handler, result="granted").case


def reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)
