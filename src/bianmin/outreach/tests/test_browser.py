"""赶场服务 and 上门服务 in headless Chromium: leader Zhou keeps the day at 熊家场 — the staffing gap, the log, a
case registered at the stall; clerk Li takes a home-visit request, sends herself and records the visit.

Screenshots are saved in the test's tmp dir: market-days.png, market-day.png, market-day-register.png,
market-day-390.png, home-visits.png, home-visit.png.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bianmin.cases.models import Case, Channel
from bianmin.conftest import VALID_ID, nav_link
from bianmin.outreach import actions
from bianmin.outreach.models import HomeVisit, MarketDay, OutreachCase, VisitState
from bianmin.outreach.tests.conftest import MARKET_MORNING, event_on, on_site, visit_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect(locator):  # noqa: ANN001, ANN201
    return pytest.importorskip("playwright.sync_api").expect(locator)


def log_in(page, username):  # noqa: ANN001, ANN201
    page.goto("/accounts/login/?next=/counter/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/counter/")


def test_a_market_day_is_kept_from_the_list_to_a_case_registered_at_the_stall(
    browser_page, town, time_machine, tmp_path
):
    """000 篇9 and 001: the day's team against the windows, its log, and the cases registered on site."""
    page = browser_page
    # given last market day at 熊家场, ended with its log, and today's with leader Zhou and clerk Li only
    last = event_on(
        town, dt.date(2026, 3, 5), team=(town.clerk, town.handler, town.forester), leader=town.leader
    )
    on_site(town, last)
    actions.record_log(
        last,
        actor=town.clerk,
        people_served=42,
        consultations=11,
        disputes_mediated=1,
        follow_up_visits=2,
        note="宣传低保政策",
        now=MARKET_MORNING,
    )
    actions.end_market_day(last, actor=town.clerk, ends_at=dt.time(12, 40), now=MARKET_MORNING)
    today = event_on(town, dt.date(2026, 3, 15), team=(town.clerk,), leader=town.leader)
    time_machine.move_to(dt.datetime(2026, 3, 15, 1, 30, tzinfo=dt.UTC))  # 9:30 in 象湖镇
    # when leader Zhou opens 赶场服务 from the nav
    log_in(page, "zhou")
    nav_link(page, "赶场服务").click()
    page.wait_for_url("**/counter/market-days/")
    # then today's day is listed first with its gap, and last one below with what it did
    upcoming = page.locator("table.market-days").first
    expect(upcoming.locator("tbody tr").first).to_contain_text("2026-03-15")
    expect(upcoming.locator(".gap")).to_have_text("在岗不足，缺 1 人")
    expect(page.locator("table.market-days").nth(1)).to_contain_text("12:40")
    page.screenshot(path=str(tmp_path / "market-days.png"), full_page=True)
    # when she opens today's day and writes the log
    upcoming.get_by_role("link", name="2026-03-15").click()
    expect(page.locator(".gap-banner")).to_contain_text("在岗不足，缺 1 人")
    page.get_by_label("服务群众(人次)").fill("18")
    page.get_by_label("解答咨询(件)").fill("6")
    page.get_by_role("textbox", name="活动日志").fill("现场解答医保参保问题")
    page.get_by_role("button", name="保存日志").click()
    expect(page.locator(".messages")).to_contain_text("已保存活动日志")
    # and registers a 低保 application at the stall
    page.get_by_role("link", name="现场登记办件").click()
    page.get_by_label("查找事项（名称、编码或拼音首字母）").fill("低保")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("link", name="最低生活保障申请").click()
    for material in ("居民身份证", "户口簿", "家庭收入证明"):
        page.get_by_label(material, exact=True).check()
    page.get_by_label("申请人姓名").fill("王五")
    page.get_by_label("身份证号码").fill(VALID_ID)
    page.get_by_label("联系电话").fill("13800000000")
    page.screenshot(path=str(tmp_path / "market-day-register.png"), full_page=True)
    page.get_by_role("button", name="现场登记").click()
    # then the case opens in the counter, registered through the market day
    page.wait_for_url("**/counter/cases/**")
    case = Case.objects.get(applicant_name="王五")
    assert (
        case.channel == Channel.MARKET_DAY and OutreachCase.objects.get(case=case).market_day_id == today.pk
    )
    expect(page.locator(".messages")).to_contain_text(case.number)
    # and the day's page counts it among the matters registered
    page.goto(f"/counter/market-days/{today.pk}/")
    expect(page.locator("dl.log div.derived dd")).to_have_text("1")
    expect(page.locator("table.cases")).to_contain_text(case.number)
    page.screenshot(path=str(tmp_path / "market-day.png"), full_page=True)
    # at phone width (a clerk at the stall) the page does not scroll sideways
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "market-day-390.png"), full_page=True)
    assert MarketDay.objects.get(pk=today.pk).people_served == 18


def test_a_home_visit_from_the_request_to_the_visit(browser_page, town, time_machine, tmp_path):
    """上門服務登記 (000 篇8): who, why, where and when; someone is sent; the visit is recorded."""
    page = browser_page
    visit_request(
        town,
        requester_name="钟桂兰",
        reason="disabled",
        reason_note="肢体残疾",
        wished_at=MARKET_MORNING + dt.timedelta(days=2),
    )
    time_machine.move_to(dt.datetime(2026, 3, 5, 1, 30, tzinfo=dt.UTC))
    # given clerk Li takes a phone call from 刘秀英's family
    log_in(page, "li")
    nav_link(page, "上门服务").click()
    page.get_by_role("link", name="登记上门服务申请").click()
    page.get_by_label("申请人").fill("刘秀英")
    page.get_by_label("联系电话").fill("13907971234")
    page.get_by_label("老年人").check()
    page.get_by_label("情况说明").fill("86岁，行动不便")
    page.get_by_label("需办事项").fill("高龄津贴申请")
    page.get_by_label("上门地址").fill("象湖镇下坪村3组12号")
    page.get_by_label("希望上门时间").fill("2026-03-06T09:00")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已登记上门服务申请")
    visit = HomeVisit.objects.get(requester_name="刘秀英")
    # when she sends herself
    page.get_by_label("上门人员").select_option(label="李窗口")
    page.get_by_role("button", name="派员").click()
    expect(page.locator(".messages")).to_contain_text("已派员上门")
    # then the list shows both requests, the phone masked, hers assigned
    nav_link(page, "上门服务").click()
    rows = page.locator("table.home-visits tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("table.home-visits")).to_contain_text("139****1234")
    expect(page.locator("table.home-visits")).not_to_contain_text("13907971234")
    page.screenshot(path=str(tmp_path / "home-visits.png"), full_page=True)
    # when she has been and records it
    page.locator("table.home-visits tr", has_text="刘秀英").get_by_role("link").click()
    page.get_by_label("上门情况").fill("上门核对证件，代填申请表")
    page.get_by_role("button", name="已上门").click()
    expect(page.locator(".messages")).to_contain_text("已记录上门情况")
    page.screenshot(path=str(tmp_path / "home-visit.png"), full_page=True)
    visit.refresh_from_db()
    assert visit.state == VisitState.VISITED
