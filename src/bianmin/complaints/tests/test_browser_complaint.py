"""A complaint from the hall's online form to its decision, in headless Chromium.

A citizen complains about the 民政 window online and is told the due date; clerk Li answers it in writing
and prints the numbered reply notice (its print page and its PDF); supervisor Jiang, the only one who sees
who complained, decides it upheld. 003 曾家镇便民服务中心效能投诉制度 三 (保密), 六 (当日或三天内答复),
七 (书面投诉必须书面答复), 四 (调查核实后作出处理).

Screenshots (var/screenshots/): hall-complaint-form.png, hall-complaint.png,
complaint-list.png, complaint-to-answer.png, complaint-replied.png, complaint-reply-notice.png,
complaint-reply-pdf.png, complaint-decided.png.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from bianmin.complaints.models import Complaint, ComplaintState
from bianmin.conftest import keep_screenshot, nav_link, shoot
from bianmin.counter.tests.test_browser_clerk import expect, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_png(pdf: bytes, tmp_path: Path, name: str) -> None:
    """The PDF's first page as PNG (poppler's pdftoppm), when it is installed."""
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        return
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "reply.pdf"
        source.write_bytes(pdf)
        stem = Path(tmp) / "page"
        subprocess.run(
            [pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(source), str(stem)],
            check=True,
            timeout=60,
        )
        shutil.copyfile(stem.with_suffix(".png"), tmp_path / name)
    keep_screenshot(tmp_path / name)


def test_online_complaint_answered_in_writing_printed_and_decided(browser_page, world, tmp_path):
    page = browser_page
    # given a citizen on the hall's complaint form of 象湖镇
    page.goto(f"/complaint/?org={world.town.code}")
    expect(page.locator("h1")).to_contain_text("网上投诉")
    # when they complain about the 民政 window with their name and phone
    page.locator("#id_content").fill("民政窗口工作人员上班时间玩手机，让我等了四十分钟。")
    page.locator("#id_window").select_option("MZ")
    page.locator("#id_complainant_name").fill("王五")
    page.locator("#id_complainant_phone").fill("13912345678")
    shoot(page, tmp_path, "hall-complaint-form.png")
    page.get_by_role("button", name="提交投诉").click()
    # then it is received and they are told by when they will be answered (六: three working days)
    complaint = Complaint.objects.get()
    done = page.get_by_role("status")
    expect(done).to_contain_text(f"投诉编号 {complaint.pk}")
    due = f"{complaint.due_date.year}年{complaint.due_date.month}月{complaint.due_date.day}日"
    expect(done).to_contain_text(f"我们将在 {due} 前书面答复您")
    shoot(page, tmp_path, "hall-complaint.png")

    # when clerk Li opens 效能投诉 from the counter's nav
    log_in(page, "li")
    nav_link(page, "效能投诉").click()
    page.wait_for_url("**/counter/complaints/")
    row = page.locator("table.complaints tbody tr").first
    # then the complaint is listed with the complainant masked (三 保密)
    expect(row).to_contain_text("王*")
    expect(row).not_to_contain_text("王五")
    shoot(page, tmp_path, "complaint-list.png")
    row.get_by_role("link").first.click()
    page.wait_for_url(f"**/counter/complaints/{complaint.pk}/")
    # and a written complaint is answered in writing (七): the form proposes it
    expect(page.locator("#id_mode")).to_have_value("written")
    page.locator("#id_text").fill(
        "经核实，该窗口工作人员确有上班时间使用手机的情况，中心已对其批评教育，向您致歉。"
    )
    shoot(page, tmp_path, "complaint-to-answer.png")
    page.get_by_role("button", name="答复", exact=True).click()
    page.wait_for_url(f"**/counter/complaints/{complaint.pk}/")
    expect(page.locator(".messages, [role=status], .message").first).to_contain_text("已答复投诉人")
    complaint.refresh_from_db()
    notice = complaint.reply_notice
    expect(page.locator("#h-reply + table")).to_contain_text(notice.number)
    shoot(page, tmp_path, "complaint-replied.png")

    # when Li opens the printed reply
    page.get_by_role("link", name="打印", exact=True).click()
    page.wait_for_url(f"**/counter/complaints/{complaint.pk}/reply-notice/")
    # then the numbered notice quotes the complaint and the answer, addressed to the masked name
    body = page.locator("body")
    expect(page.locator("h1")).to_have_text("投诉答复书")
    expect(body).to_contain_text(notice.number)
    expect(body).to_contain_text("王*：")
    expect(body).to_contain_text("中心已对其批评教育")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    shoot(page, tmp_path, "complaint-reply-notice.png")
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})
    # and its PDF, as the print bar's link gives it
    pdf = page.request.get(page.get_by_role("link", name="下载 PDF").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    pdf_png(pdf.body(), tmp_path, "complaint-reply-pdf.png")
    page.get_by_role("link", name="返回投诉").click()
    page.wait_for_url(f"**/counter/complaints/{complaint.pk}/")
    # Li answers but does not decide
    expect(page.locator("#id_findings")).to_have_count(0)
    log_out(page)

    # when supervisor Jiang opens the complaint
    log_in(page, "jiang")
    page.goto(f"/counter/complaints/{complaint.pk}/")
    # then he sees who complained, in full
    expect(page.locator("#h-complaint + table")).to_contain_text("王五")
    expect(page.locator("#h-complaint + table")).to_contain_text("13912345678")
    # and decides it upheld with the findings and the reason (四)
    page.get_by_label("成立", exact=True).check()
    page.locator("#id_findings").fill("调取大厅监控，情况属实。")
    page.locator("#id_reason").fill("对当事人批评教育，计入本年度投诉记录。")
    page.get_by_role("button", name="认定并办结").click()
    page.wait_for_url(f"**/counter/complaints/{complaint.pk}/")
    expect(page.locator("#h-decision + table")).to_contain_text("成立")
    expect(page.locator(".case-head .state")).to_have_text("已办结")
    shoot(page, tmp_path, "complaint-decided.png")
    complaint.refresh_from_db()
    assert (complaint.state, complaint.upheld, complaint.decided_by) == (
        ComplaintState.DECIDED,
        True,
        world.supervisor,
    )
