"""去向公示牌 from the data alone (issue 11 "Done when"): approved leave, trips out, sign-ins and the roster say
where each person is, who serves each window (AB岗) and which window is empty (空岗); the hand-typed
whereabouts is only an override, or the board itself at a center that keeps no sign-ins."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.attendance import actions
from bianmin.attendance.models import SignIn
from bianmin.conftest import at
from bianmin.duty.models import DutyEntry, DutyKind, EntrySource
from bianmin.hall.views_screen import board
from bianmin.orgs.models import Staff, Whereabouts

MONDAY = dt.date(2026, 3, 2)  # a working day; default hours 8:00-12:00, 14:30-17:30


def shown(world: Any, moment: dt.datetime) -> tuple[dict[str, tuple[str, str]], dict[str, Any]]:
    """(person → (label, note), window → row) of the town's board at ``moment``."""
    drawn = board(world.town, moment)
    people = {p["staff"].name: (p["status"][1], p["note"]) for row in drawn["rows"] for p in row["posts"]}
    return people, {row["window"].name: row for row in drawn["rows"]}


@pytest.fixture
def monday(world: Any) -> Any:
    """象湖镇 on Monday 2 March at 9:30: 李窗口 (民政 A) on sick leave approved the Friday before; 陈承办 (民政 B,
    国土 A) signed in at 7:55 and went out at 9:00 to a household visit; 林业员 (林业 A) not signed in; 周带班
    (no window) signed in, so the center keeps sign-ins."""
    leave = actions.request_leave(
        world.clerk,
        kind="sick",
        start_day=MONDAY,
        start_session="am",
        end_day=MONDAY,
        end_session="pm",
        reason="发烧",
        sick_record="县医院门诊病历",
        now=at(2026, 2, 27, 9),
    )
    actions.approve_leave(world.director, leave, now=at(2026, 2, 27, 10))
    actions.sign_in(world.handler, at(2026, 3, 2, 7, 55))
    actions.start_trip(world.handler, "入户调查低保户", at(2026, 3, 2, 9, 0))
    actions.sign_in(world.leader, at(2026, 3, 2, 7, 50))
    return world


def test_each_persons_state_comes_from_leave_trips_and_sign_ins(monday: Any) -> None:
    """001 去向公示牌: 是否在岗 — 请假 (with its kind), 外出 (with its reason, 003 太湖乡: 中途外出需注明事由),
    未签到 (003 太湖乡 第十八条: 不按规定签到) — with nothing typed in the admin."""
    assert Staff.objects.exclude(whereabouts=Whereabouts.ON_DUTY).count() == 0
    people, _rows = shown(monday, at(2026, 3, 2, 9, 30))
    assert people["李窗口"] == ("请假", "病假")
    assert people["陈承办"] == ("外出", "入户调查低保户")
    assert people["林业员"] == ("未签到", "")
    # 林业员 signs in at 9:40: 在岗 from then on
    actions.sign_in(monday.forester, at(2026, 3, 2, 9, 40))
    people, _rows = shown(monday, at(2026, 3, 2, 9, 45))
    assert people["林业员"] == ("在岗", "")
    # 陈承办 back at 10:00: 在岗 again
    actions.end_trip(monday.handler, at(2026, 3, 2, 10, 0))
    people, _rows = shown(monday, at(2026, 3, 2, 10, 5))
    assert people["陈承办"] == ("在岗", "")


def test_a_window_whose_a_and_b_are_both_away_is_empty_in_red(
    monday: Any, client: Any, time_machine: Any
) -> None:
    """001 AB岗 and 003 曾家镇 第十一条 服务窗口不能缺岗脱人: 民政's A on leave and B out → 空岗; 林业 with its
    only holder not signed in → 空岗; when 陈承办 returns, 民政 is served by its B post."""
    people, rows = shown(monday, at(2026, 3, 2, 9, 30))
    assert rows["民政"]["empty"] and rows["民政"]["serving"] is None
    assert rows["林业"]["empty"] and rows["国土和规划"]["empty"]
    time_machine.move_to(at(2026, 3, 2, 9, 30))
    page = client.get(f"/screen/{monday.town.code}/").content.decode()
    assert page.count('class="empty"') == 3 and page.count("空岗") == 3
    assert 'class="where where-not_signed_in">未签到' in page and 'class="where where-on_leave">请假' in page
    # 陈承办 comes back: 民政 is served by its B post, 国土 by its A post
    actions.end_trip(monday.handler, at(2026, 3, 2, 10, 0))
    _people, rows = shown(monday, at(2026, 3, 2, 10, 5))
    assert not rows["民政"]["empty"] and rows["民政"]["serving"]["staff"].name == "陈承办"
    assert rows["国土和规划"]["serving"]["staff"].name == "陈承办"
    assert rows["林业"]["empty"]


def test_outside_office_hours_nothing_is_empty_and_leave_still_shows(monday: Any) -> None:
    people, rows = shown(monday, at(2026, 3, 2, 12, 30))
    assert not any(row["empty"] for row in rows.values())
    assert people["李窗口"] == ("请假", "病假") and people["林业员"] == ("午休", "")
    assert people["陈承办"][0] == "外出"  # still out, over lunch
    people, _rows = shown(monday, at(2026, 3, 2, 18, 0))
    assert people["林业员"] == ("下班", "")


def test_a_whereabouts_typed_by_hand_overrides_until_the_next_sign_in(monday: Any) -> None:
    """The admin's 开会 wins over a sign-in (attendance cannot know of the county meeting); the person's next
    sign-in says they are back and clears it."""
    actions.sign_in(monday.forester, at(2026, 3, 2, 7, 58))
    Staff.objects.filter(pk=monday.forester.staff.pk).update(
        whereabouts=Whereabouts.MEETING, whereabouts_note="县林业局会议"
    )
    people, rows = shown(monday, at(2026, 3, 2, 9, 30))
    assert people["林业员"] == ("开会", "县林业局会议") and rows["林业"]["empty"]
    actions.sign_in(monday.forester, at(2026, 3, 2, 14, 25))
    people, rows = shown(monday, at(2026, 3, 2, 14, 40))
    assert people["林业员"] == ("在岗", "") and not rows["林业"]["empty"]


def test_a_center_that_keeps_no_sign_ins_shows_the_hand_typed_board(world: Any) -> None:
    """No sign-in ever recorded at 象湖镇: the board reads the whereabouts as typed (everyone 在岗 but 林业员,
    out by hand), not everyone 未签到 and every window empty."""
    assert not SignIn.objects.exists()
    Staff.objects.filter(pk=world.forester.staff.pk).update(
        whereabouts=Whereabouts.OUT, whereabouts_note="现场勘查"
    )
    people, rows = shown(world, at(2026, 3, 2, 9, 30))
    assert people["李窗口"] == ("在岗", "") and people["林业员"] == ("外出", "现场勘查")
    assert [name for name, row in rows.items() if row["empty"]] == ["林业"]


def test_a_clerk_not_yet_joined_is_not_on_the_board_and_does_not_staff_the_window(monday: Any) -> None:
    """到岗日期: 林业员 joins on 3 March; on 2 March 林业 has no holder in service and is empty."""
    Staff.objects.filter(pk=monday.forester.staff.pk).update(joined_on=dt.date(2026, 3, 3))
    people, rows = shown(monday, at(2026, 3, 2, 9, 30))
    assert "林业员" not in people and rows["林业"]["empty"] and rows["林业"]["posts"] == []


def test_the_roster_names_todays_duty_leader_at_the_top(monday: Any, client: Any, time_machine: Any) -> None:
    """000 篇2: 每天至少1名领导带班 — the screen names the roster's 带班领导 and duty staff of the day."""
    for kind, user in ((DutyKind.LEADER, monday.leader), (DutyKind.STAFF, monday.forester)):
        DutyEntry.objects.create(
            org=monday.town,
            date=MONDAY,
            kind=kind,
            staff=user.staff,
            source=EntrySource.MANUAL,
            updated_at=at(2026, 2, 27, 9),
        )
    time_machine.move_to(at(2026, 3, 2, 9, 30))
    page = client.get(f"/screen/{monday.town.code}/").content.decode()
    assert "今日带班领导：<strong>周带班</strong>" in page and "值班人员：林业员" in page
    time_machine.move_to(at(2026, 3, 3, 9, 30))
    assert "今日带班领导" not in client.get(f"/screen/{monday.town.code}/").content.decode()
