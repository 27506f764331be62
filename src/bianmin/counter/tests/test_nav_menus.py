"""The counter nav's menus (``counter_nav.counter_menus``): each user sees the links they hold a right to, a menu
without any is left out, and the menu of the page shown is marked current."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def menus(client, user, path="/counter/"):  # noqa: ANN001, ANN201
    client.force_login(user)
    page = client.get(path).content.decode()
    found = {}
    for block in re.findall(
        r'<details class="menu[^"]*"><summary>(.*?)</summary>(.*?)</details>', page, re.S
    ):
        found[block[0]] = re.findall(r">([^<]+)</a></li>", block[1])
    return page, found


def test_a_director_sees_every_menu_with_the_center_affairs(client, world):
    _, found = menus(client, world.director)
    assert list(found) == ["大厅服务", "中心事务", "人员", "监督考核", "统计报表"]
    assert found["中心事务"] == ["统一收费", "印章管理", "矛盾纠纷调解", "档案管理"]
    assert "带班领导" in found["监督考核"]


def test_a_village_agent_sees_no_empty_menu(client, world):
    page, found = menus(client, world.agent)
    assert all(found.values()), found
    assert "带班领导" not in str(found) and "统一收费" not in str(found)
    assert "<summary></summary>" not in page


def test_the_menu_of_the_page_shown_is_current(client, world):
    page, _ = menus(client, world.director, "/counter/attendance/")
    assert '<details class="menu current"><summary>人员</summary>' in page
    assert 'aria-current="page">签到</a>' in page
