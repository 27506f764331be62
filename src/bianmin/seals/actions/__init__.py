"""Every change of the seal registry and every use of a seal, one function each; pages, API, the demo and the
case panel call these.

003 第5篇 印章管理: 印章加编号 (``register_seal``), 印章使用审批 (``request_use``, ``decide_request``), 登记
(``log_use``), 备案 (the impression image, the seal's history) and 管理 (status, ``hand_over``/``accept_handover``).

Each action checks the actor's right and scope, locks the rows it changes (``select_for_update``) and refuses with
a ``DomainError`` carrying a stable code. A refused use (``log_use``) is also written down as a ``SealAttempt`` —
in its own transaction, after the refused one rolled back, so the record of the attempt survives the refusal.
"""

from bianmin.seals.actions._base import (
    APPROVE,
    ATTEMPT_CODES,
    IMPRESSION_MAX_BYTES,
    IMPRESSION_TYPES,
    MANAGE,
    REQUEST,
    SEAL_NOT_FOUND,
    USE,
    find_seal,
)
from bianmin.seals.actions.handover import accept_handover, cancel_handover, check_hand_over, hand_over
from bianmin.seals.actions.registry import edit_seal, register_seal, set_status
from bianmin.seals.actions.uses import can_use, check_decide, decide_request, log_use, request_use

__all__ = [
    "APPROVE",
    "ATTEMPT_CODES",
    "IMPRESSION_MAX_BYTES",
    "IMPRESSION_TYPES",
    "MANAGE",
    "REQUEST",
    "SEAL_NOT_FOUND",
    "USE",
    "accept_handover",
    "can_use",
    "cancel_handover",
    "check_decide",
    "check_hand_over",
    "decide_request",
    "edit_seal",
    "find_seal",
    "hand_over",
    "log_use",
    "register_seal",
    "request_use",
    "set_status",
]
