"""``/api/v1/market-days/`` and ``/api/v1/home-visits/``: lists and rows, scoped, masked, in the one error shape."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token

from bianmin.conftest import UserFactory
from bianmin.outreach import actions
from bianmin.outreach.models import MarketDay
from bianmin.outreach.tests.conftest import MARKET_MORNING, event_on, on_site, staff, visit_request


def login(api, user):  # noqa: ANN001, ANN201
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def test_the_market_day_list_shows_staffing_and_the_log(town, api):
    event = event_on(town, team=(town.clerk,), leader=town.leader)
    on_site(town, event)
    body = login(api, town.clerk).get("/api/v1/market-days/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == event.pk and row["center"] == town.town.code and row["place"] == "熊家场"
    assert (row["date"], row["starts_at"], row["ends_at"], row["state"]) == (
        "2026-03-05",
        "08:00:00",
        None,
        "scheduled",
    )
    assert (row["leader"], row["on_post"], row["open_windows"], row["staffing_gap"]) == ("周带班", 2, 3, 1)
    assert row["matters_registered"] == 1


def test_the_market_day_row_names_its_team_and_cases(town, api):
    event = event_on(town, team=(town.clerk, town.handler), leader=town.leader)
    case = on_site(town, event).case
    body = login(api, town.clerk).get(f"/api/v1/market-days/{event.pk}/").json()
    assert [m["name"] for m in body["team"]] == ["李窗口", "陈承办"]
    assert body["cases"] == [case.number]


def test_the_lists_filter(town, api):
    event_on(town, team=(town.clerk,))
    event_on(town, dt.date(2026, 3, 15), team=(town.clerk, town.handler, town.forester))
    api = login(api, town.leader)
    assert api.get("/api/v1/market-days/", {"staffing_gap": "true"}).json()["count"] == 1
    assert api.get("/api/v1/market-days/", {"date_after": "2026-03-10"}).json()["count"] == 1
    assert api.get("/api/v1/market-days/", {"center": town.town2.code}).json()["count"] == 0
    visit_request(town)
    assert api.get("/api/v1/home-visits/", {"state": "requested", "reason": "elderly"}).json()["count"] == 1
    assert api.get("/api/v1/home-visits/", {"state": "visited"}).json()["count"] == 0


def test_the_home_visit_list_masks_phone_and_id_number(town, api):
    """Personal numbers through the one masking policy (lib.identity): first 6 and last 4 of the ID."""
    visit = visit_request(town)
    row = login(api, town.clerk).get("/api/v1/home-visits/").json()["results"][0]
    assert row["requester_phone"] == "139****1234"
    assert row["requester_id_number"] == "360781********1238"
    detail = api.get(f"/api/v1/home-visits/{visit.pk}/").json()
    assert detail["requester_phone"] == "139****1234" and detail["cases"] == []


def test_out_of_scope_is_not_found_with_a_stable_code(town, api):
    event = event_on(town)
    visit = visit_request(town)
    api = login(api, town.clerk2)
    assert api.get("/api/v1/market-days/").json()["count"] == 0
    response = api.get(f"/api/v1/market-days/{event.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "market_day_not_found"
    response = api.get(f"/api/v1/home-visits/{visit.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "home_visit_not_found"
    # a number no row can have is not found either, never a server error
    assert api.get("/api/v1/market-days/99999999999999999999/").json()["code"] == "market_day_not_found"


def test_the_county_sees_the_county(town, api):
    event_on(town)
    MarketDay.objects.create(
        org=town.town2, date=dt.date(2026, 3, 11), place="壬田圩", scheduled_at=MARKET_MORNING
    )
    body = login(api, town.county_admin).get("/api/v1/market-days/").json()
    assert sorted(r["center"] for r in body["results"]) == [town.town.code, town.town2.code]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"staffing_gap": "yes"}, "staffing_gap"),
        ({"date_after": "tomorrow"}, "date_after"),
        ({"stat": "x"}, "stat"),
    ],
)
def test_a_wrong_filter_is_refused_not_ignored(town, api, query, field):
    response = login(api, town.clerk).get("/api/v1/market-days/", query)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and field in response.json()["errors"]


def test_no_role_no_list(town, api):
    nobody = UserFactory(username="nobody")
    nobody.save()
    response = login(api, nobody).get("/api/v1/home-visits/")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    api.credentials()  # and without a token: not authenticated
    response = api.get("/api/v1/market-days/")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_a_visit_row_follows_its_state(town, api):
    visit = visit_request(town)
    actions.assign_home_visit(visit, actor=town.leader, staff=staff(town.handler), now=MARKET_MORNING)
    row = login(api, town.clerk).get(f"/api/v1/home-visits/{visit.pk}/").json()
    assert (row["state"], row["assigned_to"]) == ("assigned", "陈承办")
