"""评价器 and 评价统计 in headless Chromium: the 民政 window's tablet waits, clerk Li presses 请评价 on the case
page, the tablet shows the five levels with her name, the citizen taps 不满意 and a reason, and the tablet
thanks them; supervisor Jiang reads the week's counts and the month's satisfaction chart.

Screenshots (SCREENSHOTS dir): evaluator-waiting.png, evaluator-rating.png, evaluator-reason.png,
evaluator-thanks.png, rating-stats.png.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from bianmin.conftest import SCREENSHOTS, nav_link
from bianmin.feedback import evaluator
from bianmin.feedback.actions import rate
from bianmin.feedback.models import Rating
from bianmin.feedback.tests.conftest import registered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect(locator):  # noqa: ANN001, ANN201
    return pytest.importorskip("playwright.sync_api").expect(locator)


def log_in(page, username):  # noqa: ANN001, ANN201
    page.goto("/accounts/login/?next=/counter/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/counter/")


def test_the_evaluator_tablet_from_waiting_to_a_rating_and_the_statistics(browser_page, world):
    """002 天彭镇: 每个服务窗口安装了电子评价器 — 一次一评 (国办发〔2019〕51号) tied to the window and the clerk."""
    tablet = browser_page
    _device, secret = evaluator.register_evaluator(
        actor=world.director, window=world.mz, name="民政评价器", now=timezone.now()
    )
    tablet.goto(f"/evaluator/pair/{secret}/")
    expect(tablet.get_by_role("heading", name="欢迎办事")).to_be_visible()
    tablet.screenshot(path=str(SCREENSHOTS / "evaluator-waiting.png"))

    case = registered(world)
    counter = tablet.context.new_page()
    log_in(counter, "li")
    counter.goto(f"/counter/cases/{case.number}/")
    counter.get_by_role("button", name="请评价").click()
    expect(counter.get_by_text("评价器上评价")).to_be_visible()

    # the waiting tablet notices the request by itself (polling) and shows the levels with Li's name
    expect(tablet.get_by_role("heading", name="请您对本次服务进行评价")).to_be_visible(timeout=10_000)
    expect(tablet.get_by_text("李窗口")).to_be_visible()
    tablet.screenshot(path=str(SCREENSHOTS / "evaluator-rating.png"))
    tablet.get_by_role("button", name="不满意", exact=True).click()
    expect(tablet.get_by_text("请告诉我们原因")).to_be_visible()
    tablet.screenshot(path=str(SCREENSHOTS / "evaluator-reason.png"))
    tablet.get_by_role("button", name="等候时间太长").click()
    expect(tablet.get_by_role("heading", name="感谢您的评价！")).to_be_visible()
    tablet.screenshot(path=str(SCREENSHOTS / "evaluator-thanks.png"))
    rating = Rating.objects.get()
    assert (rating.level, rating.channel, rating.window, rating.staff) == (4, "tablet", world.mz, world.clerk)
    assert rating.comment == "等候时间太长" and rating.rectification.state == "open"

    # the supervisor's statistics: more ratings this week at two windows
    now = timezone.now()
    for level in (1, 1, 2, 3):
        rate(registered(world), level=level, channel="tablet", window=world.mz, staff=world.clerk, now=now)
    for level in (1, 2, 5):
        rate(
            registered(world),
            level=level,
            comment="慢" if level > 3 else "",
            channel="tablet",
            window=world.gt,
            staff=world.handler,
            now=now,
        )
    log_in(counter, "jiang")
    counter.goto("/counter/ratings/")
    expect(nav_link(counter, "好差评")).to_be_visible()  # in the counter's nav
    counter.get_by_role("link", name="评价统计").click()
    expect(counter.get_by_role("heading", name="评价统计")).to_be_visible()
    expect(counter.locator("figure.rate-chart rect.bar").first).to_be_visible()
    counter.screenshot(path=str(SCREENSHOTS / "rating-stats.png"), full_page=True)
