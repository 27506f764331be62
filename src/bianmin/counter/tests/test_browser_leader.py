"""The duty leader's day and the handler's urgings in headless Chromium (000 篇2 帶班領導: 批示 on the day's
cases, 督办 until done).

Screenshots: leader.png and home-urgings.png, under the test's own directory and copied to var/screenshots/
for review.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bianmin.cases import actions
from bianmin.cases.models import Case, CaseEvent
from bianmin.cases.steps import Step
from bianmin.conftest import nav_link, person, shoot
from bianmin.counter.tests.helpers import ALL_MANDATORY
from bianmin.counter.tests.test_browser_clerk import expect, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _late(world, name: str, days: int) -> Case:  # noqa: ANN001
    when = timezone.now() - dt.timedelta(days=days)
    case = actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(name=name),
        received_materials=ALL_MANDATORY,
        now=when,
    ).case
    actions.accept(case, actor=world.clerk, now=when)
    return actions.assign(case, actor=world.clerk, handler=world.handler, now=when).case


def test_the_leader_reviews_the_day_and_urges_and_the_handler_replies_first_thing(
    browser_page, world, tmp_path
):
    page = browser_page
    # given today's registrations, two cases long late, one urged five days ago and never answered
    today = [
        actions.register(
            actor=world.clerk,
            item_code="MZ001",
            applicant=person(name=name),
            received_materials=["居民身份证"],
        ).case
        for name in ("刘秀英", "杨建华", "钟桂兰")
    ]
    red = _late(world, "谢永福", 40)
    yellow = _late(world, "黄小梅", 30)
    actions.urge(
        red,
        actor=world.supervisor,
        note="电子监察：已亮红牌，请说明原因",
        now=timezone.now() - dt.timedelta(days=5),
    )
    # when the duty leader opens the leader's page
    log_in(page, "zhou")
    nav_link(page, "带班领导").click()
    page.wait_for_url("**/counter/leader/")
    expect(page.get_by_role("heading", name="批示：今日登记的办件")).to_be_visible()
    expect(page.locator("table").first).to_contain_text("刘秀英")
    expect(page.locator(".leader-urgings")).to_contain_text("逾期未回复")
    # 批示 one case with a note
    row = page.locator(f"#daily_review-{today[0].number}")
    row.locator("input[type=text]").fill("请一次性告知所缺材料")
    row.get_by_role("button", name="批示").click()
    expect(page.locator(f"#daily_review-{today[0].number}")).to_contain_text("请一次性告知所缺材料")
    # 督办 the yellow-carded case, reply due the next working day
    late_row = page.locator(f"#urge-{yellow.number}")
    late_row.locator("input[type=text]").fill("请今日说明超期原因并加快办理")
    late_row.get_by_role("button", name="督办").click()
    expect(page.locator(f"#urge-{yellow.number}")).to_contain_text("已督办")
    shoot(page, tmp_path, "leader.png")
    # 全部已阅 for the rest
    page.get_by_role("button", name="全部已阅（2 件）").click()
    expect(page.locator("ul.messages")).to_contain_text("已批示“已阅” 2 件")
    assert CaseEvent.objects.filter(type=Step.REVIEW).count() == 3
    log_out(page)
    # then the handler finds the urgings at the top of the home page and answers one
    log_in(page, "chen")
    section = page.locator("section.urgings")
    expect(section).to_contain_text("请今日说明超期原因并加快办理")
    expect(section).to_contain_text("已逾期")  # the supervisor's, answered by nobody for five days
    first_heading = page.locator("main h2").first
    expect(first_heading).to_contain_text("待我回复的督办")
    shoot(page, tmp_path, "home-urgings.png")
    urging = page.locator(f"#urging-{yellow.number}")
    urging.locator("textarea").fill("申请人收入证明已补齐，明日办结")
    urging.get_by_role("button", name="回复督办").click()
    page.wait_for_url(f"**/counter/cases/{yellow.number}/")
    expect(page.locator("body")).to_contain_text("已回复督办")
    assert Case.objects.get(pk=yellow.pk).urge_reply_by is None
    assert Case.objects.get(pk=red.pk).urge_reply_by is not None
