"""Holds other apps put on a case step (前置条件): a delivery waits for the fees to be paid or waived (统一收费),
a conclusion that needs a seal waits for its use to be logged (印章管理).

``settings.STEP_HOLDS`` maps a step's value to the dotted paths of checks ``(case, actor, today) → refusal or
None``, each in the app that owns the rule. The lifecycle asks them after its own guard, so the case page says
why a step is held and the action refuses it again on the locked row. A check reads, never writes, and never
raises; the case app never imports the apps that hold its steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from bianmin.cases.models import Case
from bianmin.lib.errors import DomainError

Hold = Callable[[Case, Any, dt.date], DomainError | None]


@cache
def _holds(step: str, paths: tuple[str, ...]) -> tuple[Hold, ...]:
    return tuple(import_string(path) for path in paths)


def holds_for(step: str) -> tuple[Hold, ...]:
    """The checks declared for ``step`` (settings are read each time, so tests may override them)."""
    declared: dict[str, list[str]] = getattr(settings, "STEP_HOLDS", {})
    return _holds(step, tuple(declared.get(step, ())))


def hold_refusal(step: str, case: Case, actor: Any, today: dt.date) -> DomainError | None:
    """The first declared hold that refuses ``step`` on ``case`` today, or None."""
    for hold in holds_for(step):
        refusal = hold(case, actor, today)
        if refusal is not None:
            return refusal
    return None
