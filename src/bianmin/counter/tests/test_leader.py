"""The duty leader's page and the handler's urgings (000 篇2 帶班領導: 批示 on the day's cases, 督办 until
done), and the extension decision on the case page (行政许可法 Art. 42)."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bianmin.cases import actions
from bianmin.cases.models import CaseEvent
from bianmin.cases.steps import Step
from bianmin.conftest import at
from bianmin.counter.tests.helpers import in_progress, reload, submitted

# session, user, permissions (2), staff, its org, groups, the town's stations, the nav's counts and unread
# notifications, the
# calendar stamp; then one query each: today's cases, their 批示, the late candidates, the earlier
# unreviewed count, the pending extension requests, the urgings with their cases and replies; the roster's
# 带班领导 of the day (once for the page and every 批示 guard).
LEADER_QUERIES = 19


def _late_world(world, n):  # noqa: ANN001, ANN202
    """Cases registered today, some reviewed; cases accepted long ago (late), some urged and answered."""
    with time_machine.travel(at(2026, 9, 28, 9), tick=False):
        late = [in_progress(world) for _ in range(n)]
    for i, case in enumerate(late):
        if i % 2 == 0:
            actions.urge(case, actor=world.leader, note="请说明原因", now=at(2026, 10, 19, 9))
        if i % 4 == 0:
            actions.reply_urge(case, actor=world.handler, note="已联系申请人", now=at(2026, 10, 19, 11))
    today = [submitted(world) for _ in range(n)]
    for case in today[::2]:
        actions.review(case, actor=world.leader, note="请一次性告知")
    return late, today


def _queries(client, url):  # noqa: ANN001, ANN202
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@time_machine.travel(at(2026, 10, 20, 15), tick=False)
def test_the_leader_page_lists_the_day_the_late_cases_and_the_urgings(world, client):
    late, today = _late_world(world, 2)
    client.force_login(world.leader)
    page = client.get("/counter/leader/").content.decode()
    for case in today:
        assert case.number in page
    assert "请一次性告知" in page  # the 批示 written
    assert f'action="/counter/leader/{today[1].number}/daily_review/"' in page
    assert f'action="/counter/leader/{today[0].number}/daily_review/"' not in page
    assert "全部已阅（1 件）" in page
    # late: due 10-16, two working days later a yellow card, with an urge form
    assert "黄牌" in page and f'action="/counter/leader/{late[1].number}/urge/"' in page
    assert "已联系申请人" in page  # the reply to the first urging
    # the nav shows the page to the leader, not to a clerk, who may not open it
    assert 'class="nav-leader' in page
    client.force_login(world.clerk)
    assert 'class="nav-leader' not in client.get("/counter/").content.decode()
    assert client.get("/counter/leader/").status_code == 403


@time_machine.travel(at(2026, 10, 20, 15), tick=False)
def test_review_one_and_all_from_the_leader_page(world, client):
    cases = [submitted(world) for _ in range(3)]
    client.force_login(world.leader)
    one = client.post(
        f"/counter/leader/{cases[0].number}/daily_review/", {f"daily_review-{cases[0].pk}-note": "注意时限"}
    )
    assert one.status_code == 302
    assert reload(cases[0]).reviewed_at is not None
    assert CaseEvent.objects.get(case=cases[0], type=Step.REVIEW).data == {"note": "注意时限"}
    again = client.post(f"/counter/leader/{cases[0].number}/daily_review/", {})
    assert again.status_code == 409 and "该办件已批示" in again.content.decode()
    done = client.post("/counter/leader/review_all/", {"number": [c.number for c in cases[1:]]})
    assert done.status_code == 302
    assert CaseEvent.objects.filter(type=Step.REVIEW, data__note="已阅").count() == 2
    # a supervisor urges but does not review
    client.force_login(world.supervisor)
    refused = client.post("/counter/leader/review_all/", {"number": [cases[0].number]})
    assert refused.status_code == 403


@time_machine.travel(at(2026, 10, 20, 15), tick=False)
def test_urge_from_the_leader_page_refuses_a_weekend_deadline(world, client):
    with time_machine.travel(at(2026, 9, 28, 9), tick=False):
        case = in_progress(world)
    client.force_login(world.leader)
    prefix = f"urge-{case.pk}"
    weekend = client.post(
        f"/counter/leader/{case.number}/urge/",
        {f"{prefix}-note": "请说明", f"{prefix}-reply_by": "2026-10-24"},
    )
    assert weekend.status_code == 400 and "不是工作日" in weekend.content.decode()
    assert reload(case).urge_reply_by is None
    ok = client.post(
        f"/counter/leader/{case.number}/urge/", {f"{prefix}-note": "请说明", f"{prefix}-reply_by": ""}
    )
    assert ok.status_code == 302 and reload(case).urge_reply_by == dt.date(2026, 10, 21)


@time_machine.travel(at(2026, 10, 20, 15), tick=False)
def test_the_handler_sees_urgings_first_and_replies(world, client):
    with time_machine.travel(at(2026, 9, 28, 9), tick=False):
        case = in_progress(world)
    actions.urge(case, actor=world.leader, note="请今日说明超期原因", now=at(2026, 10, 19, 9))
    client.force_login(world.handler)
    page = client.get("/counter/").content.decode()
    assert page.index("待我回复的督办") < page.index("我的在办件")
    assert "请今日说明超期原因" in page and "已逾期" not in page  # due 10-20, today
    reply = client.post(f"/counter/cases/{case.number}/reply_urge/", {"note": "材料已补齐，明日办结"})
    assert reply.status_code == 302
    assert reload(case).urge_reply_by is None
    assert "待我回复的督办" not in client.get("/counter/").content.decode()


@time_machine.travel(at(2026, 10, 12, 15), tick=False)
def test_the_case_page_shows_the_pending_request_to_the_leader(world, client):
    """Art. 42: the leader decides what the handler asked, seeing the days and the reason."""
    case = in_progress(world)
    actions.request_extension(case, actor=world.handler, days=4, reason="需补充测绘报告")
    client.force_login(world.leader)
    page = client.get(f"/counter/cases/{case.number}/").content.decode()
    assert "批准延期：申请延期 4 个工作日，理由：需补充测绘报告" in page
    assert f'action="/counter/cases/{case.number}/refuse_extension/"' in page
    approved = client.post(f"/counter/cases/{case.number}/approve_extension/", {"note": "同意"})
    assert approved.status_code == 302 and reload(case).extended_days == 4


@time_machine.travel(at(2026, 10, 20, 15), tick=False)
def test_leader_page_queries_do_not_grow(world, client):
    client.force_login(world.leader)
    _late_world(world, 2)
    few = _queries(client, "/counter/leader/")
    _late_world(world, 6)
    many = _queries(client, "/counter/leader/")
    assert few == many == LEADER_QUERIES
