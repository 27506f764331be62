"""去向公示牌: each window of a center with its staff (AB岗), where they are, refreshed every minute."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from bianmin.conftest import OrgFactory, WindowFactory, at, make_staff
from bianmin.hall.views_screen import board
from bianmin.orgs.models import HallPeriod, OfficeHours, Staff, Whereabouts
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
    # center, windows, posts with their staff, office hours, the calendar's stamp; from attendance the half
    # day's sign-ins, open trips, approved leave and whether the center keeps sign-ins; today's roster (duty)
    # — and the notices of its ticker (bulletins) — the same for 2 as for 9
    town = OrgFactory(parent=world.county, name="测试镇便民服务中心", code="360781199")
    for n in range(1, windows + 1):
        window = WindowFactory(org=town, code=f"W{n}", name=f"窗口{n}", number=n)
        make_staff(f"a{n}", town, Role.CLERK, f"甲{n}", {window: "A"})
        make_staff(f"b{n}", town, Role.HANDLER, f"乙{n}", {window: "B"})
    client.get(f"/screen/{town.code}/")  # the process builds its working-day calendar once
    with django_assert_num_queries(11):
        response = client.get(f"/screen/{town.code}/")
    assert response.content.decode().count('class="person"') == 2 * windows


# ------------------------------------------------------------------------------ kiosk, hours, county


def posted_hours(org):  # noqa: ANN001, ANN201
    """The seeds' hours (曾家镇 第九条): 8:00-12:00 and 14:30-17:30, afternoons until 18:00 in summer."""
    OfficeHours.objects.create(org=org, name="全年作息")
    OfficeHours.objects.create(
        org=org, name="夏季作息", season_start="05-01", season_end="09-30", afternoon_end=dt.time(18, 0)
    )


def test_the_screen_is_a_kiosk_page_without_the_site_navigation(client, world):
    """A wall screen has no one to click: no site header, navigation or language switch."""
    page = client.get(f"/screen/{world.town.code}/").content.decode()
    assert 'class="kiosk"' in page and "bianmin/screen.css" in page
    assert '<header class="site">' not in page and "办事指南" not in page and "切换语言" not in page


@pytest.mark.parametrize(
    ("moment", "period", "status"),
    [
        (at(2026, 11, 24, 10), HallPeriod.OPEN, "在岗"),
        (at(2026, 11, 24, 12, 30), HallPeriod.LUNCH, "午休"),
        (at(2026, 11, 24, 17, 45), HallPeriod.CLOSED, "下班"),  # winter: the afternoon ends at 17:30
        (at(2026, 7, 14, 17, 45), HallPeriod.OPEN, "在岗"),  # summer: until 18:00
        (at(2026, 11, 24, 7, 30), HallPeriod.CLOSED, "下班"),
        (at(2026, 11, 28, 10), HallPeriod.CLOSED, "下班"),  # a Saturday
        (at(2026, 10, 2, 10), HallPeriod.CLOSED, "下班"),  # 国庆节
    ],
)
def test_the_screen_shows_lunch_break_and_closing_time_by_the_posted_hours(world, moment, period, status):
    """工作时间 (曾家镇 第九条): during the posted lunch break the board says 午休, outside hours 下班 — not
    everyone 在岗; whereabouts other than 在岗 (外出, 开会) stay as entered."""
    # given 象湖镇's posted hours, 李窗口 on duty and 林业员 out at a site visit
    posted_hours(world.town)
    Staff.objects.filter(name="林业员").update(whereabouts=Whereabouts.OUT)
    # when the board is drawn at the moment
    shown = board(world.town, moment)
    # then
    assert shown["period"] == period
    people = {p["staff"].name: p["status"][1] for row in shown["rows"] for p in row["posts"]}
    assert people["李窗口"] == status and people["林业员"] == "外出"
    serving = [row["serving"] for row in shown["rows"]]
    assert all(s is None for s in serving) if period != HallPeriod.OPEN else any(serving)


def test_the_screen_page_tells_the_lunch_break_at_the_time_it_is_drawn(client, world, time_machine):
    posted_hours(world.town)
    time_machine.move_to(at(2026, 11, 24, 12, 30))
    page = client.get(f"/screen/{world.town.code}/").content.decode()
    assert '<p class="period period-lunch">午休</p>' in page and "午休时间，暂停受理" in page
    assert "当前受理" not in page and 'class="where where-on_duty"' not in page


def test_a_county_center_without_windows_shows_its_towns_windows_town_by_town(client, world):
    """The county hall shows where the towns' staff are, one town per page, rather than 暂无窗口信息."""
    first = client.get(f"/screen/{world.county.code}/").content.decode()
    assert "暂无窗口信息" not in first
    assert '<h2 class="town">象湖镇便民服务中心</h2>' in first and "国土和规划" in first and "李窗口" in first
    assert "赵外镇" not in first  # 壬田镇's clerk is on the next page
    assert '<meta http-equiv="refresh" content="20;url=?page=2">' in first
    second = client.get(f"/screen/{world.county.code}/", {"page": 2}).content.decode()
    assert '<h2 class="town">壬田镇便民服务中心</h2>' in second and "赵外镇" in second
    assert '<meta http-equiv="refresh" content="20;url=?page=1">' in second


def test_more_windows_than_one_screen_holds_are_shown_a_page_at_a_time(client, world):
    """Five by two windows fill the screen; the eleventh and twelfth are on the next page."""
    for n in range(4, 13):
        WindowFactory(org=world.town, code=f"W{n}", name=f"第{n}窗口", number=n)
    first = client.get(f"/screen/{world.town.code}/").content.decode()
    second = client.get(f"/screen/{world.town.code}/", {"page": "2"}).content.decode()
    assert first.count('<li aria-labelledby="window-') == 10
    assert "第 1 / 2 页" in first and "第12窗口" not in first
    assert second.count('<li aria-labelledby="window-') == 2 and "第12窗口" in second
    # a page number out of range shows the first page
    assert client.get(f"/screen/{world.town.code}/", {"page": "99"}).content.decode().count("window-") == 20
