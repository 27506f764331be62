"""Every change of a mediation, one function each; pages, API, commands and the demo call these.

Each action checks the actor's right and scope, locks the mediation (``select_for_update``), checks its state
against the transition table and refuses with a ``DomainError`` carrying a stable code; the change and its
``MediationEvent`` are written in one transaction. Numbers (the mediation's and the agreement's) are given
under a lock of the center's row, so they are gap-free and never given twice per center and year.
"""

from bianmin.mediation.actions._base import NOT_FOUND, agreement_number, can, mediation_number
from bianmin.mediation.actions.agreement import (
    check_agreement,
    check_conclude,
    check_sign,
    conclude,
    draft_agreement,
    sign,
)
from bianmin.mediation.actions.register import register
from bianmin.mediation.actions.steps import (
    check_close,
    check_extend,
    check_follow_up,
    check_mediate,
    check_open,
    check_session,
    close,
    extend,
    follow_up,
    record_print,
    record_session,
)

__all__ = [
    "NOT_FOUND",
    "agreement_number",
    "can",
    "check_agreement",
    "check_close",
    "check_conclude",
    "check_extend",
    "check_follow_up",
    "check_mediate",
    "check_open",
    "check_session",
    "check_sign",
    "close",
    "conclude",
    "draft_agreement",
    "extend",
    "follow_up",
    "mediation_number",
    "record_print",
    "record_session",
    "register",
    "sign",
]
