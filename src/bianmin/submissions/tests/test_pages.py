"""The pages: the overview of who has and hasn't submitted, a report's page, the printed forms."""

from __future__ import annotations

import io
import subprocess

import openpyxl
import time_machine
from django.test import Client

from bianmin.conftest import at, keep_screenshot
from bianmin.submissions import actions


def _submitted(world):  # type: ignore[no-untyped-def]
    d = actions.save_draft(
        actor=world.director,
        org=world.town,
        kind="semi_monthly",
        period_key="2026-11-H1",
        now=at(2026, 11, 14),
        work="受理办件如表。",
        good_practice="赶场日流动服务",
        problems="网络不稳定",
    )
    return actions.submit(actor=world.director, submission_id=d.pk, now=at(2026, 11, 16, 15))


def test_county_overview_shows_who_has_and_hasnt_submitted(world):
    _submitted(world)
    client = Client()
    client.force_login(world.county_admin)
    with time_machine.travel(at(2026, 11, 17, 9), tick=False):
        html = client.get("/counter/submissions/?month=2026-11").content.decode()
    assert "象湖镇便民服务中心" in html and "按时报送" in html
    assert "逾期未报" in html  # 壬田镇 has not submitted and the 16th is past


def test_director_reviews_the_table_and_submits_from_the_page(world):
    client = Client()
    client.force_login(world.director)
    url = f"/counter/submissions/report/{world.town.code}/semi_monthly/2026-11-H1/"
    with time_machine.travel(at(2026, 11, 16, 9), tick=False):
        page = client.get(url).content.decode()
        assert "合计" in page and "工作情况" in page
        response = client.post(
            url, {"work": "窗口运行正常", "good_practice": "", "problems": "", "submit": "1"}
        )
    assert response.status_code == 302
    s = world.town.pk and actions.Submission.objects.get(org=world.town, state="submitted")
    assert s.on_time and s.work == "窗口运行正常"


def test_the_printed_form_pdf_and_workbook(world, tmp_path):
    s = _submitted(world)
    client = Client()
    client.force_login(world.director)
    html = client.get(f"/counter/submissions/{s.pk}/print/").content.decode()
    for words in (
        "《象湖镇便民服务中心2026年11月上半月工作报表》",
        "合计",
        "填报人",
        "审核人",
        "盖章",
        s.number,
    ):
        assert words in html
    pdf = client.get(f"/counter/submissions/{s.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    (tmp_path / "subm-form.pdf").write_bytes(pdf.content)
    # its first page as an image, kept with the screenshots: the PDF renders
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(tmp_path / "subm-form.pdf"),
            str(tmp_path / "subm-form"),
        ],
        check=True,
    )
    keep_screenshot(tmp_path / "subm-form.png")
    book = client.get(f"/counter/submissions/{s.pk}/xlsx/")
    ws = openpyxl.load_workbook(io.BytesIO(book.content)).active
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("工作报表" in t for t in texts) and any("审核人" in t for t in texts)
    assert any(t.startswith("=SUM(") or t.startswith("=") for t in texts)  # totals stay formulas
