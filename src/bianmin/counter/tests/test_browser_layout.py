"""The counter at phone width (390 px: a village agent, a clerk on a home visit) and the county's case list, in
a real browser. Screenshots: var/screenshots/counter-intake-390.png, counter-case-390.png,
counter-list-390.png, county-case-list.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bianmin.cases import actions
from bianmin.conftest import SCREENSHOTS, nav_link, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]


def log_in(page, username):  # noqa: ANN001, ANN201
    page.goto("/accounts/login/?next=/counter/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/counter/")


def page_width(page) -> int:  # noqa: ANN001
    return page.evaluate("document.documentElement.scrollWidth")


def joint_case(world):  # noqa: ANN001, ANN201
    """农村宅基地审批 accepted at 象湖镇 with its two joint tasks, one done: the widest tables a case has."""
    case = actions.register(
        actor=world.clerk, item_code="GT001", applicant=person(), received_materials=ALL_MANDATORY
    ).case
    actions.accept(case, actor=world.clerk)
    actions.assign(case.number, actor=world.clerk, handler=world.handler)
    actions.complete_task(
        case.number, actor=world.handler, window_code="GT", result="符合国土空间规划和村庄规划"
    )
    return case


def test_the_counter_works_at_phone_width_without_sideways_scrolling(browser_page, world):
    """At 390 px the page never scrolls sideways: forms take one column, wide tables scroll in their box."""
    page = browser_page
    case = joint_case(world)
    for i in range(3):
        actions.register(actor=world.clerk, item_code="MZ001", applicant=person(name=f"村民{i}"))
    page.set_viewport_size(PHONE)
    log_in(page, "li")
    # intake: the item, its materials and the applicant form fit the screen
    page.goto("/counter/intake/?item=MZ001")
    page.fill("#id_name", "张三")
    assert page_width(page) <= 390
    name = page.locator("#id_name").bounding_box()
    assert name is not None and name["x"] + name["width"] <= 390
    page.screenshot(path=str(SCREENSHOTS / "counter-intake-390.png"), full_page=True)
    # the case page: the joint-task table scrolls inside its own box, the actions are below the facts
    page.goto(f"/counter/cases/{case.number}/")
    assert page_width(page) <= 390
    assert page.get_by_role("heading", name="联办任务").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "counter-case-390.png"), full_page=True)
    # the list: eleven columns scroll inside the table's box
    page.goto("/counter/cases/")
    assert page_width(page) <= 390
    table = page.locator("table.cases")
    assert table.evaluate("t => t.scrollWidth > t.clientWidth")
    page.screenshot(path=str(SCREENSHOTS / "counter-list-390.png"), full_page=True)


def test_the_county_case_list_names_and_filters_the_center(browser_page, world):
    """县级管理员: the list shows each case's center and filters by it."""
    page = browser_page
    for clerk, name in ((world.clerk, "张三"), (world.clerk2, "李四"), (world.clerk2, "王五")):
        case = actions.register(
            actor=clerk, item_code="MZ001", applicant=person(name=name), received_materials=ALL_MANDATORY
        ).case
        actions.accept(case, actor=clerk)
    log_in(page, "xian")
    page.get_by_role("link", name="办件列表", exact=True).click()
    assert page.locator("table.cases th", has_text="中心").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "county-case-list.png"), full_page=True)
    page.get_by_label("中心").select_option(label="壬田镇便民服务中心")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    assert page.locator("table.cases tbody tr").count() == 2
    assert page.locator("table.cases tbody td", has_text="象湖镇").count() == 0


def test_the_nav_groups_its_links_into_menus_one_open_at_a_time(browser_page, world):
    """A director holds a right to some thirty pages: the bar keeps the everyday ones and groups the rest into
    menus (大厅服务, 中心事务, 人员, 监督考核, 统计报表) so it takes two rows at 1366 px; one menu opens at a time and
    Escape or a click elsewhere closes it. Screenshot: var/screenshots/counter-nav-menu.png."""
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "wu")
    nav = page.locator("header.site nav")
    menus = nav.locator("details.menu")
    assert menus.locator("summary").all_inner_texts() == [
        "大厅服务",
        "中心事务",
        "人员",
        "监督考核",
        "统计报表",
    ]
    # the bar takes two rows (it took four before the menus): the links, the summaries, the number search
    page.screenshot(path=str(SCREENSHOTS / "counter-nav-bar.png"))
    shown = [*nav.locator(":scope > a").all(), *menus.locator("summary").all(), nav.locator("form.go")]
    rows = sorted({round(x.bounding_box()["y"] / 20) for x in shown})
    assert len(rows) <= 2, rows
    # when the director opens 中心事务, its four links show
    fees = nav.get_by_role("link", name="统一收费", exact=True)
    expect(fees).to_be_hidden()
    menus.nth(1).locator("summary").click()
    for name in ("统一收费", "印章管理", "矛盾纠纷调解", "档案管理"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "counter-nav-menu.png"))
    # opening 人员 closes 中心事务; Escape closes 人员
    menus.nth(2).locator("summary").click()
    expect(nav.get_by_role("link", name="签到", exact=True)).to_be_visible()
    expect(fees).to_be_hidden()
    page.keyboard.press("Escape")
    expect(nav.get_by_role("link", name="签到", exact=True)).to_be_hidden()
    # a click elsewhere closes an open menu too
    menus.nth(0).locator("summary").click()
    page.locator("main").click(position={"x": 5, "y": 5})
    expect(nav.get_by_role("link", name="预约登记", exact=True)).to_be_hidden()
    # the menu of the page shown is marked
    nav_link(page, "签到").click()
    page.wait_for_url("**/counter/attendance/")
    expect(page.locator("header.site nav details.menu.current summary")).to_have_text("人员")
