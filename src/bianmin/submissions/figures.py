"""The figures a report carries, from the reports app's one statistics selector: a center's table by
window, a station's by kind (《村(社区)便民服务办理情况统计表》 counts the six kinds), for the report's period."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from bianmin.lib.periods import Period
from bianmin.orgs.models import Org, OrgKind
from bianmin.reports.selectors import StatisticsTable, statistics


def breakdown_for(org: Org) -> str:
    return "kind" if org.kind == OrgKind.VILLAGE else "window"


def live_table(org: Org, period: Period, *, today: dt.date) -> StatisticsTable:
    """The table as the ledger gives it now (the page a director reviews before submitting)."""
    return statistics(org, period, breakdown_for(org), today=today)


def frozen(table: StatisticsTable) -> Any:
    """The table as it is stored on a submission."""
    return table.to_json()


def thawed(data: Any, period: Period) -> StatisticsTable:
    """A stored table, for the pages, the print and the workbook. ``from_json`` reads months, quarters
    and years; a half month is read as its month and given its own period back."""
    data = {**data, "period": f"{period.first:%Y-%m}"} if period.kind == "half" else data
    return replace(StatisticsTable.from_json(data), period=period)
