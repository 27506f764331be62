"""The director's report page (review the table, write 工作情况, submit) and the county's overview of who has
and hasn't submitted, in headless Chromium.

Screenshots: subm-report.png, subm-submitted.png and subm-overview.png, copied to var/screenshots/ and
var/screenshots/ for review.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from bianmin.conftest import shoot
from bianmin.counter.tests.test_browser_clerk import expect, log_in, log_out
from bianmin.submissions import display, selectors
from bianmin.submissions.models import Submission
from bianmin.submissions.schedule import half_month

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def last_half_month(today: dt.date) -> str:
    """The latest half month that has ended by ``today`` (the report can be submitted from its last day)."""
    if today.day >= 15:
        return half_month(today.year, today.month, 1).key
    previous = today.replace(day=1) - dt.timedelta(days=1)
    return half_month(previous.year, previous.month, 2).key


def test_the_director_submits_the_half_month_and_the_county_sees_who_has_not(
    browser_page: Any, world: Any, tmp_path: Path
) -> None:
    """000 篇8 ③ 每月15號和月底前將辦件和工作情況上報縣行政服務中心: 象湖镇 submits, 壬田镇 has not."""
    page = browser_page
    today = timezone.localdate()
    key = last_half_month(today)
    spec = selectors.spec_for(world.town, "semi_monthly")
    assert spec is not None
    due = selectors.due_for(world.town, spec, key)
    log_in(page, "wu")
    page.goto(f"/counter/submissions/report/{world.town.code}/semi_monthly/{key}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("象湖镇便民服务中心")
    expect(page.locator("table").last).to_contain_text("合计")
    page.get_by_label("工作情况").fill("本半月窗口运行正常，受理、办结情况见附表。")
    page.get_by_label("好的经验和做法").fill("赶场日增派人员，延时服务。")
    shoot(page, tmp_path, "subm-report.png")
    page.get_by_role("button", name="报送", exact=True).click()
    expect(page.locator("body")).to_contain_text("已报送，编号")
    expect(page.locator("body")).to_contain_text("赶场日增派人员")
    shoot(page, tmp_path, "subm-submitted.png")
    s = Submission.objects.get(org=world.town, period_key=key, state="submitted")
    assert s.on_time is (today <= due.due.date) and s.work.startswith("本半月窗口运行正常")
    log_out(page)
    log_in(page, "xian")
    page.goto(f"/counter/submissions/?month={due.due.date:%Y-%m}")
    words = display.period_words("semi_monthly", due.period)  # 2026年11月上半月
    section = page.locator("section.overview", has_text=words)
    expect(section).to_contain_text("象湖镇便民服务中心")
    expect(section).to_contain_text(s.number)
    row = section.locator("tr", has_text="壬田镇便民服务中心")
    expect(row).to_contain_text("未报")
    shoot(page, tmp_path, "subm-overview.png")
