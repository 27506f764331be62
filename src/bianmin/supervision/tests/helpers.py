"""Cases at known places of the 2026 calendar (中秋 9-25 off, 9-20 a Sunday workday; 国庆 10-1…7 off,
10-10 a Saturday workday, 调休)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.conftest import at, person

MATERIALS = ["居民身份证", "户口簿", "家庭收入证明"]
# Accepted 2026-09-16, 10 working days (9-20 Sunday counts, 9-25 does not): due 2026-09-30.
ACCEPTED = dt.date(2026, 9, 16)
DUE = dt.date(2026, 9, 30)


def accepted_case(w: Any, day: dt.date = ACCEPTED, *, clerk: Any = None, handler: Any = None) -> Case:
    clerk = clerk or w.clerk
    case = actions.register(
        actor=clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=MATERIALS,
        now=at(day.year, day.month, day.day, 9),
    ).case
    case = actions.accept(case, actor=clerk, now=at(day.year, day.month, day.day, 9, 30)).case
    if handler is not None:
        case = actions.assign(
            case, actor=clerk, handler=handler, now=at(day.year, day.month, day.day, 10)
        ).case
    return case
