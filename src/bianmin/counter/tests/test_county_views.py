"""The county's view of its towns: its home sums 本县 and lists each center, its case list names and filters
each case's center (DESIGN.md: county roles see their subtree)."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from bianmin.cases import actions
from bianmin.conftest import person

ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]


def accepted(clerk, name: str):  # noqa: ANN001, ANN201
    case = actions.register(
        actor=clerk, item_code="MZ001", applicant=person(name=name), received_materials=ALL_MANDATORY
    ).case
    return actions.accept(case, actor=clerk).case


def test_the_county_home_says_本县_and_counts_each_center(client, world):
    """A county admin's home sums both towns: it says 本县, not 本中心, and gives each center its own line."""
    # given one running case at 象湖镇 and two at 壬田镇
    accepted(world.clerk, "张三")
    accepted(world.clerk2, "李四")
    accepted(world.clerk2, "王五")
    # when the county admin opens the workstation
    client.force_login(world.county_admin)
    page = client.get("/counter/").content.decode()
    # then
    assert "本县在办（计时中）3 件" in page and "本中心" not in page
    rows = dict(
        re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>\s*<td><a href="[^"]+">(\d+)</a>', page)
    )
    assert rows == {"瑞金市政务服务中心": "0", "象湖镇便民服务中心": "1", "壬田镇便民服务中心": "2"}
    assert f"/counter/cases/?center={world.town2.code}" in page


def test_a_town_clerk_home_still_says_本中心_without_a_center_column(client, world):
    accepted(world.clerk, "张三")
    client.force_login(world.clerk)
    page = client.get("/counter/").content.decode()
    assert "本中心在办（计时中）1 件" in page and "本县" not in page
    assert '<th scope="col">中心</th>' not in page


def test_the_county_case_list_names_each_case_center_and_filters_by_it(client, world):
    """办件列表 for county roles: a 中心 column and a 中心 filter (by division code, inside the user's scope)."""
    xianghu = accepted(world.clerk, "张三")
    rentian = accepted(world.clerk2, "李四")
    client.force_login(world.county_admin)
    page = client.get("/counter/cases/").content.decode()
    assert '<th scope="col">中心</th>' in page and '<select name="center">' in page
    assert "<td>象湖镇</td>" in page and "<td>壬田镇</td>" in page
    only = client.get("/counter/cases/", {"center": world.town2.code}).content.decode()
    assert rentian.number in only and xianghu.number not in only
    assert f'<option value="{world.town2.code}" selected>' in only


def test_a_town_clerk_cannot_reach_another_center_through_the_center_filter(client, world):
    """The filter narrows the user's scope, never widens it."""
    accepted(world.clerk2, "李四")
    client.force_login(world.clerk)
    page = client.get("/counter/cases/", {"center": world.town2.code}).content.decode()
    assert "暂无办件" in page and '<select name="center">' not in page


def test_the_api_filters_by_center_with_the_same_filter(world, api):
    accepted(world.clerk, "张三")
    accepted(world.clerk2, "李四")
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=world.county_admin)[0].key}")
    assert api.get("/api/v1/cases/").json()["count"] == 2
    assert api.get("/api/v1/cases/", {"center": world.town2.code}).json()["count"] == 1
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=world.clerk)[0].key}")
    assert api.get("/api/v1/cases/", {"center": world.town2.code}).json()["count"] == 0


def test_the_county_list_does_not_query_per_case(client, world):
    """STYLE 11: the center column comes with the cases (select_related), not a query per row."""
    client.force_login(world.county_admin)

    def count() -> int:
        client.get("/counter/cases/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/counter/cases/").status_code == 200
        return len(ctx.captured_queries)

    accepted(world.clerk, "张三")
    accepted(world.clerk2, "李四")
    few = count()  # the deadlines read each center's calendar and hours once: per center, never per case
    for i in range(5):
        accepted(world.clerk2, f"村民{i}")
        accepted(world.clerk, f"镇民{i}")
    assert count() == few
