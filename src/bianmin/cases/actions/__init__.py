"""Every change of a case's life, one function each (办件流程: 登记→受理→交办→承办→办结→送达→归档).

Each action is declared as a step of the lifecycle table (``cases.lifecycle``) and runs through one helper,
``_base.perform``: right, scope, state and the step's guard are checked, then the change, its hash-chained
event and its notice are written in one transaction, and an ``Outcome`` (case, event, notice) is returned.
``ACTIONS`` maps every step to its function, for the API and the counter pages.
"""

from bianmin.cases.actions._base import ACTIONS, MAX_EXTENSION_DAYS, Effect, Outcome, lock_case
from bianmin.cases.actions.acceptance import accept, notify_missing, reject, supplement
from bianmin.cases.actions.closing import (
    archive,
    deliver,
    dispatch_mail,
    recompute_provisional,
    reveal_id_number,
    withdraw,
)
from bianmin.cases.actions.handling import (
    assign,
    complete_task,
    conclude,
    record_step,
    resume,
    suspend,
)
from bianmin.cases.actions.intake import Idempotency, applicant_problems, form_idempotency, register
from bianmin.cases.actions.network import (
    escalate,
    forward,
    hand_back,
    open_green_channel,
    receive,
    return_escalation,
    return_to_agent,
)
from bianmin.cases.actions.supervision import (
    approve_extension,
    refuse_extension,
    reply_urge,
    request_extension,
    review,
    review_all,
    urge,
)
from bianmin.cases.actions.uploads import (
    check_upload,
    discard_held,
    discard_stale_uploads,
    hold_upload,
    valid_token,
)

__all__ = [
    "ACTIONS",
    "MAX_EXTENSION_DAYS",
    "Effect",
    "Idempotency",
    "form_idempotency",
    "Outcome",
    "lock_case",
    "applicant_problems",
    "check_upload",
    "hold_upload",
    "discard_held",
    "discard_stale_uploads",
    "valid_token",
    "register",
    "notify_missing",
    "supplement",
    "accept",
    "reject",
    "assign",
    "complete_task",
    "record_step",
    "suspend",
    "resume",
    "request_extension",
    "approve_extension",
    "refuse_extension",
    "urge",
    "reply_urge",
    "review",
    "review_all",
    "conclude",
    "dispatch_mail",
    "deliver",
    "archive",
    "withdraw",
    "reveal_id_number",
    "recompute_provisional",
    "forward",
    "receive",
    "escalate",
    "return_escalation",
    "return_to_agent",
    "hand_back",
    "open_green_channel",
]
