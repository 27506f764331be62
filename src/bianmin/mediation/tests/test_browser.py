"""The mediation pages in headless Chromium: clerk Li registers a family dispute with three parties — the third
added with 添加当事人 (the page's script, served as a file under the CSP) — and the detail page shows every party
with the ID masked. Screenshots mediation-register.png and mediation-detail.png in var/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bianmin.conftest import VALID_ID, VALID_ID_2, nav_link, shoot
from bianmin.counter.tests.test_browser_clerk import expect, log_in
from bianmin.mediation.models import Mediation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dispute_with_three_parties_is_registered_at_the_window(
    browser_page: Any, world: Any, clock: Any, tmp_path: Path
) -> None:
    page = browser_page
    log_in(page, "li")
    nav_link(page, "矛盾纠纷调解").click()
    page.wait_for_url("**/counter/mediation/")
    page.get_by_role("link", name="登记纠纷").click()
    page.wait_for_url("**/counter/mediation/new/")
    page.select_option("#kind", "family")
    page.fill("#title", "赡养纠纷")
    page.fill("#facts", "兄妹三人对赡养母亲的分担有争议。")
    rows = page.locator("#party-rows tbody tr")
    before = rows.count()
    # when she adds a row for the third party (人民调解: 两方或多方当事人)
    page.get_by_role("button", name="添加当事人").click()
    expect(rows).to_have_count(before + 1)
    third = rows.nth(before)
    expect(third.locator("input").first).to_have_value("")
    assert third.locator("input").first.get_attribute("name") == f"party-{before}-name"
    for i, (name, id_number, phone) in enumerate(
        [("王大", VALID_ID, "13800000001"), ("王二", VALID_ID_2, "13800000002")]
    ):
        page.fill(f"input[name=party-{i}-name]", name)
        page.fill(f"input[name=party-{i}-id_number]", id_number)
        page.fill(f"input[name=party-{i}-phone]", phone)
    page.fill(f"input[name=party-{before}-name]", "王三妹")
    page.fill(f"input[name=party-{before}-phone]", "13800000003")
    shoot(page, tmp_path, "mediation-register.png")
    page.get_by_role("button", name="登记", exact=True).click()
    # then the dispute is registered with its three parties, IDs masked on the page
    m = Mediation.objects.get()
    page.wait_for_url(f"**/counter/mediation/{m.pk}/")
    assert sorted(p.name for p in m.parties.all()) == ["王三妹", "王二", "王大"]
    body = page.locator("main")
    expect(body).to_contain_text("王三妹")
    expect(body).not_to_contain_text(VALID_ID)
    expect(body).to_contain_text(VALID_ID[:6])
    shoot(page, tmp_path, "mediation-detail.png")
