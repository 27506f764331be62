"""``available_actions`` must agree with the actions: what the page offers succeeds, what it hides is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from bianmin.cases import actions
from bianmin.cases.models import Case, TaskState
from bianmin.cases.selectors import visible_cases
from bianmin.conftest import person
from bianmin.counter.available import ORDER, available_actions, completable_tasks
from bianmin.counter.selectors import my_windows
from bianmin.counter.tests.helpers import ALL_MANDATORY, accepted, concluded, in_progress, reload, submitted
from bianmin.lib.errors import DomainError


class Rollback(Exception):
    pass


def _args(name: str, case: Case, user: Any, world: Any) -> dict[str, Any]:
    materials = list(case.materials.all())
    missing = [m.name for m in materials if not m.received]
    held = {w.pk for w in my_windows(user)}
    mine = [t.window_code for t in completable_tasks(case, user, held)]
    open_tasks = mine or [t.window_code for t in case.tasks.all() if t.state == TaskState.OPEN]
    samples: dict[str, dict[str, Any]] = {
        "supplement": {"materials": missing or ["居民身份证"]},
        "notify_missing": {}
        if any(m.mandatory for m in materials if not m.received)
        else {"also_missing": ["居民身份证"]},
        "reject": {"reason": "不符合条件"},
        "withdraw": {"reason": "申请人撤回"},
        "assign": {"handler": world.handler},
        "complete_task": {"window_code": open_tasks[0] if open_tasks else "GT", "result": "同意"},
        "suspend": {"type": "hearing", "reason": "听证"},
        "extend": {"days": 2, "reason": "复杂"},
        "conclude": {"result": "granted"},
        "deliver": {"method": "window", "collected_by": "张三"},
    }
    return samples.get(name, {})


def _succeeds(name: str, case: Case, user: Any, world: Any) -> bool:
    call = getattr(actions, name)
    try:
        with transaction.atomic():
            call(case.number, actor=user, **_args(name, case, user, world))
            raise Rollback
    except Rollback:
        return True
    except DomainError:
        return False


def _cases(world: Any) -> list[Case]:
    supplementing = submitted(world)
    actions.notify_missing(supplementing, actor=world.clerk)
    suspended = in_progress(world)
    actions.suspend(suspended, actor=world.handler, type="hearing", reason="听证")
    delivered = concluded(world)
    actions.deliver(delivered, actor=world.clerk, method="window", collected_by="张三")
    joint = actions.accept(
        actions.register(
            actor=world.clerk, item_code="GT001", applicant=person(), received_materials=ALL_MANDATORY
        ),
        actor=world.clerk,
    )
    by_agent = submitted(world, clerk=world.agent)
    return [
        by_agent,
        submitted(world),
        submitted(world, received=tuple(ALL_MANDATORY)),
        supplementing,
        accepted(world),
        in_progress(world),
        suspended,
        concluded(world),
        delivered,
        joint,
    ]


@pytest.mark.parametrize("who", ["clerk", "handler", "forester", "leader", "director", "supervisor", "agent"])
def test_offered_actions_succeed_and_hidden_ones_are_refused(world, who):
    user = getattr(world, who)
    held = {w.pk for w in my_windows(user)}
    for case in _cases(world):
        if not visible_cases(user).filter(pk=case.pk).exists():
            continue  # out of scope: the page answers 404 before offering anything
        case = reload(case)
        offered = set(available_actions(case, user, held))
        for name in ORDER:
            assert _succeeds(name, case, user, world) == (name in offered), (who, case.state, case.kind, name)
