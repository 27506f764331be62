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
from bianmin.cases.models import Case, CaseState, GreenChannel
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
    # 全程代办: the proxy leg's own due date and level, shown beside the item's (003 曾家镇 四: 7 个工作日)
    proxy_due_date: dt.date | None = None
    proxy_level: str = WarningLevel.NORMAL
    proxy_level_label: str = ""
    proxy_left: int | None = None
    green_channel: str = ""  # 绿色通道: the reason's label, "" when none


def case_row(case: Case, deadlines: Deadlines) -> CaseRow:
    level = deadlines.level(case)
    proxy_level = deadlines.proxy_level(case)
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
        proxy_due_date=case.proxy_due_date,
        proxy_level=proxy_level,
        proxy_level_label=str(WarningLevel(proxy_level).label),
        proxy_left=deadlines.proxy_left(case),
        green_channel=green_label(case),
    )


def green_label(case: Case) -> str:
    return str(GreenChannel(case.green_channel).label) if case.green_channel else ""


def case_rows(cases: Any, deadlines: Deadlines) -> list[CaseRow]:
    return [case_row(case, deadlines) for case in cases]
