"""Scoping (分级管理): a town's staff see their own center; county roles see their county and below."""

from __future__ import annotations

import datetime as dt

from rest_framework.authtoken.models import Token

from bianmin.orgs.models import OfficeHours, Org
from bianmin.orgs.selectors import visible_orgs, visible_windows


def _codes(qs) -> set[str]:  # noqa: ANN001
    return set(qs.values_list("code", flat=True))


def test_a_town_clerk_sees_only_their_own_center(world):
    assert _codes(visible_orgs(world.clerk)) == {"360781100"}
    assert {w.org.code for w in visible_windows(world.clerk)} == {"360781100"}


def test_the_other_towns_clerk_sees_only_theirs(world):
    assert _codes(visible_orgs(world.clerk2)) == {"360781101"}


def test_the_county_admin_sees_the_county_and_everything_below(world):
    assert _codes(visible_orgs(world.county_admin)) == {"360781", "360781100", "360781101", "360781100201"}


def test_an_agent_sees_their_station_only(world):
    assert _codes(visible_orgs(world.agent)) == {"360781100201"}


def test_a_user_without_a_staff_record_sees_nothing(world, django_user_model):
    outsider = django_user_model.objects.create_user("zhao-outsider", password="pw")
    assert not visible_orgs(outsider).exists()


def test_orgs_and_windows_api_is_scoped(world, api):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.clerk).key}")
    orgs = api.get("/api/v1/orgs/").json()["results"]
    assert [o["code"] for o in orgs] == ["360781100"]
    windows = api.get("/api/v1/windows/").json()["results"]
    assert {w["code"] for w in windows} == {"MZ", "GT", "LY"}
    assert api.get("/api/v1/orgs/360781101/").status_code == 404
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.county_admin).key}")
    assert api.get("/api/v1/orgs/").json()["count"] == 4


def test_orgs_api_needs_an_account(world, api):
    response = api.get("/api/v1/orgs/")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_path_and_region_follow_the_tree(world):
    assert world.village.path == f"{world.county.path}{world.town.pk}/{world.village.pk}/"
    assert world.village.region_code == "360781" and world.town.region_code == "360781"
    assert world.village.county == world.county


def test_seasonal_office_hours_win_in_summer(world):
    # the seeds' example: 8:00–12:00 and 14:30–17:30, afternoons until 18:00 from May 1 to Sep 30
    OfficeHours.objects.create(org=world.town, name="全年")
    OfficeHours.objects.create(
        org=world.town, name="夏季", season_start="05-01", season_end="09-30", afternoon_end=dt.time(18, 0)
    )
    town = Org.objects.get(pk=world.town.pk)
    assert town.office_hours_on(dt.date(2026, 7, 1)).afternoon_end == dt.time(18, 0)
    assert town.office_hours_on(dt.date(2026, 10, 1)).afternoon_end == dt.time(17, 30)
    assert town.office_hours_on(dt.date(2026, 5, 1)).name == "夏季"


def test_market_days(world):
    world.town.market_days = [5, 15, 25]
    assert world.town.is_market_day(dt.date(2026, 11, 15))
    assert not world.town.is_market_day(dt.date(2026, 11, 16))
