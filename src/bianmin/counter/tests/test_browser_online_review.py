"""Clerk Li's 网上预审 and the intake page in headless Chromium (issue 8 items 9 and 10).

Screenshots: var/screenshots/online-inbox.png (the inbox), online-review.png (a case's uploads beside its
checklist), intake-errors.png (the intake page with several errors at once).
"""

from __future__ import annotations

import pytest

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.conftest import SCREENSHOTS, VALID_ID, person
from bianmin.counter.tests.helpers import applied_online, online_item
from bianmin.counter.tests.test_browser_clerk import expect, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # noqa: ANN001, ANN201
    settings.MEDIA_ROOT = tmp_path / "media"


def test_clerk_reviews_online_applications_from_the_inbox(browser_page, world):
    page = browser_page
    online_item(world)
    # given two citizens applied online, one with every mandatory scan, one without the income proof
    complete = applied_online(world, uploads=("居民身份证", "户口簿", "家庭收入证明"), name="刘秀英")
    partial = applied_online(world, uploads=("居民身份证", "户口簿"), name="杨建华")

    # when clerk Li logs in, the nav says two wait for review
    log_in(page, "li")
    nav = page.get_by_role("link", name="网上预审")
    expect(nav).to_contain_text("2")
    nav.click()
    # then the inbox lists both, newest first, with their files
    rows = page.locator("table.inbox tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(partial.number)
    expect(rows.first).to_contain_text("未上传家庭收入证明")
    expect(rows.last).to_contain_text("家庭收入证明.pdf")
    page.screenshot(path=str(SCREENSHOTS / "online-inbox.png"), full_page=True)

    # when she opens the incomplete one, each upload is beside its checklist line, awaiting her check
    page.get_by_role("link", name=partial.number).click()
    expect(page.locator("#h-materials + table")).to_contain_text("已上传，待核验")
    review = page.locator("#online-review")
    expect(review).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "online-review.png"), full_page=True)
    # and she finds the ID card fine, the household register unreadable, and sends it back
    review.get_by_label("居民身份证").check()
    review.get_by_role("button", name="退回补正：出具一次性告知书").click()
    expect(page.locator(".messages")).to_contain_text("已退回补正")
    frame = page.frame_locator("#notice-frame")
    expect(frame.locator("ol.materials")).to_contain_text(
        "户口簿（原件 1 份，复印件 1 份）（已提交的材料不符合要求"
    )
    expect(frame.locator("ol.materials")).to_contain_text("家庭收入证明")

    # and the complete one she accepts after ticking every scan
    page.goto(f"/counter/cases/{complete.number}/")
    review = page.locator("#online-review")
    for name in ("居民身份证", "户口簿", "家庭收入证明"):
        review.get_by_label(name).check()
    review.get_by_role("button", name="核验通过的记为已收取，并受理").click()
    expect(page.locator(".case-head .state")).to_have_text("已受理")
    assert Case.objects.get(pk=complete.pk).state == "accepted"
    assert Case.objects.get(pk=partial.pk).state == "supplementing"


def test_intake_shows_every_error_at_once_and_fills_in_a_returning_applicant(browser_page, world):
    page = browser_page
    # given 张三 came before, with his address on record
    actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(address="象湖镇红都大道8号"),
        received_materials=[],
    )
    log_in(page, "li")
    page.goto("/counter/intake/?item=ZH001")
    # when Li types his full ID number and looks him up
    page.fill("#id_id_number", VALID_ID)
    page.get_by_role("button", name="调取老办事人信息").click()
    # then his name, phone and address are filled in and the number is shown masked
    expect(page.locator("#lookup-result")).to_contain_text("110105********002X")
    expect(page.locator("#id_name")).to_have_value("张三")
    expect(page.locator("#id_address")).to_have_value("象湖镇红都大道8号")
    assert VALID_ID not in page.locator("#lookup-result").inner_text()

    # when the phone is mistyped, the name wiped and the agent's papers half filled
    page.fill("#id_name", "")
    page.fill("#id_phone", "12")
    page.locator("input[name=has_agent]").check()
    page.fill("#id_agent_name", "李四")
    page.fill("#id_agent_id_number", "360781199001011238")
    page.get_by_role("button", name="登记、受理并当场办结").click()
    # then one answer names all three problems, each beside its field
    summary = page.locator("#form-errors")
    expect(summary.locator("li")).to_have_count(3)
    for text in ("该字段是必填项", "联系电话格式不正确", "请登记授权委托书"):
        expect(summary).to_contain_text(text)
    page.screenshot(path=str(SCREENSHOTS / "intake-errors.png"), full_page=True)

    # when she corrects them and concludes on the spot (即收即办)
    page.fill("#id_name", "张三")
    page.fill("#id_phone", "13800000000")
    page.fill("#id_agent_authorization", "授权委托书 2026-10")
    for box in page.locator("input[name=received]").all():
        box.check()
    page.get_by_role("button", name="登记、受理并当场办结").click()
    # then the case is concluded and the conclusion notice is ready to print
    expect(page.locator(".case-head .state")).to_have_text("已办结")
    expect(page.locator("#new-notice h2")).to_contain_text("办结通知书")
