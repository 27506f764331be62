"""Input that used to crash or slip through: unusual digits, invisible names, lone surrogates, deep JSON.

Each answers a clear 4xx with a stable code (or is folded into canonical ASCII) in the API, the public
apply form and the counter's intake page alike — never a 500.
"""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIRequestFactory, force_authenticate

from bianmin.attendance.models import SignIn
from bianmin.cases.api.views import CaseViewSet
from bianmin.cases.models import Case
from bianmin.conftest import VALID_ID
from bianmin.hall.tests.conftest import publish_online

pytestmark = pytest.mark.django_db

SUPERSCRIPT_ID = "110105194912310²2X"
FULL_WIDTH_ID = "１１０１０５１９４９１２３１００２Ｘ"


def register(api, world, **applicant):  # noqa: ANN001, ANN201
    api.force_authenticate(world.clerk)
    body = {
        "item": "MZ001",
        "applicant": {"kind": "person", "name": "张三", "id_number": VALID_ID, **applicant},
        "received_materials": [],
    }
    return api.post("/api/v1/cases/", body, format="json")


def test_superscript_digit_in_an_id_number_is_refused_by_the_api(api, world):
    """Issue 8 item 3: an ID number with a superscript digit (110105194912310²2X) answered 500 from stdnum."""
    response = register(api, world, id_number=SUPERSCRIPT_ID)
    assert response.status_code == 400
    assert response.json()["code"] == "unusual_digits"
    assert not Case.objects.exists()


def test_superscript_digit_in_an_id_number_is_refused_by_the_public_apply_form(client, world):
    """Issue 8 item 3: the public apply form (hall) answered 500 for the same number."""
    item = publish_online(world)
    data = {"kind": "person", "name": "张三", "id_number": SUPERSCRIPT_ID, "phone": "", "address": ""}
    response = client.post(f"/apply/{item.code}/?org={world.town.code}", data)
    assert response.status_code == 400  # the form again, the refusal next to the field
    assert "不是 0-9 的数字" in response.content.decode()
    assert not Case.objects.exists()


def test_superscript_digit_in_an_id_number_is_refused_by_the_intake_page(client, world):
    """Issue 8 item 3: the counter's intake page answered 500 for the same number."""
    client.force_login(world.clerk)
    data = {
        "item": "MZ001",
        "applicant_kind": "person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": SUPERSCRIPT_ID,
        "channel": "window",
        "decision": "register",
    }
    response = client.post("/counter/intake/", data)
    assert response.status_code == 400  # the form again, the refusal next to the field
    assert "不是 0-9 的数字" in response.content.decode()
    assert not Case.objects.exists()


def test_full_width_digits_are_stored_as_ascii(api, world):
    """Issue 8 item 3: non-ASCII digits were stored as typed; full-width ones are stored as ASCII digits."""
    response = register(api, world, id_number=FULL_WIDTH_ID, phone="１３８ ０００ ０１２３４")
    assert response.status_code == 201, response.json()
    case = Case.objects.get()
    assert case.applicant_id_number == VALID_ID
    assert case.applicant_phone == "13800001234"


def test_full_width_digits_from_the_apply_form_are_stored_as_ascii(client, world):
    item = publish_online(world)
    data = {"kind": "person", "name": "张三", "id_number": FULL_WIDTH_ID, "phone": "１３８００００１２３４"}
    response = client.post(f"/apply/{item.code}/?org={world.town.code}", {**data, "address": ""})
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.applicant_id_number, case.applicant_phone) == (VALID_ID, "13800001234")


@pytest.mark.parametrize("phone", ["١٣٨٠٠٠٠١٢٣٤", "1380000123⁴"])
def test_arabic_indic_or_superscript_digits_in_a_phone_are_refused(api, world, phone):
    """Issue 8 item 3: Arabic-Indic and superscript digits in phones were accepted and stored as typed."""
    response = register(api, world, phone=phone)
    assert response.status_code == 400
    assert response.json()["code"] == "unusual_digits"


def test_a_name_of_only_zero_width_spaces_is_refused(api, world):
    """Issue 8 item 3: names that are only zero-width spaces were accepted."""
    response = register(api, world, name="\u200b\u200b")
    assert response.status_code == 400
    assert response.json()["code"] == "applicant_name_required"


def test_a_name_with_a_line_break_is_refused(api, world):
    """Issue 8 item 3: names containing line breaks were accepted."""
    response = register(api, world, name="张三\n李四")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_name"


def test_an_agent_with_a_line_break_in_the_name_or_a_bad_phone_is_refused(api, world):
    api.force_authenticate(world.clerk)
    body = {
        "item": "MZ001",
        "applicant": {"kind": "person", "name": "张三", "id_number": VALID_ID},
        "agent": {"name": "王\n五", "id_number": VALID_ID, "authorization": "委托书1号"},
        "received_materials": [],
    }
    assert api.post("/api/v1/cases/", body, format="json").json()["code"] == "invalid_name"
    body["agent"] = {"name": "王五", "id_number": VALID_ID, "authorization": "委托书1号", "phone": "call me"}
    assert api.post("/api/v1/cases/", body, format="json").json()["code"] == "invalid_agent_phone"


def test_a_lone_surrogate_echoed_by_an_error_is_still_a_400(world):
    """Issue 8 item 3: a lone surrogate in a choice field ("channel": "\\ud800") answered 500 when the error
    echoed it. The edge refuses it first; this calls the view directly to check the error handler itself."""
    request = APIRequestFactory().post(
        "/api/v1/cases/",
        json.dumps({"item": "MZ001", "channel": "\ud800", "applicant": {"name": "张三"}}),
        content_type="application/json",
    )
    force_authenticate(request, world.clerk)
    response = CaseViewSet.as_view({"post": "create"})(request)
    response.render()
    assert response.status_code == 400
    assert json.loads(response.content)["code"] == "invalid"
    assert "\ufffd" in response.content.decode()


def test_thousand_deep_json_to_the_token_endpoint_is_invalid_json(client):
    """Issue 8 item 3: 1,000-deep nested JSON to /api/v1/auth/token/ answered 500 (RecursionError)."""
    body = '{"username": ' + "[" * 1000 + "]" * 1000 + ', "password": "x"}'
    response = client.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


def test_thousand_deep_json_anywhere_in_the_api_is_invalid_json(api, world):
    api.force_authenticate(world.clerk)
    response = api.post("/api/v1/cases/", "[" * 1000 + "]" * 1000, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


@pytest.mark.parametrize("out", [0, 1, "true", "yes", None])
def test_a_boolean_field_takes_only_json_true_or_false(api, world, out):
    # the schema says boolean: 0, 1 or "true" are another JSON type, refused rather than read as a boolean
    api.force_authenticate(world.clerk)
    answer = api.post("/api/v1/attendance/sign-in/", {"out": out}, format="json")
    assert answer.status_code == 400, answer.content
    assert answer.json()["errors"]["out"]
    assert not SignIn.objects.exists()


def test_an_undeclared_method_is_405_whatever_the_query_holds(api, world):
    # TRACE is not answered: the query's unknown parameter must not turn that into a 400
    api.force_authenticate(world.clerk)
    answer = api.generic("TRACE", "/api/v1/appointments/slots/?unknown=1")
    assert answer.status_code == 405, answer.content
    assert api.get("/api/v1/appointments/slots/?unknown=1").status_code == 400


def test_an_empty_date_in_the_queue_figures_query_is_refused(api, world):
    api.force_authenticate(world.clerk)
    answer = api.get("/api/v1/queue/figures/?start=")
    assert answer.status_code == 400 and answer.json()["code"] == "invalid_range"
    assert api.get("/api/v1/queue/figures/").status_code == 200
