"""The 值班表 calendar, one day's swap form and 燕子村's public rota in headless Chromium.

Screenshots: duty-roster.png, duty-day.png and duty-station-rota.png, copied to var/screenshots/ and
var/screenshots/ for review.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from bianmin.conftest import nav_link, shoot
from bianmin.counter.tests.test_browser_clerk import expect, log_in
from bianmin.duty import actions
from bianmin.duty.models import DutyEntry, DutyKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    nav_link(page, "值班表").click()
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


def test_the_director_reorders_the_leaders_and_uploads_the_minutes(
    browser_page: Any, duty: Any, tmp_path: Path, settings: Any
) -> None:
    """轮值顺序 edited on its page and the month re-arranged; a meeting's minutes uploaded as a scan."""
    from bianmin.duty.models import Meeting, MeetingKind

    settings.MEDIA_ROOT = str(tmp_path / "media")
    page = browser_page
    today = timezone.localdate()
    actions.generate_month(duty.town, today.year, today.month)
    log_in(page, "wu")
    page.goto(f"/counter/duty/?org={duty.town.code}")
    page.get_by_role("link", name="轮值顺序").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("轮值顺序")
    form = page.locator("#rotation-leader")
    form.locator("select").nth(0).select_option(label="吴主任")
    form.locator("select").nth(1).select_option(label="周带班")
    form.get_by_role("button", name="保存轮值顺序").click()
    expect(page.locator("body")).to_contain_text("轮值顺序已保存")
    expect(page.locator("#rotation-leader")).to_contain_text("吴主任 → 周带班")
    shoot(page, tmp_path, "duty-rotation.png")
    held = actions.schedule_meeting(
        actor=duty.director,
        org=duty.town,
        kind=MeetingKind.MEETING,
        starts_at=timezone.now() - dt.timedelta(hours=2),
        topic="月度例会：通报效能考核情况",
        place="会议室",
    )
    scan = tmp_path / "minutes.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.goto(f"/counter/meetings/{held.pk}/")
    page.set_input_files("#minutes-upload", str(scan))
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator("body")).to_contain_text("会议记录附件已上传")
    expect(page.locator("#minutes-file")).to_contain_text("image/png")
    assert Meeting.objects.get(pk=held.pk).minutes_file_type == "image/png"
    shoot(page, tmp_path, "duty-meeting-minutes.png")
