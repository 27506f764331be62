"""The sign-in and leave pages in headless Chromium, with screenshots (attendance-*.png in var/screenshots/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bianmin.attendance import actions
from bianmin.conftest import at, nav_link, shoot
from bianmin.counter.tests.test_browser_clerk import expect, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_signs_in_late_goes_out_and_asks_leave_the_director_approves(
    browser_page: Any, world: Any, time_machine: Any, tmp_path: Path
) -> None:
    """000 篇8 上午、下午两次签到; 003 太湖乡 中途外出注明事由, 请假一天以内由中心主任审批."""
    page = browser_page
    actions.load_policy(world.town, "taihu")
    time_machine.move_to(at(2026, 3, 2, 8, 20))
    # when clerk Li opens 签到 from the nav and signs in at 8:20
    log_in(page, "li")
    nav_link(page, "签到").click()
    page.wait_for_url("**/counter/attendance/")
    expect(page.locator("table.attendance-today")).to_contain_text("未签到")
    page.get_by_role("button", name="签到", exact=True).click()
    # then the morning shows 08:20, late
    morning = page.locator("table.attendance-today tbody tr").first
    expect(morning).to_contain_text("08:20")
    expect(morning).to_contain_text("迟到")
    # when she goes out with a reason
    page.fill("input[name=reason]", "入户核查低保")
    page.get_by_role("button", name="登记外出").click()
    expect(page.locator("body")).to_contain_text("外出：入户核查低保")
    shoot(page, tmp_path, "attendance-sign-in.png")
    # and asks a day's leave for Wednesday
    nav_link(page, "请假管理").click()
    page.wait_for_url("**/counter/leave/")
    page.select_option("#id_kind", "personal")
    page.fill("#id_start_day", "2026-03-04")
    page.fill("#id_end_day", "2026-03-04")
    page.fill("#id_reason", "孩子家长会")
    page.get_by_role("button", name="提交请假申请").click()
    # the leave's own page: pending, with the table row that names its approver (一天以内 中心主任)
    expect(page.locator("h1")).to_contain_text("待审批")
    expect(page.locator("table.leave-chain tr.current")).to_contain_text("中心主任")
    shoot(page, tmp_path, "attend-leave-detail.png")
    log_out(page)
    # then director Wu approves it from the same page
    log_in(page, "wu")
    page.goto("/counter/leave/")
    row = page.locator("table.leave tbody tr").first
    expect(row).to_contain_text("孩子家长会")
    expect(row).to_contain_text("中心主任")
    row.locator("input[name=note]").fill("同意")
    row.get_by_role("button", name="批准", exact=True).click()
    expect(page.locator("table.leave tbody tr").first).to_contain_text("已批准")
    shoot(page, tmp_path, "attendance-leave.png")


def test_the_director_sees_the_empty_window_and_acknowledges_its_alert(
    browser_page: Any, world: Any, time_machine: Any, tmp_path: Path
) -> None:
    """001 AB岗 窗口不空岗: 林业's only holder has not signed in by 9:30 — the director's 窗口在岗 page says so
    in red, and the alert the periodic command recorded is acknowledged with what was done."""
    page = browser_page
    actions.sign_in(world.clerk, at(2026, 3, 2, 7, 55))
    actions.sign_in(world.handler, at(2026, 3, 2, 7, 58))
    actions.record_empty_window_alerts(world.town, at(2026, 3, 2, 9, 30))
    time_machine.move_to(at(2026, 3, 2, 9, 30))
    log_in(page, "wu")
    page.goto("/counter/attendance/")
    page.get_by_role("link", name="窗口在岗", exact=True).first.click()
    page.wait_for_url("**/counter/attendance/windows/")
    expect(page.get_by_role("alert")).to_contain_text("1 个窗口空岗")
    expect(page.get_by_role("alert")).to_contain_text("林业员：未签到")
    row = page.locator("table.alerts tbody tr").first
    expect(row).to_contain_text("林业")
    row.locator("input[name=note]").fill("已电话通知到岗")
    row.get_by_role("button", name="确认").click()
    expect(page.locator("table.alerts tbody tr").first).to_contain_text("吴主任")
    expect(page.locator("table.alerts tbody tr").first).to_contain_text("已电话通知到岗")
    shoot(page, tmp_path, "attend-windows.png")
