"""Scope: 壬田镇's clerk Zhao sees none of 象湖镇's consultations — not in the list, not one by one, and can
neither follow one up nor record a case on it; the county admin reads both towns'."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.consultations import actions
from bianmin.consultations.tests.conftest import FRIDAY, ask
from bianmin.lib.errors import DomainError


def test_another_town_sees_nothing(world: Any, api: Any, client: Any, clock: Any) -> None:
    ours = ask(world.clerk, how="follow_up")
    theirs = ask(world.clerk2, topic="外镇的问题")
    api.force_authenticate(world.clerk2)
    assert [r["id"] for r in api.get("/api/v1/consultations/").json()["results"]] == [theirs.pk]
    assert api.get(f"/api/v1/consultations/{ours.pk}/").status_code == 404
    client.force_login(world.clerk2)
    assert client.get(f"/counter/consultations/{ours.pk}/").status_code == 404
    assert "低保需要哪些材料" not in client.get("/counter/consultations/").content.decode()
    with pytest.raises(DomainError) as err:
        actions.take_over(ours, actor=world.clerk2, owner_seen=world.clerk.staff, now=FRIDAY)
    assert err.value.code == "consultation_not_found"
    api.force_authenticate(world.county_admin)
    assert {r["id"] for r in api.get("/api/v1/consultations/").json()["results"]} == {ours.pk, theirs.pk}
