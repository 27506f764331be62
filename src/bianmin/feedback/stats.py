"""The statistics of ratings as the page, the API and the Excel export ask for them: one period, one
grouping, the same figures from ``selectors.statistics``."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from bianmin.feedback.models import Level
from bianmin.feedback.selectors import Grouping, Row, Statistics, month_of, statistics
from bianmin.lib.errors import DomainError
from bianmin.orgs.selectors import visible_centers, visible_org_ids

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_DAYS = 400


@dataclass(frozen=True)
class Period:
    org_ids: frozenset[int]
    start: dt.date
    end: dt.date
    by: Grouping


def _date(raw: Any, name: str) -> dt.date | None:
    if raw in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError as exc:
        raise DomainError("invalid_date", _("日期格式应为 YYYY-MM-DD：%(name)s") % {"name": name}) from exc


def parse_period(user: Any, params: Mapping[str, Any], *, today: dt.date) -> Period:
    """start/end (default: this month), by (window or staff), center (a county user's town)."""
    first, last = month_of(today)
    start = _date(params.get("start"), "start") or first
    end = _date(params.get("end"), "end") or (
        last if not params.get("start") else start + dt.timedelta(days=6)
    )
    if end < start:
        raise DomainError("invalid_period", _("截止日不能早于起始日"))
    if (end - start).days > MAX_DAYS:
        raise DomainError("invalid_period", _("统计期间不超过 400 天"))
    by = str(params.get("by") or "window")
    if by not in ("window", "staff"):
        raise DomainError("invalid_grouping", _("统计方式应为 window（按窗口）或 staff（按工作人员）"))
    org_ids = visible_org_ids(user)
    center = str(params.get("center") or "")
    if center:
        found = visible_centers(user).filter(code=center).values_list("pk", flat=True).first()
        if found is None:
            raise DomainError("center_not_found", _("找不到该中心"), kind="not_found")
        org_ids = frozenset({found})
    return Period(org_ids=frozenset(org_ids), start=start, end=end, by=by)  # type: ignore[arg-type]


def compute(period: Period) -> Statistics:
    return statistics(period.org_ids, period.start, period.end, period.by)


def _row(row: Row) -> dict[str, Any]:
    return {
        "key": row.key,
        "name": row.name,
        "center": row.org_name,
        "counts": row.level_counts(),
        "total": row.total,
        "satisfied": row.satisfied,
        "rate": row.rate,
        "excluded": row.excluded,
    }


def stats_payload(period: Period) -> dict[str, Any]:
    figures = compute(period)
    return {
        "start": figures.start,
        "end": figures.end,
        "by": figures.by,
        "rows": [_row(r) for r in figures.rows],
        "total": _row(figures.total),
    }


def _safe(value: str) -> str:
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def _figures(row: Row) -> list[Any]:
    return [*row.level_counts(), row.total, float(row.rate) if row.rate is not None else None, row.excluded]


def export_xlsx(period: Period) -> HttpResponse:
    """The statistics as Excel: one sheet, a row per window or staff member and a total row."""
    figures = compute(period)
    book = Workbook()
    sheet = book.active
    sheet.title = _("评价统计")
    grouping = _("窗口") if period.by == "window" else _("工作人员")
    sheet.append([_("统计期间"), f"{period.start.isoformat()} — {period.end.isoformat()}"])
    head = [_("中心"), grouping, *[str(label) for label in Level.labels], _("合计"), _("满意度（%）")]
    sheet.append([*head, _("不计入统计")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in figures.rows:
        sheet.append([_safe(row.org_name), _safe(row.name or "—"), *_figures(row)])
    sheet.append([_("合计"), "", *_figures(figures.total)])
    out = io.BytesIO()
    book.save(out)
    filename = f"ratings-{period.by}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response
