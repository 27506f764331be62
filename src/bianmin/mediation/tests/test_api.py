"""``/api/v1/mediation/``: registering, the steps, the parties masked, scope and query counts. Issue 14: "a
mediation agreement needs every party"."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.conftest import VALID_ID, VALID_ID_2
from bianmin.mediation.models import Mediation, MediationState
from bianmin.mediation.tests.conftest import dispute, two_parties

pytestmark = pytest.mark.django_db
URL = "/api/v1/mediation/"


def _register(api: Any) -> dict[str, Any]:
    body = {
        "kind": "neighbour",
        "title": "排水沟堵塞",
        "facts": "邻居修房堵了排水沟。",
        "parties": two_parties(),
    }
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_whole_life_over_the_api(world: Any, api: Any, clock: Any) -> None:
    api.force_authenticate(world.clerk)
    m = _register(api)
    assert m["number"] == "象湖镇调〔2026〕第001号" and m["state"] == "registered"
    assert [p["id_number"] for p in m["parties"]] == [
        VALID_ID[:6] + "********" + VALID_ID[-4:],
        VALID_ID_2[:6] + "********" + VALID_ID_2[-4:],
    ]
    assert m["parties"][0]["phone"] == "138****0001"
    assert Mediation.objects.get().parties.get(position=1).id_number == VALID_ID  # stored whole, shown masked
    ids = [p["id"] for p in m["parties"]]
    url = f"{URL}{m['id']}/"
    r = api.post(
        url + "session/",
        {"held_on": "2026-03-02", "place": "调解室", "attendees": ids, "minutes": "双方同意疏通。"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["state"] == "mediating", r.content
    r = api.post(
        url + "agreement/",
        {"content": "共同疏通排水沟", "performance_method": "出工", "performance_deadline": "2026-03-10"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["agreement"]["number"] == "象湖镇调协〔2026〕第001号"
    api.post(url + "sign/", {"parties": ids[:1]}, format="json")
    r = api.post(url + "conclude/", {}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "party_signature_missing"
    r = api.post(url + "sign/", {"parties": ids[1:]}, format="json")
    assert r.json()["agreement"]["signed"] == sorted(ids)
    r = api.post(url + "conclude/", {}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "agreed"
    r = api.post(url + "follow-up/", {"performance": "kept", "note": "已疏通"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "closed"


def test_refusals_are_codes(world: Any, api: Any, clock: Any) -> None:
    api.force_authenticate(world.clerk)
    body = {"kind": "neighbour", "title": "x", "facts": "x", "parties": two_parties()[:1]}
    r = api.post(URL, body, format="json")
    assert r.status_code == 400 and r.json()["code"] == "parties_required"
    assert api.post(URL, {**body, "reson": "x"}, format="json").status_code == 400
    m = dispute(world.clerk)
    r = api.post(f"{URL}{m.pk}/close/", {"outcome": "referred", "referred_to": "police"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "referral_body_required"
    r = api.post(
        f"{URL}{m.pk}/close/",
        {"outcome": "referred", "referred_to": "police", "referred_body": "象湖派出所"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["referred_body"] == "象湖派出所"
    api.force_authenticate(world.supervisor)
    assert api.post(URL, {**body, "parties": two_parties()}, format="json").status_code == 403
    assert api.get(f"{URL}{m.pk}/").status_code == 200  # supervisors read


def test_scope(world: Any, api: Any, clock: Any) -> None:
    at_window = dispute(world.clerk)
    at_station = dispute(world.agent)
    api.force_authenticate(world.clerk2)
    assert api.get(f"{URL}{at_window.pk}/").status_code == 404
    assert api.get(URL).json()["count"] == 0
    api.force_authenticate(world.agent)
    assert [r["id"] for r in api.get(URL).json()["results"]] == [at_station.pk]
    assert api.get(f"{URL}{at_window.pk}/").status_code == 404
    api.force_authenticate(world.county_admin)
    assert api.get(URL).json()["count"] == 2
    api.force_authenticate(world.clerk)
    assert api.get(URL, {"state": "registered"}).json()["count"] == 2
    assert api.get(URL, {"overdue": "true"}).json()["count"] == 0
    assert api.get(URL, {"pagesize": 3}).status_code == 400


@pytest.mark.parametrize("n", [2, 6])
def test_list_query_count(world: Any, api: Any, clock: Any, n: int, django_assert_num_queries: Any) -> None:
    for _ in range(n):
        dispute(world.clerk, mediators=[world.clerk.staff, world.handler.staff])
    api.force_authenticate(world.clerk)
    api.get(URL)  # the user's rights read once
    # the count, the page, the parties, the mediators
    with django_assert_num_queries(4):
        response = api.get(URL)
    assert response.json()["count"] == n
    assert all(r["state"] == MediationState.REGISTERED for r in response.json()["results"])
