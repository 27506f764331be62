"""公告 where people read them (the hall page, a village station's page, the hall screen's ticker, the public
list and detail, the public API) and where staff write them (the counter pages and the staff API).

Issue 13 item 6 (001 "定期公布…民生信息"): shown on the hall page, the display screen's ticker and the village
station's page; a county's notice on every town below it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from bianmin.bulletins import actions
from bianmin.bulletins.models import Bulletin, BulletinState
from bianmin.bulletins.tests.conftest import notice
from bianmin.lib.errors import DomainError

TODAY = timezone.localdate()


def live(world: Any, **extra: Any) -> Any:
    """A notice valid from today, published now (the pages read today's date)."""
    extra.setdefault("valid_from", TODAY)
    extra.setdefault("valid_until", TODAY + dt.timedelta(days=10))
    return notice(world, now=timezone.now(), **extra)


@pytest.fixture
def shown(world: Any) -> Any:
    live(world, title="国庆节放假安排", pinned=True)
    live(
        world,
        org=world.county,
        actor=world.county_admin,
        publisher=world.county_admin,
        title="养老金提标",
        kind="policy",
    )
    live(world, title="草稿不显示", publish=False)
    live(world, org=world.town2, actor=world.clerk2, publisher=world.county_admin, title="壬田停水")
    return world


def test_the_hall_page_of_a_center_shows_its_and_its_countys_notices(client: Any, shown: Any) -> None:
    page = client.get(f"/?org={shown.town.code}").content.decode()
    assert "国庆节放假安排" in page and "养老金提标" in page
    assert "草稿不显示" not in page and "壬田停水" not in page
    assert page.index("国庆节放假安排") < page.index("养老金提标")  # pinned first
    assert "公告与民生信息" not in client.get("/").content.decode()  # no center chosen, no notices


def test_the_village_station_page_shows_its_towns_and_countys_notices(client: Any, shown: Any) -> None:
    page = client.get(f"/stations/{shown.village.code}/rota/").content.decode()
    assert "国庆节放假安排" in page and "养老金提标" in page and "壬田停水" not in page


def test_the_hall_screen_has_a_ticker_of_todays_notices(client: Any, shown: Any) -> None:
    page = client.get(f"/screen/{shown.town.code}/").content.decode()
    assert 'class="ticker"' in page and "国庆节放假安排" in page and "壬田停水" not in page


def test_the_screen_has_no_ticker_when_nothing_is_valid(client: Any, world: Any) -> None:
    assert 'class="ticker"' not in client.get(f"/screen/{world.town.code}/").content.decode()


def test_public_list_and_detail(client: Any, shown: Any) -> None:
    listing = client.get(f"/notices/{shown.village.code}/")
    assert listing.status_code == 200 and "养老金提标" in listing.content.decode()
    county_notice = Bulletin.objects.get(title="养老金提标")
    detail = client.get(f"/notices/{shown.village.code}/{county_notice.pk}/")
    assert detail.status_code == 200
    assert "养老金提标" in detail.content.decode() and "10月1日至8日放假" in detail.content.decode()
    # 壬田镇's notice is not 燕子村's to show; a draft is nobody's
    other = Bulletin.objects.get(title="壬田停水")
    draft = Bulletin.objects.get(title="草稿不显示")
    assert client.get(f"/notices/{shown.village.code}/{other.pk}/").status_code == 404
    assert client.get(f"/notices/{shown.town.code}/{draft.pk}/").status_code == 404
    assert client.get("/notices/999999999/").status_code == 404


def test_public_api_lists_todays_notices_pinned_first(
    api: Any, shown: Any, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(
        5
    ):  # the limit (expired slots cleared, the slot taken: 3), the org, the notices
        response = api.get(f"/api/v1/public/bulletins/{shown.town.code}/")
    assert response.status_code == 200
    titles = [b["title"] for b in response.json()]
    assert titles == ["国庆节放假安排", "养老金提标"]
    first = response.json()[0]
    assert first["org"] == shown.town.code and first["kind"] == "holiday" and first["pinned"] is True
    assert "created_by" not in first and "state" not in first  # no staff names in public
    missing = api.get("/api/v1/public/bulletins/999999999/")
    assert missing.status_code == 404 and missing.json()["code"] == "org_not_found"


def test_public_api_and_page_are_rate_limited_per_client(
    api: Any, client: Any, world: Any, settings: Any
) -> None:
    from bianmin.bulletins.limits import VIEW_LIMIT

    VIEW_LIMIT.limit = 3
    try:
        codes = [api.get(f"/api/v1/public/bulletins/{world.town.code}/").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        assert api.get(f"/api/v1/public/bulletins/{world.town.code}/").json()["code"] == "too_many_requests"
        assert client.get(f"/notices/{world.town.code}/").status_code == 429
    finally:
        VIEW_LIMIT.limit = 120


def _login(api: Any, user: Any) -> Any:
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


def test_staff_api_drafts_publishes_and_withdraws_through_the_actions(api: Any, world: Any) -> None:
    _login(api, world.clerk)
    body = {
        "kind": "agriculture",
        "title": "春耕备耕技术指导",
        "body": "农技站现场指导",
        "valid_from": str(TODAY),
    }
    created = api.post("/api/v1/bulletins/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["state"] == "draft" and created.json()["org"] == world.town.code
    assert created.json()["created_by"] == "li"
    edited = api.put(
        f"/api/v1/bulletins/{pk}/", {**body, "title": "春耕备耕指导", "pinned": True}, format="json"
    )
    assert edited.status_code == 200 and edited.json()["title"] == "春耕备耕指导"
    refused = api.post(f"/api/v1/bulletins/{pk}/publish/", format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    _login(api, world.leader)
    published = api.post(f"/api/v1/bulletins/{pk}/publish/", format="json")
    assert published.status_code == 200 and published.json()["published_by"] == "zhou"
    again = api.post(f"/api/v1/bulletins/{pk}/publish/", format="json")
    assert again.status_code == 409 and again.json()["code"] == "bulletin_not_draft"
    withdrawn = api.post(f"/api/v1/bulletins/{pk}/withdraw/", {"reason": "内容有误"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["withdraw_reason"] == "内容有误"
    bad = api.post("/api/v1/bulletins/", {**body, "valid_until": "2000-01-01"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_period"


def test_staff_api_is_scoped_and_its_list_query_count_is_pinned(
    api: Any, world: Any, django_assert_num_queries: Any
) -> None:
    for i in range(3):
        live(world, title=f"象湖{i}")
    live(world, org=world.town2, actor=world.clerk2, publisher=world.county_admin, title="壬田")
    _login(api, world.clerk)
    api.get("/api/v1/bulletins/")
    with django_assert_num_queries(5):  # token+user, roles, visible orgs, count, rows
        listed = api.get("/api/v1/bulletins/")
    assert sorted(b["title"] for b in listed.json()["results"]) == ["象湖0", "象湖1", "象湖2"]
    other = Bulletin.objects.get(title="壬田")
    assert api.get(f"/api/v1/bulletins/{other.pk}/").status_code == 404
    assert api.post(f"/api/v1/bulletins/{other.pk}/withdraw/", format="json").status_code == 404


def test_counter_pages_write_publish_and_withdraw(client: Any, world: Any) -> None:
    client.force_login(world.clerk)
    assert client.get("/counter/bulletins/").status_code == 200
    response = client.post(
        "/counter/bulletins/new/",
        {"kind": "holiday", "title": "元旦放假安排", "body": "1月1日放假", "valid_from": str(TODAY)},
    )
    bulletin = Bulletin.objects.get(title="元旦放假安排")
    assert response.status_code == 302 and bulletin.state == BulletinState.DRAFT
    refused = client.post(
        "/counter/bulletins/new/", {"kind": "holiday", "title": "", "valid_from": str(TODAY)}
    )
    assert refused.status_code == 400
    client.force_login(world.leader)
    page = client.get(f"/counter/bulletins/{bulletin.pk}/").content.decode()
    assert "发布" in page
    client.post(f"/counter/bulletins/{bulletin.pk}/publish/")
    bulletin.refresh_from_db()
    assert bulletin.state == BulletinState.PUBLISHED and bulletin.published_by == world.leader
    client.post(f"/counter/bulletins/{bulletin.pk}/withdraw/", {"reason": "放假时间调整"})
    bulletin.refresh_from_db()
    assert bulletin.state == BulletinState.WITHDRAWN and bulletin.withdraw_reason == "放假时间调整"
    client.force_login(world.clerk2)
    assert client.get(f"/counter/bulletins/{bulletin.pk}/").status_code == 404


def test_a_market_day_notice_links_the_centers_own_outing_only(world: Any) -> None:
    from bianmin.outreach import actions as outreach_actions

    outing = outreach_actions.schedule_market_day(
        actor=world.leader,
        org=world.town,
        date=TODAY + dt.timedelta(days=3),
        place="熊家场",
        now=timezone.now(),
    )
    linked = live(world, kind="market_day", title="赶场日便民服务", market_day=outing, publish=False)
    assert linked.market_day == outing
    with pytest.raises(DomainError) as other_kind:
        live(world, kind="policy", title="x", market_day=outing, publish=False)
    assert other_kind.value.code == "market_day_needs_kind"
    with pytest.raises(DomainError) as foreign:
        actions.draft_bulletin(
            actor=world.clerk2,
            org=world.town2,
            kind="market_day",
            title="y",
            valid_from=TODAY,
            market_day=outing,
        )
    assert foreign.value.code == "market_day_not_of_center"


def test_the_queue_display_has_a_ticker_of_todays_notices(client: Any, shown: Any) -> None:
    page = client.get(f"/queue/screen/{shown.town.code}/").content.decode()
    assert "qs-ticker" in page and "国庆节放假安排" in page and "养老金提标" in page
    assert "草稿不显示" not in page and "壬田停水" not in page


@pytest.mark.parametrize(
    "where",
    ["/?org={town}", "/screen/{town}/", "/queue/screen/{town}/", "/stations/{village}/rota/"],
    ids=["hall page", "hall screen", "queue display", "village station"],
)
def test_a_notice_leaves_every_page_on_the_day_after_its_last(
    client: Any, world: Any, time_machine: Any, where: str
) -> None:
    """Shown up to and including ``valid_until``, gone from the next day on, with nothing to run."""
    live(world, title="今日停电检修", valid_until=TODAY)
    url = where.format(town=world.town.code, village=world.village.code)
    time_machine.move_to(timezone.make_aware(dt.datetime.combine(TODAY, dt.time(17, 0))))
    assert "今日停电检修" in client.get(url).content.decode()
    time_machine.move_to(timezone.make_aware(dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(8))))
    assert "今日停电检修" not in client.get(url).content.decode()
