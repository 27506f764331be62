"""The statistics table as an Excel workbook (totals as formulas) and as CSV: the page's export, and the
workbook a submitted report reuses (``statistics_workbook``)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bianmin.reports.selectors import Row, StatisticsTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 4


def _cell(value: int | Decimal | None) -> int | float | None:
    return float(value) if isinstance(value, Decimal) else value


def _title(table: StatisticsTable) -> str:
    return _("%(org)s 办件统计表（%(period)s）") % {"org": table.org.name, "period": table.period.key}


def statistics_workbook(table: StatisticsTable) -> Workbook:
    """Title, unit and period, one row per breakdown row, then the total row: each count a =SUM() of the
    rows above it, the on-time and satisfaction rates formulas over the total's counts; the average working
    days (a mean over cases, not over rows) the computed value."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("统计表")
    ws["A1"] = _title(table)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = _("填报单位：%(org)s") % {"org": table.org.name}
    ws["A3"] = _("统计期间：%(first)s 至 %(last)s") % {"first": table.period.first, "last": table.period.last}
    ws.cell(row=HEADER_ROW, column=1, value=_("项目"))
    col = {c.code: i + 2 for i, c in enumerate(table.columns)}
    for c in table.columns:
        cell = ws.cell(row=HEADER_ROW, column=col[c.code], value=str(c.label))
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    rows: list[Row] = table.rows if table.by != "total" else []
    first = HEADER_ROW + 1
    for i, row in enumerate(rows):
        ws.cell(row=first + i, column=1, value=row.label)
        for c in table.columns:
            ws.cell(row=first + i, column=col[c.code], value=_cell(row.values.get(c.code)))
    total_row = first + len(rows)
    last = total_row - 1
    ws.cell(row=total_row, column=1, value=table.total.label).font = Font(bold=True)

    def ref(code: str) -> str:
        return f"{get_column_letter(col[code])}{total_row}"

    for c in table.columns:
        letter = get_column_letter(col[c.code])
        value = table.total.values.get(c.code)
        if rows and c.kind in ("count", "money") and value is not None:
            formula: str | int | float | None = f"=SUM({letter}{first}:{letter}{last})"
        elif c.code == "on_time_rate" and "on_time" in col and "overdue" in col:
            on, over = ref("on_time"), ref("overdue")
            formula = f'=IF(({on}+{over})=0,"",ROUND({on}/({on}+{over})*100,1))'
        elif c.code == "satisfaction_rate" and all(f"ratings_{n}" in col for n in range(1, 6)):
            good = "+".join(ref(f"ratings_{n}") for n in (1, 2, 3))
            rated = "+".join(ref(f"ratings_{n}") for n in range(1, 6))
            formula = f'=IF(({rated})=0,"",ROUND(({good})/({rated})*100,1))'
        else:
            formula = _cell(value)
        ws.cell(row=total_row, column=col[c.code], value=formula).font = Font(bold=True)
    ws.column_dimensions["A"].width = 28
    for c in table.columns:
        ws.column_dimensions[get_column_letter(col[c.code])].width = 9
    ws.row_dimensions[HEADER_ROW].height = 48
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=2)
    return wb


def _filename(table: StatisticsTable, ext: str) -> str:
    return f"statistics-{table.org.code}-{table.period.key}-{table.by}.{ext}"


def xlsx_response(table: StatisticsTable) -> HttpResponse:
    buffer = io.BytesIO()
    statistics_workbook(table).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, "xlsx")}"'
    return response


def csv_response(table: StatisticsTable) -> HttpResponse:
    """The same table as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_("项目"), *(str(c.label) for c in table.columns)])
    for row in [*(table.rows if table.by != "total" else []), table.total]:
        values = row.values
        writer.writerow(
            [row.label, *("" if values.get(c.code) is None else values.get(c.code) for c in table.columns)]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, "csv")}"'
    return response
