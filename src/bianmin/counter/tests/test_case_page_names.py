"""Names, not codes, on the case page: the joint-task log (联办任务) names the window that finished its part,
and a joint case waiting for a window names the window."""

from __future__ import annotations

import re

from bianmin.cases import actions
from bianmin.conftest import at, person


def test_the_joint_task_log_names_the_window_and_the_ledger_keeps_its_code(client, world):
    """并联审批: "联办窗口办结 · 窗口 国土和规划" on the page; the hash-chained event still records GT."""
    # given 农村宅基地审批 accepted at 象湖镇, the 国土和规划 part done by handler Chen
    case = actions.register(
        actor=world.clerk,
        item_code="GT001",
        applicant=person(),
        received_materials=["居民身份证", "户口簿", "家庭收入证明"],
        now=at(2026, 9, 28),
    ).case
    actions.accept(case, actor=world.clerk, now=at(2026, 9, 28, 9))
    actions.assign(case.number, actor=world.clerk, handler=world.handler)
    actions.complete_task(case.number, actor=world.handler, window_code="GT", result="符合规划")
    # when clerk Li opens the case
    client.force_login(world.clerk)
    page = client.get(f"/counter/cases/{case.number}/").content.decode()
    # then the timeline names the window
    timeline = page[page.index('<ol class="timeline">') :]
    assert re.search(r"<dt>窗口</dt><dd>国土和规划</dd>", timeline)
    assert "<dd>GT</dd>" not in timeline
    # and the ledger keeps the code
    assert case.events.get(type="complete_task").data["window"] == "GT"


def test_a_joint_case_waiting_for_a_window_names_it(client, world):
    """办结 is held back until every window is done: the page says which one by its name (林业), not LY."""
    case = actions.register(
        actor=world.clerk,
        item_code="GT001",
        applicant=person(),
        received_materials=["居民身份证", "户口簿", "家庭收入证明"],
        now=at(2026, 9, 28),
    ).case
    actions.accept(case, actor=world.clerk, now=at(2026, 9, 28, 9))
    actions.assign(case.number, actor=world.clerk, handler=world.handler)
    actions.complete_task(case.number, actor=world.handler, window_code="GT", result="符合规划")
    client.force_login(world.handler)
    page = client.get(f"/counter/cases/{case.number}/").content.decode()
    assert "联办窗口尚未全部办结：林业" in page and "办结：LY" not in page
