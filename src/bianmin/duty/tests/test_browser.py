"""The 值班表 calendar, one day's swap form and 燕子村's public rota in headless Chromium.

Screenshots: duty-roster.png, duty-day.png and duty-station-rota.png, copied to var/screenshots/ and
/tmp/shots/ for review.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from bianmin.conftest import SCREENSHOTS
from bianmin.counter.tests.test_browser_clerk import expect, log_in
from bianmin.duty import actions
from bianmin.duty.models import DutyEntry, DutyKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REVIEW = Path("/tmp/shots")


def shoot(page: Any, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    for folder in (SCREENSHOTS, REVIEW):
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, folder / name)
    return path


def test_the_director_swaps_a_leader_day_and_the_station_rota_is_public(
    browser_page: Any, duty: Any, tmp_path: Path
) -> None:
    """000 篇2 带班领导 every working day on the calendar; a swap recorded with its reason; 004 公开轮值表."""
    page = browser_page
    today = timezone.localdate()
    for org in (duty.town, duty.village):
        actions.generate_month(org, today.year, today.month)
    entry = DutyEntry.objects.filter(org=duty.town, kind=DutyKind.LEADER).order_by("date").first()
    assert entry is not None
    log_in(page, "wu")
    page.get_by_role("link", name="值班表").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("值班表")
    expect(page.locator("table.roster")).to_contain_text("周带班")
    shoot(page, tmp_path, "duty-roster.png")
    page.goto(f"/counter/duty/{duty.town.code}/{entry.date:%Y-%m-%d}/leader/")
    other = "吴主任" if entry.staff.name == "周带班" else "周带班"
    page.locator("form:has(input[value=swap]) select[name=to_staff]").select_option(label=other)
    page.fill("input[name=reason]", "到市里开会")
    page.get_by_role("button", name="登记调班").click()
    expect(page.locator("body")).to_contain_text("调班已登记")
    expect(page.locator("table")).to_contain_text("到市里开会")
    shoot(page, tmp_path, "duty-day.png")
    page.goto(f"/stations/{duty.village.code}/rota/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("值班轮值表")
    shoot(page, tmp_path, "duty-station-rota.png")
