"""The counter pages render in English when the clerk switches language (strings go through gettext)."""

from __future__ import annotations

import pytest

from bianmin.counter.tests.helpers import accepted


@pytest.fixture
def case(world):
    return accepted(world)


def test_pages_render_with_the_english_cookie(world, client, case):
    client.force_login(world.clerk)
    client.cookies["django_language"] = "en"
    for url in [
        "/counter/",
        "/counter/intake/?item=MZ001",
        "/counter/cases/",
        f"/counter/cases/{case.number}/",
        "/accounts/login/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="en">' in response.content.decode(), url


def test_pages_render_with_accept_language(world, client, case):
    client.force_login(world.clerk)
    response = client.get(f"/counter/cases/{case.number}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and '<html lang="en">' in response.content.decode()


def test_notices_stay_chinese_in_an_english_session(world, client, case):
    # Official documents are issued in Chinese whatever the interface language.
    client.force_login(world.clerk)
    client.cookies["django_language"] = "en"
    notice = case.notices.get()
    assert "受理通知书" in client.get(f"/counter/notices/{notice.pk}/").content.decode()
