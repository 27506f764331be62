"""``{% mediation_board_panel user today %}``: the supervision board's panel of mediations near or past their
limit and follow-up visits overdue, in the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from bianmin.mediation.selectors import due_warnings
from bianmin.orgs.selectors import visible_org_ids

register = template.Library()


@register.inclusion_tag("mediation/board_panel.html")
def mediation_board_panel(user: Any, today: dt.date) -> dict[str, Any]:
    return {"warnings": due_warnings(visible_org_ids(user), today), "today": today}
