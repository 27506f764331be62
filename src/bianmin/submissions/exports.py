"""A submission as an Excel file: the reports app's statistics workbook (its totals are formulas) of the
frozen table, with the form's title, number and submission line on top and the signature and seal rows
below, as the printed form has them."""

from __future__ import annotations

import io
from typing import Any

from openpyxl.styles import Font

from bianmin.reports.exports import statistics_workbook
from bianmin.submissions.models import Submission


def submission_xlsx(s: Submission, context: dict[str, Any]) -> bytes:
    table = context["table"]
    wb = statistics_workbook(table)
    ws = wb.active
    assert ws is not None
    ws["A1"] = f"《{context['title']}》"
    ws["A1"].font = Font(bold=True, size=14)
    number = s.number + (f"（更正 {s.supersedes.number}）" if s.supersedes_id and s.supersedes else "")
    ws["D2"] = f"编号：{number}"
    ws["D3"] = f"报送：{s.recipient.name}　报送期限：{s.due_date:%Y-%m-%d}" + (
        "（暂定）" if s.due_provisional else ""
    )
    row = ws.max_row + 2
    for label, text in (("工作情况", s.work), ("好的经验和做法", s.good_practice), ("存在问题", s.problems)):
        ws.cell(row=row, column=1, value=label).font = Font(bold=True)
        ws.cell(row=row, column=2, value=text)
        row += 1
    row += 1
    filled = context["filled_by"]
    on = context["submitted_on"]
    ws.cell(row=row, column=1, value=f"填报人：{filled}")
    ws.cell(row=row, column=4, value="审核人：")
    ws.cell(row=row + 1, column=1, value=f"填报日期：{on:%Y年%m月%d日}" if on else "填报日期：")
    ws.cell(row=row + 2, column=1, value=f"{s.org.name}（盖章）")
    ws.cell(row=row + 2, column=4, value="年　　月　　日")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
