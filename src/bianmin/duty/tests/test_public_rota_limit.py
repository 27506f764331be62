"""燕子村's public rota (004 公开轮值表) is open to anyone, so views are limited per client like the other
public pages (``security.limits.FailureLimit``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.conftest import at
from bianmin.duty import views_public
from bianmin.security.limits import FailureLimit

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit(monkeypatch: pytest.MonkeyPatch) -> FailureLimit:
    small = FailureLimit("public_rota_test", 3, 60)
    monkeypatch.setattr(views_public, "ROTA_LIMIT", small)
    return small


def test_the_public_rota_is_limited_per_client(duty: Any, client: Any, limit: Any, time_machine: Any) -> None:
    """Three views a minute here: the fourth (an unknown code counts too) is refused with 429 and a plain
    message; another client still sees the rota; a minute later the first one does again."""
    time_machine.move_to(at(2026, 10, 8, 9), tick=False)
    url = f"/stations/{duty.village.code}/rota/"
    assert client.get(url).status_code == 200
    assert client.get("/stations/999999999999/rota/").status_code == 404
    assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert 'data-code="too_many_requests"' in html and "访问过于频繁" in html
    assert client.get(url, REMOTE_ADDR="10.9.8.7").status_code == 200
    time_machine.move_to(at(2026, 10, 8, 9) + dt.timedelta(seconds=61), tick=False)
    assert client.get(url).status_code == 200


def test_the_default_limit_is_the_setting(settings: Any) -> None:
    assert views_public.ROTA_LIMIT.limit == settings.PUBLIC_ROTA_LIMIT >= 10
    assert views_public.ROTA_LIMIT.window == dt.timedelta(seconds=settings.PUBLIC_ROTA_WINDOW)
