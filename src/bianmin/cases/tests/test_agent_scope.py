"""全程代办: a village agent (代办员) follows the cases their station took in for villagers, though the town
center owns them — and sees no other station's or window's cases (DESIGN.md: every staff query is scoped)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from bianmin.cases import actions
from bianmin.cases.selectors import in_scope, list_cases, visible_cases
from bianmin.conftest import OrgFactory, make_staff, person
from bianmin.orgs.models import OrgKind
from bianmin.orgs.roles import Role

ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]


@pytest.fixture
def cases(world):  # noqa: ANN001, ANN201
    """One case agent Wang of 燕子村 filed, one agent Liu of 沙洲坝村 filed, one clerk Li took at the window."""
    shazhouba = OrgFactory(
        kind=OrgKind.VILLAGE, parent=world.town, name="沙洲坝村便民服务站", code="360781100202"
    )
    world.agent2 = make_staff("liu", shazhouba, Role.AGENT, "刘代办")

    def filed(actor):  # noqa: ANN001, ANN202
        return actions.register(
            actor=actor, item_code="MZ001", applicant=person(), received_materials=ALL_MANDATORY
        ).case

    return {"yanzi": filed(world.agent), "shazhouba": filed(world.agent2), "window": filed(world.clerk)}


def test_a_village_agent_sees_the_cases_of_their_own_station(world, cases):
    """代办员 follow their station's cases (case_scope's station clause), the town owns them."""
    yanzi = cases["yanzi"]
    assert yanzi.org == world.town and yanzi.station == world.village
    assert list(visible_cases(world.agent)) == [yanzi]
    assert list(list_cases(world.agent)) == [yanzi]
    assert in_scope(yanzi, world.agent)
    assert not in_scope(cases["shazhouba"], world.agent) and not in_scope(cases["window"], world.agent)


def test_a_village_agent_follows_their_station_cases_on_the_counter_pages(client, world, cases):
    """The agent's list and case page show 燕子村's case; another station's case is not found."""
    client.force_login(world.agent)
    listed = client.get("/counter/cases/").content.decode()
    assert cases["yanzi"].number in listed
    assert cases["shazhouba"].number not in listed and cases["window"].number not in listed
    assert client.get(f"/counter/cases/{cases['yanzi'].number}/").status_code == 200
    assert client.get(f"/counter/cases/{cases['shazhouba'].number}/").status_code == 404


def test_a_village_agent_follows_their_station_cases_through_the_api(api, world, cases):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=world.agent)[0].key}")
    body = api.get("/api/v1/cases/").json()
    assert body["count"] == 1 and body["results"][0]["number"] == cases["yanzi"].number
    assert api.get(f"/api/v1/cases/{cases['yanzi'].number}/").status_code == 200
    assert api.get(f"/api/v1/cases/{cases['window'].number}/").status_code == 404
