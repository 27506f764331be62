"""办事指南: browsing and searching the catalog, an item's six disclosures (六公开), the printable 便民卡."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from bianmin.catalog.actions import enable_item
from bianmin.catalog.models import Material
from bianmin.conftest import publish
from bianmin.hall.tests.conftest import publish_online


def test_guide_lists_the_items_enabled_at_the_chosen_center(client, world, online_item):
    # given 象湖镇 has five items and 壬田镇 four (低保申请 is only enabled at 象湖镇)
    # when a villager opens the guide for 象湖镇
    page = client.get("/guide/", {"org": world.town.code}).content.decode()
    # then every item is listed, with the center's windows to browse by
    for name in ("低保申请", "最低生活保障申请", "开具居住证明", "农村宅基地审批", "结婚登记"):
        assert name in page
    assert "1号窗口 民政" in page and "5号窗口 国土和规划" in page
    # and 壬田镇's guide does not offer 低保申请
    assert "低保申请" not in client.get("/guide/", {"org": world.town2.code}).content.decode()


def test_search_by_pinyin_initials_name_and_code(client, world, online_item):
    by_initials = client.get("/guide/", {"org": world.town.code, "q": "dbsq"}).content.decode()
    assert "低保申请" in by_initials and "结婚登记" not in by_initials
    by_name = client.get("/guide/", {"q": "宅基地"}).content.decode()
    assert "农村宅基地审批" in by_name and "低保申请" not in by_name
    by_code = client.get("/guide/", {"q": "MZ009"}).content.decode()
    assert "结婚登记" in by_code and "最低生活保障申请" not in by_code
    nothing = client.get("/guide/", {"q": "xyzxyz"})
    assert nothing.status_code == 200 and "没有找到符合条件的事项" in nothing.content.decode()


def test_browse_by_window_and_by_category(client, world, online_item):
    land = client.get("/guide/", {"org": world.town.code, "window": "GT"}).content.decode()
    assert "农村宅基地审批" in land and "结婚登记" not in land
    giving = client.get("/guide/", {"org": world.town.code, "category": "行政给付"}).content.decode()
    assert "低保申请" in giving and "农村宅基地审批" not in giving
    online = client.get("/guide/", {"org": world.town.code, "online": "1"}).content.decode()
    assert "低保申请" in online and "最低生活保障申请" not in online


def test_the_guide_is_paginated_and_keeps_the_search_on_every_page(client, world):
    for i in range(25):
        enable_item(publish(world.county, f"PG{i:03d}", name=f"测试事项{i:03d}"), world.town)
    first = client.get("/guide/", {"org": world.town.code, "q": "PG"}).content.decode()
    assert "测试事项000" in first and "测试事项024" not in first
    assert f"?org={world.town.code}&amp;q=PG&amp;page=2" in first
    second = client.get("/guide/", {"org": world.town.code, "q": "PG", "page": 2}).content.decode()
    assert "测试事项024" in second and "测试事项000" not in second
    assert client.get("/guide/", {"page": "999"}).status_code == 200  # past the end: the last page, no error


@pytest.mark.parametrize("extra_items", [0, 30])
def test_guide_list_query_count_is_pinned(client, world, django_assert_num_queries, extra_items):
    # center, windows, categories, count, one page of items — however many items the catalog holds
    for i in range(extra_items):
        enable_item(
            publish(world.county, f"QC{i:03d}", name=f"查询事项{i:03d}", category="公共服务"), world.town
        )
    with django_assert_num_queries(5):
        response = client.get("/guide/", {"org": world.town.code})
    assert response.status_code == 200


def test_item_page_shows_the_six_disclosures_flags_and_windows(client, world, online_item):
    page = client.get(f"/guide/{online_item.code}/", {"org": world.town.code}).content.decode()
    # 一 content and conditions, 二 procedure, 三 materials, 四 legal basis, 五 time limits, 六 fee
    for heading in ("办理内容和条件", "办理程序", "申请材料", "法律依据", "办理时限", "收费标准及依据"):
        assert heading in page
    assert "家庭人均收入低于当地低保标准" in page and "入户调查" in page
    assert "《社会救助暂行办法》第十一条" in page
    assert "30 个工作日" in page and "20 个工作日" in page and "不收费" in page
    # materials with originals, copies and whether they are mandatory
    assert "居民身份证" in page and "家庭收入证明" in page and "其他证明材料" in page and "视情况提供" in page
    assert "1号窗口 民政" in page
    assert f"/apply/{online_item.code}/?org={world.town.code}" in page


def test_item_page_without_a_center_lists_where_it_can_be_done(client, world):
    page = client.get("/guide/MZ009/").content.decode()
    assert "可办理的中心" in page and "象湖镇便民服务中心" in page and "壬田镇便民服务中心" in page
    assert "须本人到场" in page and "/apply/MZ009/" not in page
    assert client.get("/guide/NOPE/").status_code == 404


def test_sample_forms_are_downloaded_through_the_guide(client, world, media):
    item = publish_online(world)
    material = Material.objects.get(version=item.current, name="户口簿")
    material.sample.save("hukou.pdf", ContentFile(b"%PDF-1.4 sample"), save=True)
    page = client.get(f"/guide/{item.code}/").content.decode()
    assert f"/guide/sample/{material.pk}/" in page
    response = client.get(f"/guide/sample/{material.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 sample"
    assert "attachment" in response["Content-Disposition"]
    other = Material.objects.get(version=item.current, name="居民身份证")
    assert client.get(f"/guide/sample/{other.pk}/").status_code == 404


def test_service_card_is_printable_with_a_qr_code_to_the_item_page(client, world, online_item, settings):
    settings.PUBLIC_BASE_URL = "https://bm.example.cn"
    page = client.get(f"/guide/{online_item.code}/card/", {"org": world.town.code}).content.decode()
    assert "<svg" in page and "便民服务卡" in page
    assert f"https://bm.example.cn/guide/{online_item.code}/?org={world.town.code}" in page
    assert "@page { size: A5" in page and "@media print" not in page  # the print rules live in site.css
    assert "家庭收入证明" in page and "1号窗口 民政" in page
