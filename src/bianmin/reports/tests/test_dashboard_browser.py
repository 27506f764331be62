"""The dashboard and the hall's big screen in a real browser at 1920×1080: the big screen fits the screen
without scrolling. Screenshots: var/screenshots/pub-dashboard.png, var/screenshots/pub-screen.png."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from bianmin.cases import actions
from bianmin.conftest import SCREENSHOTS, at, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]


def test_dashboard_and_big_screen_at_1920_by_1080(browser_page, world, time_machine):
    cache.clear()
    time_machine.move_to(at(2026, 11, 24, 15))
    for day, hour in ((24, 9), (24, 9), (24, 10), (24, 14), (20, 9), (3, 11)):
        case = actions.register(
            actor=world.clerk,
            item_code="ZH001",
            applicant=person(name="钟桂兰"),
            received_materials=ALL_MANDATORY,
            now=at(2026, 11, day, hour),
        ).case
        actions.accept(case, actor=world.clerk, now=at(2026, 11, day, hour, 5))
        actions.conclude(case, actor=world.clerk, result="granted", now=at(2026, 11, day, hour, 10))
    page = browser_page
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"/screen/{world.town.code}/dashboard/")
    assert page.get_by_text("今日分时段收件").is_visible()
    size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    page.screenshot(path=str(SCREENSHOTS / "pub-screen.png"))
    assert size == [1920, 1080]
    assert page.locator("header.site").count() == 0
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "wu")
    page.fill("input[name=password]", "pw")
    page.locator("main button[type=submit]").click()
    page.goto("/counter/reports/dashboard/")
    assert page.get_by_text("近12个月收件").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "pub-dashboard.png"), full_page=True)
