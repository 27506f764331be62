"""The OpenAPI schema (``/api/v1/schema/``) is generated without a warning and says what the API does
(issue 8 item 7). ``test_api_schema_fuzz`` checks it against the running API; these name the places that
were wrong."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.checks import schema_check
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        generated = SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS, {
        "warnings": dict(GENERATOR_STATS._warn_cache),
        "errors": dict(GENERATOR_STATS._error_cache),
    }
    return generated


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def test_the_schema_is_generated_without_warnings_or_errors(schema):
    """Issue 8 item 7: every request to /api/v1/schema/ logged an error (PublicProgressView without a
    serializer) and warnings (the enum name "kind" collided, two operations were both cases_create)."""
    ids = [operation["operationId"] for _path, _method, operation in operations(schema)]
    assert len(ids) == len(set(ids))


def test_requesting_the_schema_prints_nothing(client, capsys):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    assert capsys.readouterr().err == ""


def test_check_deploy_includes_the_schema_and_finds_nothing():
    """The schema's own deploy check is on (it was switched off because of these warnings)."""
    assert spectacular_settings.ENABLE_DJANGO_DEPLOY_CHECK
    assert schema_check(None) == []


def test_every_operation_documents_its_errors_in_the_one_shape(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        assert "400" in responses, (method, path)
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                assert response["content"] == {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                }, (method, path, status)
        if operation.get("security") != [{}]:
            assert {"401", "403"} <= responses.keys(), (method, path)
        if "{" in path:
            assert "404" in responses, (method, path)
        if method == "post":
            assert {"413", "415"} <= responses.keys(), (method, path)


def test_conflicts_and_limits_are_documented_where_they_happen(schema):
    paths = schema["paths"]
    assert "409" in paths["/api/v1/cases/{number}/accept/"]["post"]["responses"]
    assert "409" in paths["/api/v1/cases/"]["post"]["responses"]  # an Idempotency-Key used for another body
    assert "429" in paths["/api/v1/public/cases/{number}/"]["get"]["responses"]
    assert "429" in paths["/api/v1/auth/token/"]["post"]["responses"]


def test_each_step_is_an_operation_with_its_own_body(schema):
    """The steps were one operation with no body documented (and the same operationId as registration)."""
    conclude = schema["paths"]["/api/v1/cases/{number}/conclude/"]["post"]
    assert conclude["operationId"] == "cases_conclude"
    body = conclude["requestBody"]["content"]
    assert list(body) == ["application/json"]
    assert body["application/json"]["schema"] == {"$ref": "#/components/schemas/ConcludeInput"}


def test_nullable_fields_say_so(schema):
    components = schema["components"]["schemas"]
    assert components["JointTask"]["properties"]["completed_by"]["nullable"] is True
    assert components["Case"]["properties"]["window"]["nullable"] is True
    assert components["Case"]["properties"]["agent"]["nullable"] is True
    assert components["Org"]["properties"]["parent"]["nullable"] is True
    assert set(components["Case"]["required"]) == set(components["Case"]["properties"])


def test_times_of_day_are_documented_as_written(schema):
    """DRF writes 08:30:00; OpenAPI's "time" format is RFC 3339's full-time, which needs a UTC offset."""
    morning = schema["components"]["schemas"]["OfficeHours"]["properties"]["morning_start"]
    assert "format" not in morning and morning["pattern"].startswith("^([01][0-9]|2[0-3])")


def test_the_public_progress_has_a_response_schema(schema):
    response = schema["paths"]["/api/v1/public/cases/{number}/"]["get"]["responses"]["200"]
    assert response["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PublicProgress"
    }
    progress = schema["components"]["schemas"]["PublicProgress"]["properties"]
    assert {"number", "state", "due_date", "steps"} <= progress.keys()


def test_the_token_endpoint_documents_the_token_it_answers(schema):
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert token["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Token"
    }
    assert token["security"] == [{}]


def test_list_pages_are_documented(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1}


def test_request_text_is_documented_as_the_serializers_read_it(schema):
    """A required text field may not be blank (DRF trims it first), and no field may carry a control
    character (the edge refuses it): the schema said any string."""
    components = schema["components"]["schemas"]
    reason = components["ReasonInput"]["properties"]["reason"]
    assert reason["minLength"] == 1 and "\\s" in reason["pattern"]
    note = components["RecordStepInput"]["properties"]["note"]
    assert note["oneOf"][0]["pattern"].startswith("^[^\\x00") and note["oneOf"][1] == {
        "type": "string",
        "maxLength": 0,
    }
    assert components["RegisterInput"]["additionalProperties"] is False
    assert components["MaterialsInput"]["properties"]["materials"]["minItems"] == 1
