"""Every answer of ``/api/v1/`` that is not a success is JSON ``{"code", "detail"}`` (issue 8 item 7).

Before, what Django answered before or after the views ran was an HTML page: an unknown URL, a URL whose
parameter does not match its pattern, a body over the upload limit, a crash.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token

from bianmin.conftest import person

pytestmark = pytest.mark.django_db


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert body["code"] == code, body
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.fixture
def clerk_client(world: Any) -> Client:
    token = Token.objects.create(user=world.clerk).key
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing/", "/api/v1/items/JS006/versions/x/", "/api/v1/cases/1/no_such_step/", "/api/v1/"],
)
def test_an_unknown_api_url_answers_404_as_json(client, path):
    """Issue 8 item 7: /api/v1/nothing/ and /api/v1/items/JS006/versions/x/ answered Django's HTML 404."""
    assert_error(client.get(path), 404, "not_found")


def test_an_unknown_page_outside_the_api_is_still_a_page(client, world):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_a_body_over_the_upload_limit_answers_413_as_json(clerk_client):
    """Issue 8 item 7: a 12 MB body answered Django's HTML 400 (RequestDataTooBig)."""
    body = b'{"item": "' + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + b'"}'
    response = clerk_client.post("/api/v1/cases/", body, content_type="application/json")
    assert_error(response, 413, "request_too_large")


def test_a_wrong_method_answers_405_as_json_with_allow(clerk_client):
    response = clerk_client.delete("/api/v1/cases/")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"] and "POST" in response["Allow"]


def test_an_unacceptable_accept_header_answers_406_as_json(clerk_client):
    assert_error(clerk_client.get("/api/v1/cases/", HTTP_ACCEPT="text/csv"), 406, "not_acceptable")


def test_errors_of_the_pdf_view_are_json_too(clerk_client):
    response = clerk_client.get("/api/v1/notices/999999/pdf/", HTTP_ACCEPT="application/pdf")
    assert_error(response, 404, "notice_not_found")


def test_a_form_body_answers_415_as_json(clerk_client):
    """The API reads JSON: its bodies nest (an applicant inside a registration), which a form cannot say."""
    response = clerk_client.post("/api/v1/cases/", {"item": "MZ001"})
    assert_error(response, 415, "unsupported_media_type")


def test_a_missing_or_wrong_token_answers_401_as_json(client, world):
    assert_error(client.get("/api/v1/cases/"), 401, "not_authenticated")
    wrong = client.get("/api/v1/cases/", HTTP_AUTHORIZATION="Token nope")
    assert_error(wrong, 401, "authentication_failed")


def test_a_crash_answers_500_as_json_without_a_traceback(clerk_client, monkeypatch):
    # given a bug somewhere below the case list
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("bianmin.cases.api.views.case_details", broken)
    clerk_client.raise_request_exception = False
    # when the list is asked for
    response = clerk_client.get("/api/v1/cases/")
    # then the client gets the API's shape, and nothing of the crash
    assert_error(response, 500, "server_error")
    assert b"secret internals" not in response.content and b"Traceback" not in response.content


def test_an_unknown_body_field_is_refused_not_dropped(clerk_client):
    body = {"item": "MZ001", "applicant": person(), "reson": "typo"}
    response = clerk_client.post("/api/v1/cases/", body, content_type="application/json")
    assert assert_error(response, 400, "invalid")["errors"] == {"reson": ["没有这个字段"]}


def test_a_number_where_the_schema_says_text_is_refused(clerk_client):
    body = {"item": "MZ001", "applicant": person(address=0)}
    response = clerk_client.post("/api/v1/cases/", body, content_type="application/json")
    assert assert_error(response, 400, "invalid")["errors"] == {"applicant": {"address": ["应为字符串"]}}


def test_materials_are_named_by_catalog_id_or_name(clerk_client, world):
    material = world.dibao.current.materials.get(name="户口簿")
    body = {"item": "MZ001", "applicant": person(), "received_materials": [material.pk, "居民身份证"]}
    response = clerk_client.post("/api/v1/cases/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    received = {m["name"] for m in response.json()["materials"] if m["received"]}
    assert received == {"户口簿", "居民身份证"}


def test_an_unknown_query_parameter_is_refused_not_ignored(clerk_client):
    assert_error(clerk_client.get("/api/v1/cases/?stat=accepted"), 400, "invalid")
    assert clerk_client.get("/api/v1/cases/?state=accepted&page=1&page_size=5").status_code == 200


@pytest.mark.parametrize(
    "query", ["kind=", "overdue=yes", "overdue=1", "registered_before=", "page=", "page=0", "page_size=x"]
)
def test_a_filter_or_page_without_a_value_it_can_read_is_refused(clerk_client, query):
    """An API client that sends ?kind= or ?overdue=yes meant something: it is told, not given every case."""
    response = clerk_client.get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["code"] in {"invalid", "invalid_page", "invalid_page_size"}


def test_a_page_past_the_end_answers_404(clerk_client):
    assert_error(clerk_client.get("/api/v1/cases/?page=2"), 404, "not_found")


def test_the_counter_list_still_reads_empty_filters_as_any(client, world):
    """The counter's filter form sends its unused fields empty: there they mean "any"."""
    client.force_login(world.clerk)
    response = client.get("/counter/cases/?kind=&overdue=&registered_before=&state=")
    assert response.status_code == 200
