"""The hall as a whole: the home page, large-text mode (适老化) on every page, and English."""

from __future__ import annotations

import re

import pytest
from django.utils.translation import trans_real

from bianmin.cases import actions
from bianmin.conftest import person
from bianmin.hall.tests.conftest import MANDATORY


@pytest.fixture
def public_urls(world, online_item):  # noqa: ANN001, ANN201
    case = actions.register(
        actor=world.clerk, item_code="MZ001", applicant=person(), received_materials=MANDATORY
    ).case
    town = world.town.code
    return [
        "/",
        f"/?org={town}",
        "/guide/",
        f"/guide/?org={town}&q=dbsq",
        f"/guide/{online_item.code}/?org={town}",
        f"/guide/{online_item.code}/card/?org={town}",
        f"/apply/{online_item.code}/?org={town}",
        f"/apply/MZ001/?org={town}",
        "/progress/",
        f"/progress/?number={case.number}&code={case.query_code}",
        f"/rate/{case.number}/?code={case.query_code}",
        f"/screen/{town}/",
    ]


def body_classes(response) -> list[str]:  # noqa: ANN001
    found = re.search(r'<body class="([^"]*)"', response.content.decode())
    assert found is not None
    return found.group(1).split()


def test_home_lets_a_citizen_choose_a_center_and_links_every_service(client, world):
    page = client.get("/").content.decode()
    assert "象湖镇便民服务中心" in page and "壬田镇便民服务中心" in page and "燕子村" not in page
    chosen = client.get("/", {"org": world.town.code}).content.decode()
    for link in (
        f"/guide/?org={world.town.code}",
        f"/guide/?org={world.town.code}&amp;online=1",
        "/progress/",
        f"/screen/{world.town.code}/",
    ):
        assert f'href="{link}"' in chosen
    assert "0797-12345" in chosen  # the supervision phone (监督电话)


def test_every_public_page_has_the_large_text_button_and_honours_the_cookie(client, public_urls):
    # The hall's wall screen is a kiosk: nobody presses anything there and its text is sized to the screen.
    public_urls = [url for url in public_urls if not url.startswith("/screen/")]
    for url in public_urls:
        plain = client.get(url)
        assert plain.status_code == 200, url
        assert "large-text" not in body_classes(plain), url
        assert (
            'action="/large-text/"' in plain.content.decode()
            and 'aria-pressed="false"' in plain.content.decode()
        )
    client.cookies["large_text"] = "1"
    for url in public_urls:
        large = client.get(url)
        assert "large-text" in body_classes(large), url
        assert 'aria-pressed="true"' in large.content.decode(), url


def test_large_text_view_sets_and_clears_the_cookie_and_goes_back(client, world):
    on = client.post("/large-text/", {"large_text": "1", "next": "/guide/?org=360781100"})
    assert on.status_code == 302 and on["Location"] == "/guide/?org=360781100"
    assert on.cookies["large_text"].value == "1" and on.cookies["large_text"]["max-age"] > 0
    assert "large-text" in body_classes(client.get("/guide/"))
    off = client.post("/large-text/", {"large_text": "0", "next": "/"})
    assert off.cookies["large_text"].value == "" and off.cookies["large_text"]["max-age"] == 0
    assert "large-text" not in body_classes(client.get("/guide/"))
    # without a value it toggles, and GET works too (a plain link)
    assert client.get("/large-text/", {"next": "/"}).cookies["large_text"].value == "1"


def test_large_text_never_redirects_to_another_site(client, world):
    response = client.post("/large-text/", {"large_text": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    response = client.post("/large-text/", {"large_text": "1"}, HTTP_REFERER="//evil.example/x")
    assert response["Location"] == "/"


@pytest.fixture
def english(monkeypatch):  # noqa: ANN001, ANN201
    """A few English messages, as the translators' catalog will give them, so the test sees gettext at work."""
    messages = {
        "办事指南": "Service guide",
        "办件进度查询": "Progress of a case",
        "大字模式": "Large text",
        "去向公示牌": "Staff board",
        "申请材料": "Required materials",
    }
    catalog = trans_real.translation("en")
    original = catalog.gettext
    monkeypatch.setattr(catalog, "gettext", lambda message: messages.get(message) or original(message))
    return messages


def test_english_by_the_browsers_language(client, world, online_item, english):
    response = client.get("/guide/", {"org": world.town.code}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Service guide" in page and "Large text" in page and "办事指南" not in page
    item = client.get(f"/guide/{online_item.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Required materials" in item
    # and Chinese by default
    assert '<html lang="zh-Hans">' in client.get("/guide/").content.decode()


def test_english_by_the_language_switch_cookie(client, world, english):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/progress/"})
    assert switched.status_code == 302 and switched.cookies["django_language"].value == "en"
    page = client.get("/progress/").content.decode()
    assert '<html lang="en">' in page and "Progress of a case" in page
    screen = client.get(f"/screen/{world.town.code}/").content.decode()
    assert "Staff board" in screen
