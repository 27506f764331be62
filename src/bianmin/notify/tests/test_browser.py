"""The notify pages in headless Chromium, with screenshots (notify-*.png in var/screenshots/): the template
editor's live SMS count, the outbox with a failed message retried, and the bell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bianmin.conftest import nav_link, shoot
from bianmin.counter.tests.test_browser_clerk import expect, log_in, log_out
from bianmin.notify import actions, delivery
from bianmin.notify.kinds import ChannelKind, MessageKind
from bianmin.notify.tests.conftest import NOW
from bianmin.notify.tests.test_api import Refusing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_words_a_notice_and_sees_the_sms_count_change_as_she_types(
    browser_page: Any, world: Any, tmp_path: Path, settings: Any
) -> None:
    """70 characters are one SMS, a longer text two or more (parts of 67): the count follows the typing."""
    settings.NOTIFY_SMS_SIGNATURE = "象湖镇"
    page = browser_page
    log_in(page, "wu")
    page.goto("/counter/notify/templates/")
    page.get_by_role("link", name="受理通知", exact=True).click()
    page.wait_for_url("**/counter/notify/templates/acceptance/")
    area = page.locator("#id_body")
    area.fill("已受理{number}")
    # 【象湖镇】 (5) + 已受理 (3) + the sample number (21) = 29: one SMS
    expect(page.locator("[data-sms-characters]")).to_have_text("29")
    expect(page.locator("[data-sms-segments]")).to_have_text("1")
    area.fill("已受理{number}" + "请" * 50)
    expect(page.locator("[data-sms-characters]")).to_have_text("79")
    expect(page.locator("[data-sms-segments]")).to_have_text("2")
    shoot(page, tmp_path, "notify-template.png")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/counter/notify/templates/")
    expect(page.locator("table.notify-templates")).to_contain_text("本中心")
    shoot(page, tmp_path, "notify-templates.png")


def test_clerk_retries_a_failed_sms_and_a_handler_reads_an_urging(
    browser_page: Any, world: Any, tmp_path: Path
) -> None:
    """The outbox shows the failure and its log; 重发 queues it again. The handler's bell counts the urging."""
    [failed] = actions.enqueue(
        MessageKind.RESULT_READY,
        org=world.town,
        recipient_phone="13800001111",
        params={"number": "360781100202609280001", "item": "低保"},
        source="b:1",
        case_number="360781100202609280001",
        now=NOW,
    )
    actions.enqueue(
        MessageKind.ACCEPTANCE,
        org=world.town,
        recipient_phone="13800002222",
        params={"number": "360781100202609280002", "item": "低保", "due_date": "2026-10-20"},
        source="b:2",
        case_number="360781100202609280002",
        now=NOW,
    )
    delivery.send_due(now=NOW + dt.timedelta(minutes=1), channels={ChannelKind.SMS: Refusing()}, batch=1)
    actions.enqueue(
        MessageKind.URGED,
        org=world.town,
        staff=world.handler.staff,
        params={"number": "360781100202609280001", "note": "请加快办理", "date": "2026-09-30"},
        source="b:urge",
        now=NOW,
    )
    page = browser_page
    log_in(page, "li")
    nav_link(page, "通知发件箱").click()
    page.wait_for_url("**/counter/notify/")
    expect(page.locator("table.notify-outbox")).to_contain_text("发送失败")
    expect(page.locator("table.notify-outbox")).to_contain_text("138****1111")
    shoot(page, tmp_path, "notify-outbox.png")
    page.goto(f"/counter/notify/messages/{failed.pk}/")
    expect(page.locator("table.notify-log")).to_contain_text("MOBILE_NUMBER_ILLEGAL")
    page.get_by_role("button", name="重发").click()
    expect(page.locator("h1")).to_contain_text("待发送")
    shoot(page, tmp_path, "notify-message.png")
    log_out(page)
    log_in(page, "chen")
    bell = page.locator("a.nav-bell")
    expect(bell).to_contain_text("1")
    bell.click()
    expect(page.locator(".notify-inbox")).to_contain_text("请加快办理")
    page.get_by_role("button", name="标为已读", exact=True).click()
    expect(page.locator("a.nav-bell .count")).to_have_count(0)
    shoot(page, tmp_path, "notify-inbox.png")
