"""The supervision board as an Excel workbook (openpyxl): counts per window, per staff, per center,
the cards and the accountability table, one sheet each."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from bianmin.counter.exports import download_header
from bianmin.supervision.models import CardLevel, CardRule, CardStatus

FORMULA_STARTS = ("=", "+", "-", "@")


def _safe(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _sheet(book: Workbook, title: str, header: list[str], rows: Iterable[list[Any]]) -> None:
    sheet = book.create_sheet(title)
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append([_safe(v) for v in row])


def xlsx_response(
    board: dict[str, Any], cards: list[dict[str, Any]], accountability: list[Any]
) -> HttpResponse:
    book = Workbook(write_only=True)
    levels = [_("预警"), _("黄牌"), _("红牌")]

    def counts(rows: list[dict[str, Any]]) -> list[list[Any]]:
        return [[r["label"], r["warning"], r["yellow"], r["red"]] for r in rows]

    _sheet(book, _("按窗口"), [_("窗口"), *levels], counts(board["by_window"]))
    _sheet(book, _("按工作人员"), [_("承办人"), *levels], counts(board["by_staff"]))
    if board["by_town"]:
        _sheet(book, _("按中心"), [_("中心"), *levels], counts(board["by_town"]))
    _sheet(
        book,
        _("监察记录"),
        [
            _("受理编号"),
            _("对象"),
            _("监察规则"),
            _("等级"),
            _("责任人"),
            _("窗口"),
            _("到期日"),
            _("超期(工作日)"),
            _("亮牌日期"),
            _("认定"),
            _("认定理由"),
        ],
        (
            [
                c["case"],
                c["subject_label"],
                str(CardRule(c["rule"]).label),
                str(CardLevel(c["level"]).label),
                c["staff_name"],
                c["window_name"],
                c["due_date"],
                c["days_overdue"],
                c["reached_on"],
                str(CardStatus(c["status"]).label),
                c["decision_reason"],
            ]
            for c in cards
        ),
    )
    _sheet(
        book,
        _("责任追究"),
        [_("工作人员"), _("黄牌(已确认)"), _("红牌(已确认)"), _("投诉成立"), _("责任追究")],
        ([r.name, r.yellow, r.red, r.complaints, r.level_label] for r in accountability),
    )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = download_header(f"supervision-{timezone.localdate():%Y%m%d}.xlsx")
    return response
