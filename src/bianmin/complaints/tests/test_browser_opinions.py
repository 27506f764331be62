"""The opinion book in headless Chromium: clerk Li transcribes an evaluation card, duty leader Zhou answers it
and publishes the answer (the author agreed), then adopts the suggestion; the hall's page shows the answer
with the author's name masked. 000 篇8 (意见簿), 003 第二十二条 (评议卡).

Screenshots (var/screenshots/): opinion-list.png, opinion-answered.png, hall-answers.png.
"""

from __future__ import annotations

import pytest

from bianmin.complaints.models import OpinionEntry
from bianmin.conftest import nav_link, shoot
from bianmin.counter.tests.test_browser_clerk import expect, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_card_recorded_answered_published_and_adopted(browser_page, world, tmp_path):
    page = browser_page
    # given clerk Li on the opinion book's page
    log_in(page, "li")
    nav_link(page, "意见簿").click()
    page.wait_for_url("**/counter/opinions/")
    # when she transcribes a card whose author agreed to publication
    page.locator("details summary", has_text="登记意见").click()
    page.locator("#id_source").select_option("card")
    page.locator("#id_content").fill("等候区的座椅太少，老年人站着等号很辛苦，建议增加座椅。")
    page.locator("#id_author_kind").select_option("citizen")
    page.locator("#id_author_name").fill("刘秀英")
    page.locator("#id_author_phone").fill("13907971234")
    page.locator("#id_consent_to_publish").check()
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url("**/counter/opinions/")
    # then it is listed, the author masked for the clerk
    row = page.locator("table.opinions tbody tr").first
    expect(row).to_contain_text("评议卡")
    expect(row).to_contain_text("刘*")
    expect(row).not_to_contain_text("刘秀英")
    shoot(page, tmp_path, "opinion-list.png")
    log_out(page)

    # when duty leader Zhou answers it, publishes the answer and adopts the suggestion
    entry = OpinionEntry.objects.get()
    log_in(page, "zhou")
    page.goto(f"/counter/opinions/{entry.pk}/")
    page.locator("#id_answer").fill("感谢您的建议，中心已在等候区增设座椅十二张。")
    page.locator("#id_publish").check()
    page.get_by_role("button", name="答复", exact=True).click()
    page.wait_for_url(f"**/counter/opinions/{entry.pk}/")
    page.locator("#id_note").fill("等候区增设座椅十二张")
    page.get_by_role("button", name="采纳", exact=True).click()
    page.wait_for_url(f"**/counter/opinions/{entry.pk}/")
    expect(page.locator("table.kv")).to_contain_text("已在网上大厅公开")
    expect(page.locator("table.kv")).to_contain_text("等候区增设座椅十二张")
    shoot(page, tmp_path, "opinion-answered.png")
    log_out(page)

    # then the hall's page shows the answer, the author's name masked
    page.goto(f"/opinions/?org={world.town.code}")
    answer = page.locator("article.answer")
    expect(answer).to_have_count(1)
    expect(answer).to_contain_text("中心已在等候区增设座椅十二张")
    expect(answer).to_contain_text("刘*")
    expect(answer).to_contain_text("已采纳")
    expect(page.locator("body")).not_to_contain_text("刘秀英")
    shoot(page, tmp_path, "hall-answers.png")
    entry.refresh_from_db()
    assert (entry.published, entry.adopted) == (True, True)
