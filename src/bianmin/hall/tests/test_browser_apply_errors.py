"""The online form sent back in a real browser: every problem at once, the chosen file kept for the retry.

Screenshot: var/screenshots/apply-errors.png (issue 8 item 9).
"""

from __future__ import annotations

import re

import pytest

from bianmin.cases.models import Case
from bianmin.conftest import SCREENSHOTS, VALID_ID
from bianmin.hall.tests.conftest import PDF, publish_online

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect(locator):  # noqa: ANN001, ANN201
    return pytest.importorskip("playwright.sync_api").expect(locator)


def test_citizen_sees_every_problem_at_once_and_does_not_choose_the_file_again(browser_page, world, tmp_path):
    page = browser_page
    publish_online(world)
    scan = tmp_path / "张三身份证.pdf"
    scan.write_bytes(PDF)
    program = tmp_path / "户口簿.exe"
    program.write_bytes(b"MZ\x90\x00" * 8)

    # given 张三 forgets his name, mistypes his ID number and phone, and picks a program for 户口簿
    page.goto(f"/apply/MZ101/?org={world.town.code}")
    page.get_by_label("居民身份证号码").fill("110105194912310021")
    page.get_by_label("联系电话").fill("12")
    page.get_by_label("联系地址").fill("象湖镇燕子村")
    page.get_by_label("居民身份证", exact=True).set_input_files(str(scan))
    page.get_by_label("户口簿", exact=True).set_input_files(str(program))
    page.get_by_role("button", name="提交申请").click()

    # then one answer lists all four problems, each linked to its field
    summary = page.locator("#form-error")
    expect(summary).to_be_visible()
    for text in (
        "该字段是必填项",
        "居民身份证号码不正确",
        "联系电话格式不正确",
        "“户口簿.exe”不是 PDF、JPG 或 PNG 文件",
    ):
        expect(summary).to_contain_text(text)
    assert summary.locator("li").count() == 4
    # and what he typed is there, and the accepted scan is held, not asked for again
    assert page.get_by_label("联系地址").input_value() == "象湖镇燕子村"
    expect(page.get_by_text("已上传：张三身份证.pdf（可重新选择替换）")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "apply-errors.png"), full_page=True)

    # when he corrects the three fields and submits without choosing any file
    page.get_by_label("申请人姓名或单位名称").fill("张三")
    page.get_by_label("居民身份证号码").fill(VALID_ID)
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_role("button", name="提交申请").click()

    # then he gets his number, and the case has the scan he chose the first time
    number = page.locator("#case-number").inner_text().strip()
    assert re.fullmatch(r"360781100\d{12}", number)
    case = Case.objects.get(number=number)
    assert [a.original_name for a in case.attachments.all()] == ["张三身份证.pdf"]
