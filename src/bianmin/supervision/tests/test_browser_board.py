"""Supervisor Jiang's e-supervision board (电子监察看板) in headless Chromium.

001 (二)规范运行加强监察: 同步电子监察 — 超时 → 黄牌/红牌, counted per window and per staff member, the red cases
behind a count, each card confirmed or dismissed with a reason (003 曾家镇 责任追究制), the counts refreshing
themselves while the page stays open.

Screenshots: supervision-board.png, supervision-red.png, supervision-decided.png, supervision-polled.png,
under the test's own directory and copied to var/screenshots/.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from bianmin.cases import actions
from bianmin.conftest import nav_link, person, shoot
from bianmin.counter.tests.test_browser_clerk import expect, log_in
from bianmin.supervision import views
from bianmin.supervision.models import CardRecord, CardStatus
from bianmin.supervision.tests.helpers import MATERIALS
from bianmin.workdays.services import add_workdays, get_calendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def late_case(w: Any, days_late: int, *, handler: Any, name: str) -> Any:
    """A 低保 application accepted so that today it is ``days_late`` working days past its due date
    (10 working days promised), assigned to ``handler``."""
    today = timezone.localdate()
    calendar = get_calendar(None)
    day = today - dt.timedelta(days=1)
    while calendar.workdays_between(add_workdays(day, 10).date, today) < days_late:
        day -= dt.timedelta(days=1)
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    case = actions.register(
        actor=w.clerk, item_code="MZ001", applicant=person(name=name), received_materials=MATERIALS, now=when
    ).case
    actions.accept(case, actor=w.clerk, now=when + dt.timedelta(minutes=30))
    return actions.assign(case, actor=w.clerk, handler=handler, now=when + dt.timedelta(hours=1)).case


def test_the_supervisor_reads_the_board_decides_cards_and_sees_it_refresh(
    browser_page, world, tmp_path, monkeypatch
):
    page = browser_page
    w = world
    monkeypatch.setattr(views, "POLL_SECONDS", 1)  # the page polls its counts every second in this test
    # given two cases red (≥ 3 working days late) with two handlers, one yellow, one about to be late
    red_chen = late_case(w, 5, handler=w.handler, name="刘秀英")
    red_lin = late_case(w, 4, handler=w.forester, name="陈桂兰")
    late_case(w, 1, handler=w.handler, name="杨建华")

    # when supervisor Jiang opens 电子监察 from the nav
    log_in(page, "jiang")
    nav_link(page, "电子监察").click()
    page.wait_for_url("**/counter/supervision/")
    # then the totals, and the counts per window and per staff
    totals = page.locator("table.supervision-totals tbody tr")
    expect(totals.locator("td.level-red")).to_have_text("2")
    expect(totals.locator("td.level-yellow")).to_have_text("1")
    windows = page.locator("table.by-window tbody tr")
    expect(windows).to_have_count(1)
    expect(windows.first.locator("th")).to_have_text("1号 民政")
    expect(windows.first.locator("td.level-red")).to_have_text("2")
    staff = page.locator("table.by-staff tbody tr")
    expect(staff).to_have_count(2)
    chen = staff.filter(has_text="陈承办")
    expect(chen.locator("td.level-red")).to_have_text("1")
    expect(chen.locator("td.level-yellow")).to_have_text("1")
    expect(staff.filter(has_text="林业员").locator("td.level-red")).to_have_text("1")
    # and the cards to decide: a yellow and a red one for each red case, a yellow one for the other
    cards = page.locator("table.card-list tbody tr")
    expect(cards).to_have_count(5)
    shoot(page, tmp_path, "supervision-board.png")

    # when she drills down to the red cases
    totals.locator("td.level-red a").click()
    page.wait_for_url("**/counter/supervision/cases/red/")
    rows = page.locator("table.cases tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text=red_chen.number)).to_contain_text("陈承办")
    expect(rows.filter(has_text=red_lin.number)).to_contain_text("林业员")
    expect(rows.filter(has_text=red_chen.number)).to_contain_text("红牌")
    shoot(page, tmp_path, "supervision-red.png")
    page.get_by_role("link", name="返回电子监察").click()
    page.wait_for_url("**/counter/supervision/")

    # when she confirms Chen's red card with a reason
    red_card = cards.filter(has_text=red_chen.number).filter(has_text="红牌")
    red_card.get_by_placeholder("认定理由").fill("无正当理由超期五个工作日")
    red_card.get_by_role("button", name="确认").click()
    page.wait_for_url("**/counter/supervision/")
    expect(page.locator(".messages")).to_contain_text("已认定")
    # and dismisses Lin's yellow one with another
    yellow_card = cards.filter(has_text=red_lin.number).filter(has_text="黄牌")
    yellow_card.get_by_placeholder("认定理由").fill("系统停电一日，经核实")
    yellow_card.get_by_role("button", name="撤销").click()
    page.wait_for_url("**/counter/supervision/")
    expect(page.locator(".messages")).to_contain_text("已撤销")
    # then the two are on record as decided, the pending list holds the other three
    decided = {(r.case_id, r.level): r.status for r in CardRecord.objects.exclude(status=CardStatus.PENDING)}
    assert decided == {
        (red_chen.pk, "red"): CardStatus.CONFIRMED,
        (red_lin.pk, "yellow"): CardStatus.DISMISSED,
    }
    expect(cards).to_have_count(3)
    # and the accountability table names Chen for the confirmed red card (通报批评、调整工作岗位)
    expect(page.locator("table.accountability tbody tr").first).to_contain_text("陈承办")
    # and the list narrowed to Lin shows only Lin's cards
    page.locator("form.filters select[name=staff]").select_option(label="林业员")
    page.locator("form.filters select[name=status]").select_option(value="")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/counter/supervision/?*")
    expect(cards).to_have_count(2)
    expect(cards.filter(has_text="已撤销")).to_contain_text("系统停电一日")
    shoot(page, tmp_path, "supervision-decided.png")

    # when, with the page open, another case turns red
    page.evaluate("window.stillTheSamePage = true")
    late_case(w, 3, handler=w.forester, name="黄志强")
    # then the counts change by themselves: no reload
    expect(totals.locator("td.level-red")).to_have_text("3", timeout=10_000)
    expect(staff.filter(has_text="林业员").locator("td.level-red")).to_have_text("2")
    assert page.evaluate("window.stillTheSamePage") is True
    shoot(page, tmp_path, "supervision-polled.png")
