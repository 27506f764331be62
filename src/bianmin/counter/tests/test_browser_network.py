"""Agent Wang's station ledger (代办点台账) and the county's inbox of escalations (上报件) in headless Chromium.

Screenshots: station.png and county-inbox.png, under the test's own directory and copied to var/screenshots/
and var/screenshots/ for review.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bianmin.cases import actions
from bianmin.catalog.actions import enable_item
from bianmin.conftest import person, shoot
from bianmin.counter.tests.helpers import ALL_MANDATORY, at_station, escalated, forwarded, signed, with_agent
from bianmin.counter.tests.test_browser_clerk import expect, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def days_ago(n: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)


def test_the_agents_station_page_and_the_county_inbox(browser_page, net, tmp_path):
    """000 篇1 (代辦員…做好管理台帳), 003 曾家镇全程代办制度 四 (7 个工作日) and 000 篇8 (绿色通道): the agent sees
    what to forward first for the elderly villager, each case's two due dates with their levels; the county
    sees the escalations waiting for it, the green one first, and each town's counts."""
    page = browser_page
    w = net
    # given 燕子村's matters in every leg of the way
    at_station(w, name="刘秀英")
    elderly = at_station(w, name="陈桂兰", green="elderly")
    late = forwarded(w, name="杨建华", now=days_ago(30))  # forwarded a month ago, never signed for
    signed(w, name="黄志强", now=days_ago(12))
    back = with_agent(w, name="吴玉梅")
    escalated(w, name="周建国", green="disabled", now=days_ago(2))
    # and 壬田镇 escalated one of its own
    enable_item(w.special, w.town2)
    enable_item(w.dibao, w.town2)
    rentian = actions.register(
        actor=w.clerk2, item_code="MZ020", applicant=person(name="郑秀兰"), received_materials=ALL_MANDATORY
    ).case
    actions.accept(rentian, actor=w.clerk2)
    actions.escalate(rentian.number, actor=w.clerk2)

    # when agent Wang opens his station's ledger from the nav
    log_in(page, "wang")
    page.get_by_role("link", name="代办点台账").click()
    page.wait_for_url("**/counter/station/")
    # then the elderly villager's matter is first to forward, the result back waits to be handed over
    to_forward = page.locator("table.to-forward tbody tr")
    expect(to_forward).to_have_count(2)
    expect(to_forward.first).to_contain_text(elderly.number)
    expect(to_forward.first.locator(".green-channel")).to_have_text("绿色通道·老年人")
    expect(page.locator("table.with-agent tbody tr")).to_contain_text(back.number)
    # and the ledger carries both due dates; the month-old forwarding is carded red on its proxy leg
    ledger = page.locator("table.ledger tbody tr")
    expect(ledger).to_have_count(6)
    late_row = ledger.filter(has_text=late.number)
    expect(late_row.locator("td.proxy-due .level-red")).to_have_text("红牌")
    expect(late_row.locator("td.due")).to_have_text("—")  # not accepted by the town yet
    shoot(page, tmp_path, "station.png")
    log_out(page)

    # when the county admin opens 上报件
    log_in(page, "xian")
    page.get_by_role("link", name="上报件", exact=True).click()
    page.wait_for_url("**/counter/network/")
    # then both towns' escalations wait, the disabled villager's first
    inbox = page.locator("table.escalations tbody tr")
    expect(inbox).to_have_count(2)
    expect(inbox.first).to_contain_text("象湖镇")
    expect(inbox.first.locator(".green-channel")).to_have_text("绿色通道·残疾人")
    expect(inbox.last).to_contain_text("壬田镇")
    # and each town's counts, its stations' cases with it
    towns = page.locator("table.per-town tbody tr")
    expect(towns).to_have_count(2)
    expect(towns.first.locator("td").last).to_have_text("1")
    expect(towns.last.locator("td").last).to_have_text("1")
    shoot(page, tmp_path, "county-inbox.png")
