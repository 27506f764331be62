"""A citizen's whole online visit in a real browser: guide → search → item → apply → progress → rating."""

from __future__ import annotations

import re

import pytest

from bianmin.cases.models import Case, CaseState, Channel
from bianmin.conftest import SCREENSHOTS, VALID_ID
from bianmin.feedback.models import Level, Rating
from bianmin.hall.tests.conftest import PDF, move_to_concluded, publish_online

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_applies_online_follows_progress_and_rates(browser_page, world, tmp_path):
    page = browser_page
    # given the county publishes 低保申请 for online application and 象湖镇 enables it
    publish_online(world)
    scan = tmp_path / "身份证.pdf"
    scan.write_bytes(PDF)

    # when the citizen opens the guide of 象湖镇 and searches by pinyin initials
    page.goto(f"/guide/?org={world.town.code}")
    page.get_by_label("搜索事项").fill("dbsq")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name="低保申请", exact=True).click()
    # then the item page shows the six disclosures and the materials
    page.get_by_role("heading", name="低保申请", level=1).wait_for()
    for heading in (
        "一、办理内容和条件",
        "二、办理程序",
        "三、申请材料",
        "四、法律依据",
        "五、办理时限",
        "六、收费标准及依据",
    ):
        assert page.get_by_role("heading", name=heading).is_visible()
    page.screenshot(path=str(SCREENSHOTS / "guide-item.png"), full_page=True)

    # when the citizen applies online with a scan of the ID card
    page.get_by_role("link", name="网上申请", exact=True).last.click()
    page.get_by_label("申请人姓名或单位名称").fill("张三")
    page.get_by_label("居民身份证号码").fill(VALID_ID)
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("居民身份证", exact=True).set_input_files(str(scan))
    page.get_by_role("button", name="提交申请").click()
    # then the number and query code are on screen
    number = page.locator("#case-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    assert re.fullmatch(r"360781100\d{12}", number) and re.fullmatch(r"\d{6}", code)
    case = Case.objects.get(number=number)
    assert (
        case.state == CaseState.SUBMITTED and case.channel == Channel.ONLINE and case.attachments.count() == 1
    )

    # when the citizen looks up the progress with them
    page.get_by_role("link", name="查询办理进度").click()
    assert page.get_by_label("受理编号").input_value() == number
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    assert page.locator("#case-state").inner_text() == "已提交"
    assert page.get_by_text("张*（110105********002X）").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "public-lookup.png"), full_page=True)

    # given the center's staff check the materials, accept, assign and conclude the case
    move_to_concluded(world, number)

    # when the citizen scans the QR code on the 办结通知书 and rates 非常满意
    page.goto(f"/rate/{number}/?code={code}")
    page.get_by_label("非常满意", exact=True).check()
    page.get_by_label("评价内容").fill("网上办理很方便")
    page.get_by_role("button", name="提交评价").click()
    # then the page thanks them and the rating is stored once, by QR code
    page.get_by_text("感谢您的评价！").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "rating.png"), full_page=True)
    rating = Rating.objects.get(case__number=number)
    assert (
        rating.level == Level.VERY_SATISFIED and rating.channel == "qr" and rating.comment == "网上办理很方便"
    )


def test_large_text_button_works_by_keyboard_and_is_remembered(browser_page, world):
    page = browser_page
    page.goto("/guide/")
    assert "large-text" not in (page.locator("body").get_attribute("class") or "")
    button = page.get_by_role("button", name="大字模式")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.body.classList.contains('large-text')")
    assert button.get_attribute("aria-pressed") == "true"
    # the choice is a cookie, so the next page is large too, rendered so by the server
    page.goto("/progress/")
    assert "large-text" in page.locator("body").get_attribute("class")
    page.get_by_role("button", name="大字模式").click()
    page.wait_for_function("!document.body.classList.contains('large-text')")
    page.reload()
    assert "large-text" not in (page.locator("body").get_attribute("class") or "")
