"""Every change of a case's life, one function each (办件流程: 登记→受理→交办→承办→办结→送达→归档).

Each action checks the actor's right, the actor's scope and the case's state, then writes the change,
its hash-chained event and its notice in one transaction. A refusal raises ``DomainError`` with a stable
code and a plain message, and writes nothing. The case row is locked for the whole transaction, so two
clerks acting at once are served one after the other and the second sees the first's result.
"""

from bianmin.cases.actions._base import MAX_EXTENSION_DAYS, case_scope, lock_case, missing_mandatory
from bianmin.cases.actions.closing import archive, deliver, recompute_provisional, reveal_id_number, withdraw
from bianmin.cases.actions.handling import assign, complete_task, conclude, extend, resume, suspend
from bianmin.cases.actions.intake import accept, notify_missing, register, reject, supplement

__all__ = [
    "MAX_EXTENSION_DAYS",
    "case_scope",
    "lock_case",
    "missing_mandatory",
    "register",
    "notify_missing",
    "supplement",
    "accept",
    "reject",
    "assign",
    "complete_task",
    "suspend",
    "resume",
    "extend",
    "conclude",
    "deliver",
    "archive",
    "withdraw",
    "reveal_id_number",
    "recompute_provisional",
]
