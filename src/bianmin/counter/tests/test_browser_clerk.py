"""Clerk Li takes a 低保 application at the counter, end to end in headless Chromium.

一窗受理 with a missing material → one-time notice → supplement → accept → assign to Chen; Chen concludes;
Li delivers. Screenshots go to var/screenshots/ (intake.png, case.png, notice-pdf.png).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from bianmin.cases.models import Case, Notice
from bianmin.cases.pdf import notice_pdf
from bianmin.conftest import SCREENSHOTS, VALID_ID

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect(locator):
    return pytest.importorskip("playwright.sync_api").expect(locator)


def log_in(page, username):
    page.goto("/accounts/login/?next=/counter/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/counter/")


def log_out(page):
    page.locator("form.logout button").click()
    page.wait_for_url("**/accounts/login/")


def act(page, action, **fields):
    """Open an action's panel on the case page, fill it and submit."""
    panel = page.locator(f"#action-{action}")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    for label, value in fields.items():
        field = panel.get_by_label(label, exact=True)
        if value is True:
            field.check()
        elif field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    panel.locator("button[type=submit]").click()
    page.wait_for_load_state()


def notice_png(notice: Notice, page, path: Path) -> str:
    """The notice's first PDF page as PNG with poppler's pdftoppm, else the browser's rendering of its HTML."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "notice.pdf"
            pdf.write_bytes(notice_pdf(notice))
            subprocess.run(
                [
                    pdftoppm,
                    "-png",
                    "-r",
                    "110",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(Path(tmp) / "page"),
                ],
                check=True,
                timeout=60,
            )
            shutil.copyfile(Path(tmp) / "page.png", path)
        return "pdftoppm"
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto(f"/counter/notices/{notice.pk}/")
    page.emulate_media(media="print")  # as printed: A4 styles, no print bar
    page.screenshot(path=path, full_page=True)
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})
    return "browser"


def test_clerk_registers_notifies_supplements_accepts_and_delivers(browser_page, world):
    page = browser_page
    log_in(page, "li")

    # 一窗受理: find the item by its pinyin initials
    page.get_by_role("link", name="一窗受理", exact=True).click()
    page.fill("#item-q", "dbsq")
    page.press("#item-q", "Enter")
    page.get_by_role("link", name="最低生活保障申请").click()
    expect(page.locator("#h-item")).to_contain_text("最低生活保障申请")

    # the applicant, the ID checked as typed, two of the three mandatory materials
    page.fill("#id_name", "张三")
    page.fill("#id_id_number", VALID_ID[:-1] + "1")
    expect(page.locator("#id-check")).to_contain_text("身份证号码不正确")
    page.fill("#id_id_number", VALID_ID)
    expect(page.locator("#id-check")).to_have_text("号码校验通过")
    page.get_by_label("居民身份证", exact=True).check()
    page.get_by_label("户口簿", exact=True).check()
    page.screenshot(path=SCREENSHOTS / "intake.png", full_page=True)
    page.get_by_role("button", name="登记并出具一次性告知书").click()

    # the case page opens with the new one-time notice ready to print, naming the missing proof
    page.wait_for_url("**/counter/cases/*/?notice=*")
    expect(page.locator("#new-notice h2")).to_contain_text("一次性告知书")
    expect(page.frame_locator("#notice-frame").locator("ol.materials")).to_contain_text("家庭收入证明")
    page.locator("#open-notice").click()
    expect(page.locator("body")).to_contain_text("家庭收入证明")
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    page.get_by_role("link", name="返回办件").click()
    case = Case.objects.get()
    assert case.state == "supplementing"
    case_url = f"/counter/cases/{case.number}/"

    # the proof arrives; accept; hand to Chen
    act(page, "supplement", 家庭收入证明=True)
    expect(page.locator(".messages")).to_contain_text("已登记补交的材料")
    act(page, "accept")
    expect(page.locator(".messages")).to_contain_text("已受理")
    expect(page.frame_locator("#notice-frame").locator("h1")).to_contain_text("受理通知书")
    act(page, "assign", 承办人="chen")
    expect(page.locator(".messages")).to_contain_text("已交办")
    log_out(page)

    # handler Chen concludes: granted
    log_in(page, "chen")
    expect(page.locator("#h-handling + table")).to_contain_text(case.number)
    page.goto(case_url)
    act(page, "conclude", 准予=True)
    expect(page.locator(".messages")).to_contain_text("已办结")
    log_out(page)

    # Li hands the result over at the window to 张三
    log_in(page, "li")
    page.goto(case_url)
    act(page, "deliver", 送达方式="window", 取件人="张三")
    expect(page.locator(".case-head .state")).to_have_text("已送达")
    expect(page.locator("ol.timeline")).to_contain_text("送达")
    page.screenshot(path=SCREENSHOTS / "case.png", full_page=True)

    case.refresh_from_db()
    assert case.state == "delivered" and case.collected_by == "张三" and case.handler == world.handler
    one_time = case.notices.get(type="one_time")
    how = notice_png(one_time, page, SCREENSHOTS / "notice-pdf.png")
    assert (SCREENSHOTS / "notice-pdf.png").stat().st_size > 10_000, how
