"""Control characters are refused at the edge with 400, on every URL of every app.

On PostgreSQL a NUL byte anywhere in a lookup (``/guide/%00/``, ``?org=%00``) used to end in a 500:
PostgreSQL cannot store NUL in text and refuses any query that carries one. These tests run on SQLite and
on PostgreSQL alike and expect the same 400 from both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from django.urls import URLResolver, get_resolver

from bianmin.conftest import VALID_ID

pytestmark = pytest.mark.django_db

_ROUTE_PARAM = re.compile(r"<(?:(\w+):)?\w+>")
_REGEX_GROUP = re.compile(r"\(\?P<\w+>([^)]*)\)")


def _sample(pattern: str, value: str) -> str | None:
    """A concrete path for a URL pattern, ``value`` in every text parameter (numbers stay numbers)."""
    path = _ROUTE_PARAM.sub(lambda m: "1" if m.group(1) == "int" else value, pattern)
    path = _REGEX_GROUP.sub(lambda m: "1" if m.group(1) == r"\d+" else value, path)
    path = path.replace("^", "").replace("$", "")
    if re.search(r"[()\[\]?*+\\|]", path):
        return None
    return "/" + path


def _patterns(patterns: list, prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


def every_url(value: str) -> list[str]:
    urls = {_sample(p, value) for p in _patterns(get_resolver().url_patterns)}
    return sorted(u for u in urls if u)


def test_the_url_list_covers_every_app():
    urls = every_url("x")
    for prefix in ("/admin/", "/api/v1/cases/", "/api/v1/public/", "/api/v1/items/", "/api/v1/workdays/"):
        assert any(u.startswith(prefix) for u in urls), prefix
    for prefix in ("/counter/cases/", "/guide/", "/progress/", "/accounts/login/", "/seals/"):
        assert any(u.startswith(prefix) for u in urls), prefix


def test_nul_in_any_path_is_refused_with_400(client, world):
    """Issue 8 item 2: on PostgreSQL %00 in a path (/guide/%00/, /counter/cases/%00/,
    /api/v1/public/cases/%00/?code=1) answered 500; reject it at the edge with 400."""
    client.force_login(world.director)
    for url in every_url("%00"):
        if "%00" not in url:
            continue
        response = client.get(url)
        assert response.status_code == 400, url


@pytest.mark.parametrize("value", ["%00", "a%01b", "%1B%5B2J", "%7F", "%C2%85"])
def test_control_characters_in_any_query_parameter_are_refused_with_400(client, world, value):
    """Issue 8 item 2: /?org=%00 answered 500 on PostgreSQL; NUL and the other C0/C1 controls are refused."""
    client.force_login(world.director)
    for url in every_url("x"):
        response = client.get(f"{url}?org={value}&code=1&q=1")
        assert response.status_code == 400, url


def test_the_api_answers_json_and_pages_a_plain_400(client):
    """Issue 8 item 2: API paths answer JSON {"code": "invalid_characters", "detail": ...}."""
    api = client.get("/api/v1/public/cases/%00/?code=1")
    assert api.status_code == 400
    assert api.json()["code"] == "invalid_characters"
    assert api.json()["detail"]
    page = client.get("/guide/%00/")
    assert page.status_code == 400
    assert page["Content-Type"].startswith("text/html")


def test_nul_in_a_form_body_is_refused(client, world):
    """Issue 8 item 2: POST bodies too."""
    login = client.post("/accounts/login/", {"username": "li\x00", "password": "pw"})
    assert login.status_code == 400
    client.force_login(world.clerk)
    intake = client.post("/counter/intake/", {"item": "MZ001", "name": "张\x00三", "decision": "register"})
    assert intake.status_code == 400
    apply = client.post(
        f"/apply/{world.dibao.code}/?org={world.town.code}", {"name": "张三", "address": "\x00"}
    )
    assert apply.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {"item": "MZ001", "applicant": {"name": "张\u0000三"}},
        {"item": "MZ001", "applicant": {"name\u0000": "张三"}},
        {"item": "MZ001", "channel": "\ud800"},
        {"item": ["MZ001", {"x": "\u001b[2J"}]},
    ],
)
def test_control_characters_and_lone_surrogates_in_a_json_body_are_refused(api, world, body):
    """Issue 8 item 2 and 3: JSON bodies are checked after decoding, so "\\u0000" and "\\ud800" are found."""
    api.force_authenticate(world.clerk)
    response = api.post("/api/v1/cases/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_characters"


def test_a_cookie_carrying_nul_is_refused(client):
    """A quoted cookie can spell NUL as an octal escape; the session lookup would carry it to the database."""
    client.cookies["sessionid"] = "\x00abcdefgh"
    assert client.get("/counter/").status_code == 400


def test_line_breaks_and_tabs_in_body_text_still_pass(api, world):
    """Issue 8 item 2: except tab/CR/LF in bodies' text fields."""
    api.force_authenticate(world.clerk)
    body = {
        "item": "MZ001",
        "applicant": {
            "kind": "person",
            "name": "张三",
            "id_number": VALID_ID,
            "address": "象湖镇\r\n燕子村\t3号",
        },
        "received_materials": [],
    }
    response = api.post("/api/v1/cases/", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.json()
