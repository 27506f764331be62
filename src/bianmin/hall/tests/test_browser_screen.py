"""The hall's wall screen (去向公示牌) in a real browser at 1920×1080: every window on screen, no scrolling, no
site chrome. Screenshot: var/screenshots/hall-screen.png."""

from __future__ import annotations

import datetime as dt

import pytest

from bianmin.conftest import SCREENSHOTS, OrgFactory, WindowFactory, at, make_staff
from bianmin.demo.catalog_data import WINDOWS
from bianmin.orgs.models import OfficeHours, Staff, Whereabouts
from bianmin.orgs.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SURNAMES = "钟刘黄赖温罗朱邱陈杨谢曾"


def test_the_hall_screen_shows_all_nine_windows_at_1920_by_1080_without_scrolling(
    browser_page, world, time_machine
):
    """The Ruijin standard's nine windows (瑞金市乡镇便民服务中心建设标准), two staff each (AB岗), fit one
    full-HD screen: windows 6–9 are not cut off, and nothing needs scrolling on a screen nobody touches."""
    page = browser_page
    # given a town center with the nine standard windows, each held by post A and post B
    town = OrgFactory(
        parent=world.county, name="黄柏乡便民服务中心", code="360781105", supervision_phone="0797-2520150"
    )
    OfficeHours.objects.create(
        org=town, name="全年作息", morning_end=dt.time(12), afternoon_start=dt.time(14, 30)
    )
    for n, (code, name, departments) in enumerate(WINDOWS, start=1):
        window = WindowFactory(org=town, code=code, name=name, number=n, departments=departments)
        make_staff(f"a{n}", town, Role.CLERK, f"{SURNAMES[n]}晓燕", {window: "A"})
        make_staff(f"b{n}", town, Role.HANDLER, f"{SURNAMES[n + 1]}建华", {window: "B"})
    Staff.objects.filter(org=town).update(position="镇便民服务中心工作人员", phone="0797-2520151")
    Staff.objects.filter(user__username="b5").update(
        whereabouts=Whereabouts.OUT, whereabouts_note="赴下坪村林区现场核查"
    )
    # when the hall's screen opens the board on a Tuesday morning
    time_machine.move_to(at(2026, 11, 24, 10, 30))
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"/screen/{town.code}/")
    # then every window is inside the screen and the page does not scroll either way
    cards = page.locator("ul.board > li")
    assert cards.count() == 9
    for i in range(9):
        box = cards.nth(i).bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 1080, i
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1920, i
    size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert size == [1920, 1080]
    # and the last person of window 9 is visible, not clipped by the card
    last = cards.nth(8).locator(".person").last.bounding_box()
    assert (
        last is not None
        and last["y"] + last["height"]
        <= cards.nth(8).bounding_box()["y"] + cards.nth(8).bounding_box()["height"]
    )
    assert (
        page.get_by_text("当前受理：钟晓燕").count() == 0
        and page.get_by_text("当前受理：刘晓燕").is_visible()
    )
    # and there is no site navigation on a kiosk
    assert page.locator("header.site").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "hall-screen.png"))


def test_the_screen_from_attendance_shows_leave_a_trip_a_missing_clerk_and_an_empty_window_in_red(
    browser_page, world, time_machine
):
    """Issue 11 done-when: the board correct from the data alone — 请假 for an approved leave, 外出 with the
    trip's reason, 未签到 for a clerk not signed in after 8:00, the window whose A and B are both away 空岗 in
    red, and the roster's 带班领导 on top. Screenshot: var/screenshots/attend-screen.png."""

    from bianmin.attendance import actions
    from bianmin.duty.models import DutyEntry, DutyKind, EntrySource

    page = browser_page
    town = OrgFactory(
        parent=world.county, name="黄柏乡便民服务中心", code="360781105", supervision_phone="0797-2520150"
    )
    OfficeHours.objects.create(
        org=town, name="全年作息", morning_end=dt.time(12), afternoon_start=dt.time(14, 30)
    )
    users = {}
    for n, (code, name, departments) in enumerate(WINDOWS, start=1):
        window = WindowFactory(org=town, code=code, name=name, number=n, departments=departments)
        users[(n, "A")] = make_staff(f"a{n}", town, Role.CLERK, f"{SURNAMES[n]}晓燕", {window: "A"})
        users[(n, "B")] = make_staff(f"b{n}", town, Role.HANDLER, f"{SURNAMES[n + 1]}建华", {window: "B"})
    Staff.objects.filter(org=town).update(position="乡便民服务中心工作人员", phone="0797-2520151")
    leader = make_staff("hb-leader", town, Role.DUTY_LEADER, "钟副乡长")
    director = make_staff("hb-director", town, Role.DIRECTOR, "黄主任")
    DutyEntry.objects.create(
        org=town,
        date=dt.date(2026, 11, 24),
        kind=DutyKind.LEADER,
        staff=leader.staff,
        source=EntrySource.MANUAL,
        updated_at=at(2026, 11, 20, 9),
    )
    # window 2's A on a day's approved sick leave; window 5's B out on a site visit; window 7's A and B both
    # away (A on leave, B not signed in) — empty; window 9's B not signed in (its A serves)
    for n in (2, 7):
        leave = actions.request_leave(
            users[(n, "A")],
            kind="sick",
            start_day=dt.date(2026, 11, 24),
            start_session="am",
            end_day=dt.date(2026, 11, 24),
            end_session="pm",
            reason="发烧",
            sick_record="乡卫生院门诊病历",
            now=at(2026, 11, 23, 16),
        )
        actions.approve_leave(director, leave, now=at(2026, 11, 23, 17))
    for (n, post), user in users.items():
        if (n, post) not in {(2, "A"), (7, "A"), (7, "B"), (9, "B")}:
            actions.sign_in(user, at(2026, 11, 24, 7, 50))
    actions.start_trip(users[(5, "B")], "赴下坪村林区现场核查", at(2026, 11, 24, 9, 40))
    # when the screen opens at 10:30
    time_machine.move_to(at(2026, 11, 24, 10, 30))
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"/screen/{town.code}/")
    cards = page.locator("ul.board > li")
    assert cards.count() == 9
    # then window 7 is the one empty card, in red, and says so
    empty = page.locator("ul.board > li.empty")
    assert empty.count() == 1 and "空岗" in empty.inner_text() and WINDOWS[6][1] in empty.inner_text()
    color = empty.evaluate("el => getComputedStyle(el).borderTopColor")
    assert color == "rgb(160, 0, 0)"
    assert page.locator(".where-on_leave").count() == 2 and page.locator(".where-not_signed_in").count() == 2
    assert page.get_by_text("赴下坪村林区现场核查").is_visible()
    assert page.locator("p.duty").inner_text().startswith("今日带班领导：钟副乡长")
    # window 2's B serves while its A is on leave
    assert f"当前受理：{SURNAMES[3]}建华" in cards.nth(1).inner_text()
    size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert size == [1920, 1080]
    page.screenshot(path=str(SCREENSHOTS / "attend-screen.png"))
