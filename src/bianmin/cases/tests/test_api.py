"""The cases REST API: token auth, registration, every action, errors as {code, detail}, public progress."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from bianmin.cases.models import Case
from bianmin.conftest import VALID_ID, person

MATERIALS = ["居民身份证", "户口簿", "家庭收入证明"]


def login(api, user):  # noqa: ANN001, ANN201
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


def post(api, url, body=None):  # noqa: ANN001, ANN201
    return api.post(url, body or {}, format="json")


def test_token_from_username_and_password(world, api):
    response = api.post("/api/v1/auth/token/", {"username": "li", "password": "pw"}, format="json")
    assert response.status_code == 200 and len(response.json()["token"]) == 40
    bad = api.post("/api/v1/auth/token/", {"username": "li", "password": "nope"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"


def test_anonymous_gets_401_with_the_error_shape(world, api):
    response = api.get("/api/v1/cases/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_register_then_walk_the_whole_life_through_the_api(world, api):
    login(api, world.clerk)
    created = post(
        api,
        "/api/v1/cases/",
        {"item": "MZ001", "channel": "window", "applicant": person(), "received_materials": ["居民身份证"]},
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    number = body["number"]
    assert body["state"] == "submitted" and body["kind"] == "promised" and body["due_date"] is None
    assert len(body["query_code"]) == 6
    assert body["applicant"]["id_number"] == "110105********002X"
    assert {m["name"]: m["received"] for m in body["materials"]}["户口簿"] is False
    mid = {m["name"]: m["id"] for m in body["materials"]}

    refused = post(api, f"/api/v1/cases/{number}/accept/")
    assert refused.status_code == 409 and refused.json()["code"] == "materials_missing"

    assert post(api, f"/api/v1/cases/{number}/notify_missing/").json()["state"] == "supplementing"
    back = post(api, f"/api/v1/cases/{number}/supplement/", {"materials": [mid["户口簿"], "家庭收入证明"]})
    assert back.status_code == 200 and back.json()["state"] == "submitted"
    accepted = post(api, f"/api/v1/cases/{number}/accept/").json()
    assert accepted["state"] == "accepted" and accepted["due_date"]
    assert post(api, f"/api/v1/cases/{number}/assign/", {"handler": "chen"}).json()["handler"] == "chen"

    login(api, world.handler)
    s = post(api, f"/api/v1/cases/{number}/suspend/", {"type": "expert_review", "reason": "需专家评审"})
    assert s.json()["state"] == "suspended"
    assert post(api, f"/api/v1/cases/{number}/resume/").json()["state"] == "in_progress"
    # 行政许可法 Art. 42: the handler asks, a leader approves (the handler may not approve)
    requested = post(api, f"/api/v1/cases/{number}/request_extension/", {"days": 3, "reason": "复杂"})
    assert requested.status_code == 200 and requested.json()["extended_days"] == 0
    forbidden = post(api, f"/api/v1/cases/{number}/approve_extension/", {})
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "permission_denied"
    login(api, world.leader)
    assert (
        post(api, f"/api/v1/cases/{number}/approve_extension/", {"note": "同意"}).json()["extended_days"] == 3
    )
    login(api, world.handler)
    concluded = post(api, f"/api/v1/cases/{number}/conclude/", {"result": "granted"})
    assert concluded.json()["state"] == "concluded"
    login(api, world.clerk)
    post(api, f"/api/v1/cases/{number}/deliver/", {"method": "window", "collected_by": "张三"})
    assert post(api, f"/api/v1/cases/{number}/archive/").json()["state"] == "archived"

    events = api.get(f"/api/v1/cases/{number}/events/").json()
    assert [e["type"] for e in events] == [
        "register",
        "notify_missing",
        "supplement",
        "accept",
        "assign",
        "suspend",
        "resume",
        "request_extension",
        "approve_extension",
        "conclude",
        "deliver",
        "archive",
    ]
    assert events[0]["prev_hash"] == "0" * 64
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))

    notices = api.get(f"/api/v1/cases/{number}/notices/").json()
    types = [n["type"] for n in notices]
    assert types == ["one_time", "acceptance", "special_procedure", "extension", "conclusion"]
    html = api.get(notices[0]["html_url"])
    assert html.status_code == 200 and "一次性告知书" in html.content.decode()
    assert all(len(n["sha256"]) == 64 for n in notices)


def test_notice_pdf_is_rendered_from_the_stored_html(world, api):
    login(api, world.clerk)
    number = post(
        api, "/api/v1/cases/", {"item": "MZ001", "applicant": person(), "received_materials": MATERIALS}
    ).json()["number"]
    post(api, f"/api/v1/cases/{number}/accept/")
    notice = api.get(f"/api/v1/cases/{number}/notices/").json()[0]
    pdf = api.get(notice["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"item": "NOPE", "applicant": person()}, 400, "unknown_item"),
        ({"item": "MZ001", "applicant": person(id_number="110105194912310021")}, 400, "invalid_id_number"),
        ({"item": "MZ001"}, 400, "invalid"),
        (
            {"item": "MZ001", "applicant": person(), "received_materials": ["火星证明"]},
            400,
            "unknown_material",
        ),
    ],
)
def test_bad_registrations_answer_400_and_write_nothing(world, api, body, status, code):
    login(api, world.clerk)
    response = post(api, "/api/v1/cases/", body)
    assert response.status_code == status
    assert response.json()["code"] == code and response.json()["detail"]
    assert Case.objects.count() == 0


def test_bad_action_bodies_answer_400(world, api):
    login(api, world.clerk)
    number = post(api, "/api/v1/cases/", {"item": "MZ001", "applicant": person()}).json()["number"]
    assert post(api, f"/api/v1/cases/{number}/reject/").json()["code"] == "invalid"
    assert post(api, f"/api/v1/cases/{number}/fly/").status_code == 404


def test_another_center_sees_nothing_of_our_cases(world, api):
    login(api, world.clerk)
    number = post(api, "/api/v1/cases/", {"item": "MZ001", "applicant": person()}).json()["number"]
    login(api, world.clerk2)
    assert api.get(f"/api/v1/cases/{number}/").status_code == 404
    assert api.get("/api/v1/cases/").json()["count"] == 0
    response = post(api, f"/api/v1/cases/{number}/accept/")
    assert response.status_code == 404 and response.json()["code"] == "case_not_found"
    # the county admin sees every town's cases
    login(api, world.county_admin)
    assert api.get(f"/api/v1/cases/{number}/").status_code == 200


def test_list_filters_and_pinned_query_count(world, api):
    login(api, world.clerk)
    for _ in range(3):
        post(api, "/api/v1/cases/", {"item": "MZ001", "applicant": person(), "received_materials": MATERIALS})
    number = api.get("/api/v1/cases/").json()["results"][0]["number"]
    post(api, f"/api/v1/cases/{number}/accept/")
    assert api.get("/api/v1/cases/?state=accepted").json()["count"] == 1
    assert api.get("/api/v1/cases/?state=submitted").json()["count"] == 2
    assert api.get("/api/v1/cases/?window=MZ").json()["count"] == 3
    assert api.get("/api/v1/cases/?overdue=true").json()["count"] == 0
    assert api.get(f"/api/v1/cases/?number={number[:13]}").json()["count"] == 3
    assert api.get("/api/v1/cases/?due_before=2000-01-01").json()["count"] == 0
    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/cases/")
    for _ in range(5):
        post(api, "/api/v1/cases/", {"item": "MZ001", "applicant": person(), "received_materials": MATERIALS})
    with CaptureQueriesContext(connection) as more:
        api.get("/api/v1/cases/")
    assert len(more) == len(few) <= 12


def test_reveal_is_logged_and_refused_to_clerks(world, api):
    login(api, world.clerk)
    number = post(api, "/api/v1/cases/", {"item": "MZ001", "applicant": person()}).json()["number"]
    assert post(api, f"/api/v1/cases/{number}/reveal_id/", {"purpose": "核对"}).status_code == 403
    login(api, world.leader)
    revealed = post(api, f"/api/v1/cases/{number}/reveal_id/", {"purpose": "核对户籍"})
    assert revealed.json()["id_number"] == VALID_ID
    assert api.get(f"/api/v1/cases/{number}/").json()["applicant"]["id_number"] == "110105********002X"


def test_public_progress_masks_and_never_tells_if_a_number_exists(world, api):
    login(api, world.clerk)
    body = post(
        api, "/api/v1/cases/", {"item": "MZ001", "applicant": person(), "received_materials": MATERIALS}
    ).json()
    anon = type(api)()
    ok = anon.get(f"/api/v1/public/cases/{body['number']}/?code={body['query_code']}")
    assert ok.status_code == 200
    data = ok.json()
    assert data["applicant"] == "张*" and data["id_number"] == "110105********002X"
    assert data["steps"][0]["label"] == "登记"
    assert "李窗口" not in str(data) and all(set(step) == {"step", "label", "at"} for step in data["steps"])
    wrong = anon.get(
        f"/api/v1/public/cases/{body['number']}/?code=000000"
        if body["query_code"] != "000000"
        else f"/api/v1/public/cases/{body['number']}/?code=111111"
    )
    unknown = anon.get("/api/v1/public/cases/999999999999999999999/?code=123456")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_public_progress_is_rate_limited_per_client(world, api, settings):
    anon = type(api)()
    for _ in range(settings.PROGRESS_LOOKUP_LIMIT):
        assert anon.get("/api/v1/public/cases/1/?code=123456").status_code == 404
    assert anon.get("/api/v1/public/cases/1/?code=123456").status_code == 429
