"""How the counter pages name things: staff, windows, deadlines and list rows.

Shared by the pages and the exports so a case reads the same on screen and in Excel. Warning levels come
from ``cases.deadlines``; this module only looks the calendar up once per center per request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from bianmin.cases.deadlines import Deadlines, WarningLevel
from bianmin.cases.models import Case, CaseState
from bianmin.catalog.models import CaseKind
from bianmin.lib.identity import mask_id
from bianmin.orgs.models import Window


def user_name(user: Any) -> str:
    """A staff member's real name, else the login name; "" for nobody."""
    if user is None:
        return ""
    try:
        return user.staff.name
    except ObjectDoesNotExist:  # a user without a staff record (an administrator)
        return user.get_username()


def window_label(window: Window | None) -> str:
    if window is None:
        return ""
    return _("%(number)s号窗口 %(name)s") % {"number": window.number, "name": window.name}


@dataclass(frozen=True)
class CaseRow:
    """One line of a case list, on screen or exported."""

    number: str
    center: str
    item: str
    applicant: str
    id_masked: str
    state: str
    state_label: str
    kind_label: str
    window: str
    registered_at: dt.datetime
    due_date: dt.date | None
    due_provisional: bool
    level: str
    level_label: str
    days_left: int | None
    handler: str


def case_row(case: Case, deadlines: Deadlines) -> CaseRow:
    level = deadlines.level(case)
    return CaseRow(
        number=case.number,
        center=case.org.short_name or case.org.name,
        item=case.item_name,
        applicant=case.applicant_name,
        id_masked=mask_id(case.applicant_id_number or case.applicant_credit_code),
        state=case.state,
        state_label=str(CaseState(case.state).label),
        kind_label=str(CaseKind(case.kind).label),
        window=window_label(case.window),
        registered_at=case.registered_at,
        due_date=case.due_date,
        due_provisional=case.due_provisional,
        level=level,
        level_label=str(WarningLevel(level).label),
        days_left=deadlines.left(case),
        handler=user_name(case.handler),
    )


def case_rows(cases: Any, deadlines: Deadlines) -> list[CaseRow]:
    return [case_row(case, deadlines) for case in cases]
