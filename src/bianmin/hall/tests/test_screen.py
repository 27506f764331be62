"""去向公示牌: each window of a center with its staff (AB岗), where they are, refreshed every minute."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from bianmin.conftest import OrgFactory, WindowFactory, make_staff
from bianmin.orgs.models import Staff, Whereabouts
from bianmin.orgs.roles import Role


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 40), (180, 0, 27)).save(out, format="PNG")
    return out.getvalue()


def test_screen_shows_every_window_with_its_staff_post_whereabouts_and_phone(client, world):
    # given 陈承办 holds 民政 as post B and is out at a site visit, 李窗口 holds it as post A
    Staff.objects.filter(name="陈承办").update(
        whereabouts=Whereabouts.OUT, whereabouts_note="入户调查", phone="0797-2345678"
    )
    response = client.get(f"/screen/{world.town.code}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="60">' in page
    for window in ("民政", "国土和规划", "林业"):
        assert window in page
    assert "李窗口" in page and "陈承办" in page and "林业员" in page
    assert "A岗" in page and "B岗" in page
    assert "在岗" in page and "外出" in page and "入户调查" in page and "0797-2345678" in page
    # staff without a window (the director, the supervisor) are not on the board
    assert "吴主任" not in page and "蒋监察" not in page


def test_when_post_a_is_away_post_b_serves_the_window(client, world):
    Staff.objects.filter(name="李窗口").update(whereabouts=Whereabouts.MEETING)
    page = client.get(f"/screen/{world.town.code}/").content.decode()
    assert "当前受理：陈承办" in page and "开会" in page


def test_a_missing_photo_shows_initials_and_a_photo_is_served_through_a_view(client, world, media):
    page = client.get(f"/screen/{world.town.code}/").content.decode()
    assert '<span class="initials" aria-hidden="true">李</span>' in page
    clerk = Staff.objects.get(name="李窗口")
    clerk.photo.save("li.png", ContentFile(png()), save=True)
    page = client.get(f"/screen/{world.town.code}/").content.decode()
    assert f'src="/staff-photo/{clerk.pk}/"' in page
    photo = client.get(f"/staff-photo/{clerk.pk}/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content) == png()
    # someone who holds no window is not shown, so neither is their photo
    director = Staff.objects.get(name="吴主任")
    director.photo.save("wu.png", ContentFile(png()), save=True)
    assert client.get(f"/staff-photo/{director.pk}/").status_code == 404
    assert client.get("/staff-photo/999999/").status_code == 404


def test_unknown_center_is_404(client, world):
    assert client.get("/screen/999999999/").status_code == 404
    assert client.get(f"/screen/{world.village.code}/").status_code == 404


@pytest.mark.parametrize("windows", [2, 9])
def test_screen_query_count_is_pinned(client, world, django_assert_num_queries, windows):
    # center, windows, posts with their staff, office hours — the same for 2 windows as for 9
    town = OrgFactory(parent=world.county, name="测试镇便民服务中心", code="360781199")
    for n in range(1, windows + 1):
        window = WindowFactory(org=town, code=f"W{n}", name=f"窗口{n}", number=n)
        make_staff(f"a{n}", town, Role.CLERK, f"甲{n}", {window: "A"})
        make_staff(f"b{n}", town, Role.HANDLER, f"乙{n}", {window: "B"})
    with django_assert_num_queries(4):
        response = client.get(f"/screen/{town.code}/")
    assert response.content.decode().count('class="person"') == 2 * windows
