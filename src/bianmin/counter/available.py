"""Which actions a user may take on a case right now, so the case page offers only those forms.

These mirror the guards of ``bianmin.cases.actions`` (state + ``user.has_perm``) and are only a courtesy:
the action checks again and refuses with a ``DomainError`` whatever the page offered. When an action gains
a rule, add it here too, or the page will show a form whose submit is refused.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from bianmin.cases.models import Case, CaseState, JointTask, TaskState
from bianmin.catalog.models import CaseKind

S = CaseState
BEFORE_ACCEPTANCE = {S.SUBMITTED, S.SUPPLEMENTING}
HANDLING = {S.ACCEPTED, S.IN_PROGRESS}

# The order the case page lists them in: the usual next step first, the exceptional ones last.
ORDER = [
    "supplement",
    "accept",
    "notify_missing",
    "assign",
    "complete_task",
    "conclude",
    "deliver",
    "archive",
    "suspend",
    "resume",
    "extend",
    "reject",
    "withdraw",
]


def _open_tasks(case: Case) -> list[JointTask]:
    return [t for t in case.tasks.all() if t.state == TaskState.OPEN]


def completable_tasks(case: Case, user: Any, held_window_ids: Collection[int]) -> list[JointTask]:
    """Open joint tasks the user may finish: staff of the task's window, or a leader (``complete_task``)."""
    if case.state not in HANDLING or not user.has_perm("cases.handle_case"):
        return []
    leader = user.has_perm("cases.approve_extension")
    return [t for t in _open_tasks(case) if leader or t.window_id in held_window_ids]


def _may_conclude(case: Case, user: Any) -> bool:
    if not user.has_perm("cases.handle_case") or _open_tasks(case):
        return False
    # 即办件 are concluded by the accepting clerk straight from accepted; so are joint cases once every
    # window is done. Anything else goes through a handler first.
    if not (
        case.state == S.IN_PROGRESS
        or (case.state == S.ACCEPTED and case.kind in {CaseKind.INSTANT, CaseKind.JOINT})
    ):
        return False
    return case.handler_id in (None, user.pk) or user.has_perm("cases.approve_extension")


def available_actions(case: Case, user: Any, held_window_ids: Collection[int] = ()) -> list[str]:
    """Names of the actions (as in ``bianmin.cases.actions``) the user may take on the case now."""
    perm = user.has_perm
    materials = list(case.materials.all())
    mandatory_missing = any(m.mandatory and not m.received for m in materials)
    checks = {
        "supplement": case.state in BEFORE_ACCEPTANCE
        and perm("cases.register_case")
        and any(not m.received for m in materials),
        # accept would refuse while a mandatory material is missing; the page points to the notice instead.
        "accept": case.state == S.SUBMITTED and perm("cases.accept_case") and not mandatory_missing,
        "notify_missing": case.state in BEFORE_ACCEPTANCE and perm("cases.accept_case"),
        "reject": case.state in BEFORE_ACCEPTANCE and perm("cases.accept_case"),
        "assign": case.state in HANDLING and perm("cases.accept_case"),
        "complete_task": bool(completable_tasks(case, user, held_window_ids)),
        "suspend": case.state in CaseState.running_states() and perm("cases.handle_case"),
        "resume": case.state == S.SUSPENDED and perm("cases.handle_case"),
        "extend": case.state in HANDLING | {S.SUSPENDED}
        and perm("cases.approve_extension")
        and case.kind != CaseKind.INSTANT
        and not case.extended_days,
        "conclude": _may_conclude(case, user),
        "deliver": case.state == S.CONCLUDED and perm("cases.deliver_case"),
        "archive": case.state == S.DELIVERED and perm("cases.archive_case"),
        "withdraw": case.state in CaseState.open_states() and perm("cases.register_case"),
    }
    return [name for name in ORDER if checks[name]]


def may_reveal(case: Case, user: Any) -> bool:
    return bool(case.applicant_id_number or case.applicant_credit_code) and user.has_perm(
        "cases.reveal_id_number"
    )
