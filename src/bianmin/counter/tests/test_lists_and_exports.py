"""办件列表: the API's filters, pagination, and the same rows exported to Excel and CSV."""

from __future__ import annotations

import csv
import io
import time

import openpyxl
import pytest

from bianmin.cases.models import Case
from bianmin.counter.tests.helpers import accepted, submitted

HEADER = [
    "受理编号",
    "事项",
    "申请人",
    "证件号码",
    "状态",
    "办件类型",
    "受理窗口",
    "登记时间",
    "承诺办结日",
    "监察等级",
    "代办时限",
    "代办监察等级",
    "承办人",
    "中心",
]


@pytest.fixture
def li(world, client):
    client.force_login(world.clerk)
    return client


@pytest.fixture
def cases(world):
    return [submitted(world, name="王五"), accepted(world, name="赵六")]


def test_list_filters_by_state_with_the_api_filterset(world, li, cases):
    waiting, done = cases
    page = li.get("/counter/cases/", {"state": "accepted"}).content.decode()
    assert done.number in page and waiting.number not in page
    page = li.get("/counter/cases/", {"state": ["accepted", "submitted"]}).content.decode()
    assert done.number in page and waiting.number in page
    page = li.get("/counter/cases/", {"number": waiting.number}).content.decode()
    assert waiting.number in page and done.number not in page
    page = li.get("/counter/cases/", {"overdue": "true"}).content.decode()
    assert done.number not in page


def test_list_shows_masked_id_and_not_the_full_one(world, li, cases):
    page = li.get("/counter/cases/").content.decode()
    assert "110105********002X" in page and "11010519491231002X" not in page


def test_bad_filter_is_reported_not_a_500(world, li, cases):
    response = li.get("/counter/cases/", {"due_before": "not-a-date"})
    assert (
        response.status_code == 200
        and "部分筛选条件无效，已忽略：承诺办结日不晚于" in response.content.decode()
    )


def test_list_is_paginated_by_fifty(world, li, monkeypatch):
    monkeypatch.setattr("bianmin.counter.views_lists.PAGE_SIZE", 2)
    made = [submitted(world) for _ in range(3)]
    first = li.get("/counter/cases/").content.decode()
    second = li.get("/counter/cases/", {"page": 2}).content.decode()
    assert sum(c.number in first for c in made) == 2 and sum(c.number in second for c in made) == 1
    assert "下一页" in first and "上一页" in second


def test_xlsx_export_opens_in_openpyxl_with_the_filtered_rows(world, li, cases):
    waiting, done = cases
    response = li.get("/counter/cases/", {"state": "accepted", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert len(rows) == 2
    row = dict(zip(HEADER, rows[1], strict=True))
    assert (
        row["受理编号"] == done.number and row["申请人"] == "赵六" and row["证件号码"] == "110105********002X"
    )
    assert row["状态"] == "已受理" and row["办件类型"] == "承诺件" and row["承诺办结日"] is not None
    assert row["监察等级"] in {"正常", "预警"}


def test_csv_export_has_bom_header_and_rows(world, li, cases):
    response = li.get("/counter/cases/", {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert {r[0] for r in rows[1:]} == {c.number for c in Case.objects.all()}
    assert {r[2] for r in rows[1:]} == {"王五", "赵六"}


def test_exported_cells_never_run_as_formulas(world, li):
    submitted(world, name='=HYPERLINK("http://x")')
    rows = list(
        csv.reader(io.StringIO(li.get("/counter/cases/", {"format": "csv"}).content.decode("utf-8-sig")))
    )
    assert rows[1][2].startswith("'=")
    sheet = openpyxl.load_workbook(io.BytesIO(li.get("/counter/cases/", {"format": "xlsx"}).content)).active
    assert sheet["C2"].data_type == "s" and sheet["C2"].value.startswith("'=")


def test_exports_keep_to_the_scope(world, client, cases):
    client.force_login(world.clerk2)
    response = client.get("/counter/cases/", {"format": "csv"})
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 1


def test_export_of_a_thousand_cases_is_quick(world, li):
    # One calendar per center and no per-row queries: the export scales with the rows, not the lookups.
    case = submitted(world)
    Case.objects.bulk_create(
        [
            Case(
                **{
                    **{
                        f.attname: getattr(case, f.attname)
                        for f in Case._meta.concrete_fields
                        if not f.primary_key
                    },
                    "number": f"X{i:06d}",
                }
            )
            for i in range(1000)
        ]
    )
    start = time.perf_counter()
    response = li.get("/counter/cases/", {"format": "xlsx"})
    assert response.status_code == 200 and time.perf_counter() - start < 10
