"""A month's (or quarter's, year's) assessment as an Excel workbook (openpyxl): the staff ranking, the
window ranking and every approved entry, one sheet each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from bianmin.counter.exports import download_header
from bianmin.performance.models import ScoreEntry, Source
from bianmin.performance.selectors import Fines, Ranking

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


def workbook(ranking: Ranking, entries: Iterable[ScoreEntry]) -> Workbook:
    book = Workbook(write_only=True)
    header = [
        _("名次"),
        _("名称"),
        _("中心"),
        _("得分"),
        _("加减分"),
        _("记分条数"),
        _("限期整改"),
        _("责任追究"),
    ]

    def rows(items: list[Any]) -> list[list[Any]]:
        return [
            [
                r.rank,
                r.name,
                r.org_name,
                float(r.score),
                float(r.points),
                r.entries,
                _("是") if r.flagged else "",
                r.level_label,
            ]
            for r in items
        ]

    _sheet(book, _("工作人员排名"), header, rows(ranking.staff))
    _sheet(book, _("窗口排名"), header, rows(ranking.windows))
    _sheet(
        book,
        _("考核记分"),
        [
            _("日期"),
            _("工作人员"),
            _("窗口"),
            _("条款"),
            _("考核条目"),
            _("分值/金额"),
            _("来源"),
            _("来源记录"),
            _("事实依据"),
        ],
        (
            [
                e.day,
                getattr(getattr(e.user, "staff", None), "name", "") if e.user else "",
                str(e.window) if e.window else "",
                e.rule.article,
                e.rule.description,
                float(e.amount),
                str(Source(e.source).label),
                e.source_key,
                e.evidence,
            ]
            for e in entries
        ),
    )
    return book


def xlsx_response(ranking: Ranking, entries: Iterable[ScoreEntry]) -> HttpResponse:
    import io

    buffer = io.BytesIO()
    workbook(ranking, entries).save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = download_header(f"考核-{ranking.period.key}.xlsx")
    return response


def fines_workbook(fines: Fines) -> Workbook:
    """One sheet of the month's fines: every entry with its rule and source, each person's total after their
    entries, and the month's total; amounts in 元 as exact decimals (two places)."""
    book = Workbook(write_only=True)
    rows: list[list[Any]] = []
    for row in fines.rows:
        for e in row.lines:
            rows.append(
                [
                    row.name,
                    row.org_name,
                    e.day,
                    e.rule.article,
                    e.rule.description,
                    str(Source(e.source).label),
                    e.source_key,
                    e.amount,
                ]
            )
        rows.append([row.name, row.org_name, None, None, _("小计"), None, None, row.total])
    rows.append([_("合计"), None, None, None, None, None, None, fines.total])
    header = [
        _("工作人员"),
        _("中心"),
        _("日期"),
        _("条款"),
        _("罚款事由"),
        _("来源"),
        _("来源记录"),
        _("金额（元）"),
    ]
    _sheet(book, _("罚款"), header, rows)
    return book


def fines_response(fines: Fines) -> HttpResponse:
    import io

    buffer = io.BytesIO()
    fines_workbook(fines).save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = download_header(f"罚款-{fines.period.key}.xlsx")
    return response
