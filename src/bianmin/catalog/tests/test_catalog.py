"""The catalog: six disclosures, versions that stay readable, county ownership, the public API."""

from __future__ import annotations

import pytest

from bianmin.cases import actions as case_actions
from bianmin.catalog.actions import publish_item, version_as_data
from bianmin.catalog.models import ServiceItemVersion
from bianmin.conftest import DIBAO_MATERIALS, person
from bianmin.lib.errors import DomainError


def test_publishing_a_change_creates_a_new_version_and_keeps_the_old(world):
    # given 低保 at version 1 with a 10-day promise
    old = world.dibao.current
    data = version_as_data(old) | {"promised_days": 7}
    # when the county shortens the promise
    new = publish_item(
        owner=world.county, code="MZ001", data=data, materials=DIBAO_MATERIALS, change_note="提速"
    )
    # then version 2 is current and version 1 is still readable as it was
    world.dibao.refresh_from_db()
    assert (new.version, world.dibao.current) == (2, new)
    assert ServiceItemVersion.objects.get(pk=old.pk).promised_days == 10
    assert [m.name for m in old.materials.all()] == [m["name"] for m in DIBAO_MATERIALS]


def test_a_case_keeps_the_version_it_was_registered_under(world):
    case = case_actions.register(actor=world.clerk, item_code="MZ001", applicant=person()).case
    publish_item(
        owner=world.county,
        code="MZ001",
        data=version_as_data(world.dibao.current) | {"promised_days": 5},
        materials=DIBAO_MATERIALS,
    )
    case.refresh_from_db()
    assert case.item_version.version == 1 and case.item_snapshot["promised_days"] == 10


def test_only_the_county_defines_items(world):
    with pytest.raises(DomainError) as err:
        publish_item(owner=world.town, code="X1", data={"name": "镇自定事项"})
    assert err.value.code == "item_owner_not_county"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"name": "x", "statutory_days": 5, "promised_days": 8}, "promised_exceeds_statutory"),
        ({"name": "x", "kind": "joint"}, "joint_needs_participants"),
        ({"name": "x", "in_person_required": True, "proxy_allowed": True}, "in_person_not_proxy"),
        ({"name": ""}, "item_name_required"),
        ({"name": "x", "implementation_code": "1" * 25}, "item_code_too_long"),
    ],
)
def test_publishing_refuses_inconsistent_rules(world, data, code):
    with pytest.raises(DomainError) as err:
        publish_item(owner=world.county, code="Y1", data=data)
    assert err.value.code == code


def test_basic_code_is_at_most_ten_characters(world):
    with pytest.raises(DomainError) as err:
        publish_item(owner=world.county, code="ABCDEFGHIJK", data={"name": "x"})
    assert err.value.code == "item_code_invalid"


def test_items_api_is_public_and_shows_the_six_disclosures(world, api):
    response = api.get("/api/v1/items/?page_size=500")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    item = next(i for i in body["results"] if i["code"] == "MZ001")
    for field in (
        "code",
        "name",
        "kind",
        "statutory_days",
        "promised_days",
        "fee",
        "legal_basis",
        "proxy_allowed",
        "in_person_required",
        "online_allowed",
        "appointment_allowed",
        "windows",
        "materials",
        "conditions",
        "procedure",
        "fee_basis",
    ):
        assert field in item, field
    assert item["windows"] == ["MZ"]
    assert {"id", "name", "originals", "copies", "mandatory"} <= set(item["materials"][0])
    detail = api.get("/api/v1/items/GT001/").json()
    assert detail["kind"] == "joint" and {p["window_code"] for p in detail["participants"]} == {"GT", "LY"}


def test_items_search_by_name_code_and_pinyin_initials(world, api):
    assert [i["code"] for i in api.get("/api/v1/items/?q=zdshbz").json()["results"]] == ["MZ001"]
    # what people call it: 低保申请 → dbsq, through the item's alias
    assert [i["code"] for i in api.get("/api/v1/items/?q=dbsq").json()["results"]] == ["MZ001"]
    assert [i["code"] for i in api.get("/api/v1/items/?q=低保").json()["results"]] == ["MZ001"]
    # initials match at the start of a word only: "shbz" is inside zdshbzsq, not at its start
    assert api.get("/api/v1/items/?q=shbz").json()["count"] == 0
    assert [i["code"] for i in api.get("/api/v1/items/?q=最低").json()["results"]] == ["MZ001"]
    assert [i["code"] for i in api.get("/api/v1/items/?q=GT001").json()["results"]] == ["GT001"]
    assert {i["code"] for i in api.get("/api/v1/items/?window=LY").json()["results"]} == set()
    assert {i["code"] for i in api.get("/api/v1/items/?window=GT").json()["results"]} == {"GT001"}


def test_items_api_errors_and_page_size_cap(world, api):
    missing = api.get("/api/v1/items/NOPE/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert api.get("/api/v1/items/?page_size=100000").status_code == 200
    assert api.get("/api/v1/items/MZ001/versions/9/").json()["code"] == "version_not_found"
    assert api.get("/api/v1/items/MZ001/versions/1/").json()["version"] == 1


def test_items_list_query_count_does_not_grow_with_items(world, api, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        api.get("/api/v1/items/?page_size=500")


def test_schema_and_docs_are_served(world, api):
    assert api.get("/api/v1/schema/").status_code == 200
    assert api.get("/api/v1/docs/").status_code == 200


def test_the_county_admin_publishes_a_new_version_from_the_admin(world, client):
    # given the county admin with access to the admin site
    world.county_admin.is_staff = True
    world.county_admin.save()
    client.force_login(world.county_admin)
    url = f"/admin/catalog/serviceitem/{world.dibao.pk}/publish/"
    page = client.get(url)
    assert page.status_code == 200 and "最低生活保障申请" in page.content.decode()
    # when the promise is shortened to 7 days with the same materials
    form = page.context["form"].initial | {"promised_days": 7, "change_note": "提速", "fee": "0"}
    body = {k: ("on" if v is True else "" if v is False else v) for k, v in form.items() if k != "procedure"}
    body |= {
        "procedure": "[]",
        "m-TOTAL_FORMS": "1",
        "m-INITIAL_FORMS": "0",
        "m-0-name": "居民身份证",
        "m-0-originals": "1",
        "m-0-copies": "1",
        "m-0-mandatory": "on",
        "p-TOTAL_FORMS": "0",
        "p-INITIAL_FORMS": "0",
    }
    response = client.post(url, body)
    # then version 2 is current and version 1 is kept
    assert response.status_code == 302, response.content.decode()[:2000]
    world.dibao.refresh_from_db()
    assert world.dibao.current.version == 2 and world.dibao.current.promised_days == 7
    assert [m.name for m in world.dibao.current.materials.all()] == ["居民身份证"]
    assert world.dibao.versions.get(version=1).promised_days == 10


def test_a_town_clerk_cannot_publish(world, client):
    world.clerk.is_staff = True
    world.clerk.save()
    client.force_login(world.clerk)
    assert client.get(f"/admin/catalog/serviceitem/{world.dibao.pk}/publish/").status_code == 403
