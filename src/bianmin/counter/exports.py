"""The filtered case list as Excel (openpyxl) or CSV (UTF-8 with BOM, so Excel on Windows reads Chinese).

Cells a spreadsheet would take for a formula (=, +, -, @ …) are prefixed with an apostrophe: an
applicant's name is typed by staff and must not run as a formula on a colleague's machine.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from bianmin.counter.display import CaseRow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    return [
        _("受理编号"),
        _("事项"),
        _("申请人"),
        _("证件号码"),
        _("状态"),
        _("办件类型"),
        _("受理窗口"),
        _("登记时间"),
        _("承诺办结日"),
        _("监察等级"),
        _("代办时限"),  # 003 曾家镇 全程代办制: the proxy leg's 7 working days, beside the item's own
        _("代办监察等级"),
        _("承办人"),
        _("中心"),  # a county export mixes its towns' cases
    ]


def _safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cells(row: CaseRow) -> list[Any]:
    registered = timezone.localtime(row.registered_at).replace(tzinfo=None)
    return [
        row.number,
        _safe(row.item),
        _safe(row.applicant),
        row.id_masked,
        row.state_label,
        row.kind_label,
        _safe(row.window),
        registered,
        row.due_date,
        row.level_label,
        row.proxy_due_date,
        row.proxy_level_label if row.proxy_due_date else "",
        _safe(row.handler),
        row.center,
    ]


def _text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def download_header(filename: str) -> str:
    """Content-Disposition for a download, with an RFC 5987 name so Chinese file names survive."""
    return content_disposition_header(True, filename) or "attachment"


def _filename(ext: str) -> str:
    return f"cases-{timezone.localdate():%Y%m%d}.{ext}"


# Built whole rather than streamed: labels are translated in the request's language, which is only
# active while the view runs, and a center's list is thousands of rows, not millions.


def csv_response(rows: Iterable[CaseRow]) -> HttpResponse:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(headers())
    for row in rows:
        writer.writerow([_text(v) for v in _cells(row)])
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = download_header(_filename("csv"))
    return response


def xlsx_response(rows: Iterable[CaseRow]) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("办件"))
    for column, width in zip("ABCDEFGHIJK", (22, 28, 12, 22, 10, 12, 18, 18, 13, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    bold = Font(bold=True)
    header_cells = []
    for title in headers():
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(_cells(row))
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = download_header(_filename("xlsx"))
    return response
