"""The assessment pages in headless Chromium: the supervisor records a deduction, the director approves it
and looks at the month's ranking with its chart. Screenshots: performance-entries.png and
performance-ranking.png, under the test's own directory and copied to var/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from bianmin.conftest import shoot
from bianmin.counter.tests.test_browser_clerk import expect, log_in, log_out
from bianmin.performance import actions
from bianmin.performance.models import EntryStatus, ScoreEntry
from bianmin.performance.tests.conftest import adopt_taihu_fines, stub_attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_approve_and_rank(browser_page: Any, world: Any, tables: Any, tmp_path: Path) -> None:
    """003 曾家镇 第二条: 迟到每次扣2分, 旷工(半天)扣5分, 上班时间炒股扣6分 — recorded with evidence by the
    supervisor, counted once the director approves; the ranking shows the clerk last and flagged (限期整改)."""
    page = browser_page
    today = timezone.localdate()
    month = today.replace(day=1)
    rows = [(world.clerk, month, "late"), (world.clerk, month, "absent_half_day")]
    actions.score_month(
        world.town, month, now=timezone.now(), attendance=stub_attendance(rows), extra_sources=[]
    )

    log_in(page, "jiang")
    page.goto("/counter/performance/entries/new/")
    page.get_by_label("工作人员").select_option(label="李窗口(象湖镇)")
    page.get_by_label("考核条目").select_option(value="games_stocks")
    page.get_by_label("日期").fill(today.isoformat())
    page.get_by_label("事实依据").fill("巡查发现上班时间炒股")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url("**/counter/performance/entries/")
    expect(page.locator("body")).to_contain_text("待中心主任审核")
    log_out(page)

    log_in(page, "wu")
    page.goto("/counter/performance/entries/")
    page.get_by_label("审核意见").fill("属实")
    shoot(page, tmp_path, "performance-entries.png")
    page.get_by_role("button", name="认定", exact=True).click()
    page.wait_for_url("**/counter/performance/entries/")
    assert ScoreEntry.objects.get(rule__code="games_stocks").status == EntryStatus.APPROVED

    page.goto(f"/counter/performance/?period={month:%Y-%m}")
    expect(page.locator("figure.score-chart").first).to_be_visible()
    last = page.locator("table.cases").first.locator("tbody tr").last
    expect(last).to_contain_text("李窗口")
    expect(last).to_contain_text("87")  # 100 −2 −5 −6
    expect(last).to_contain_text("限期整改")
    shoot(page, tmp_path, "performance-ranking.png")


def test_the_months_fines_page(browser_page: Any, world: Any, tables: Any, tmp_path: Path) -> None:
    """003 太湖乡 第十八条 迟到 10 元, 旷工一天 20 元, adopted by 象湖镇 from this month: the fines page per staff."""
    page = browser_page
    today = timezone.localdate()
    month = today.replace(day=1)
    adopt_taihu_fines(world, month, today)
    rows = [
        (world.clerk, month, "late"),
        (world.clerk, month, "absent_day"),
        (world.handler, month, "left_early"),
    ]
    actions.score_month(
        world.town, month, now=timezone.now(), attendance=stub_attendance(rows, "fines"), extra_sources=[]
    )
    log_in(page, "wu")
    page.goto(f"/counter/performance/fines/?period={month:%Y-%m}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("罚款")
    expect(page.locator("table.fines")).to_contain_text("旷工一天")
    expect(page.locator("table.fines tfoot")).to_contain_text("40.00")
    shoot(page, tmp_path, "performance-fines.png")
