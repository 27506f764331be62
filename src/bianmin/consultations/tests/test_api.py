"""``GET/POST /api/v1/consultations/``: the log scoped like the page, the citizen masked, one quick body."""

from __future__ import annotations

from typing import Any

from bianmin.consultations.models import Consultation
from bianmin.consultations.tests.conftest import ask

URL = "/api/v1/consultations/"


def test_post_logs_a_consultation_as_the_caller(world: Any, api: Any, clock: Any) -> None:
    api.force_authenticate(world.clerk)
    response = api.post(
        URL,
        {
            "topic": "残疾证怎么办",
            "how": "one_time",
            "citizen_name": "王小明",
            "citizen_phone": "13912345678",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["first_contact"] == "李窗口" and body["window"] == "民政" and body["channel"] == "window"
    assert body["citizen_name"] == "王**" and body["citizen_phone"] == "139****5678"
    assert Consultation.objects.get().citizen_phone == "13912345678"  # stored whole, shown masked


def test_post_refusals_are_400_with_a_code(world: Any, api: Any, clock: Any) -> None:
    api.force_authenticate(world.clerk)
    assert api.post(URL, {"topic": "x", "how": "on_the_spot", "reson": "x"}, format="json").status_code == 400
    response = api.post(URL, {"topic": "x", "how": "on_the_spot", "item": "NOPE"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "item_not_found"
    api.force_authenticate(world.supervisor)
    response = api.post(URL, {"topic": "x", "how": "on_the_spot"}, format="json")
    assert response.status_code == 403
    assert not Consultation.objects.exists()


def test_list_filters_by_day_window_and_item(world: Any, api: Any, clock: Any) -> None:
    ask(world.clerk, item="MZ001")
    ask(world.handler, topic="宅基地", window=world.gt.pk)
    api.force_authenticate(world.director)
    assert len(api.get(URL).json()["results"]) == 2
    only = api.get(URL, {"window": world.gt.pk, "date_after": "2026-03-06", "date_before": "2026-03-06"})
    assert [r["topic"] for r in only.json()["results"]] == ["宅基地"]
    assert [r["item"] for r in api.get(URL, {"item": "MZ001"}).json()["results"]] == ["MZ001"]
    assert api.get(URL, {"pagesize": 3}).status_code == 400  # an unknown parameter is refused
