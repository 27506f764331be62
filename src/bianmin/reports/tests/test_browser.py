"""The statistics page in headless Chromium: the director reads October by window and follows a number to
the cases behind it. Screenshots: stats-table.png and stats-drill.png, under the test's own directory and
copied to var/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bianmin.conftest import shoot
from bianmin.counter.tests.test_browser_clerk import expect, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_reads_the_month_and_drills_down(
    browser_page: Any, world: Any, october: Any, tmp_path: Path
) -> None:
    page = browser_page
    log_in(page, "wu")
    page.goto("/counter/reports/?period=2026-10&by=window")
    expect(page.get_by_role("heading", name="办件统计表")).to_be_visible()
    table = page.locator("table.stats")
    expect(table.locator("tfoot th")).to_have_text("合计")
    expect(table.locator("tbody th").first).to_contain_text("民政")
    shoot(page, tmp_path, "stats-table.png")
    # the total row's 退回件 (one: D, refused on 10-12) leads to that case, its applicant masked
    header = [t.strip() for t in table.locator("thead th").all_inner_texts()]
    returned = table.locator("tfoot td").nth(header.index("退回件") - 1)
    expect(returned).to_have_text("1")
    returned.locator("a").click()
    expect(page.get_by_role("heading", name="退回件")).to_be_visible()
    expect(page.get_by_role("link", name=october.d.number)).to_be_visible()
    expect(page.locator("table.cases")).to_contain_text("张*")
    shoot(page, tmp_path, "stats-drill.png")
    page.get_by_role("link", name=october.d.number).click()
    expect(page).to_have_url(f"{page.url.split('/counter/')[0]}/counter/cases/{october.d.number}/")
