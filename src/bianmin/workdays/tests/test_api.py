"""The public working-day API (no account needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bianmin.workdays import services
from bianmin.workdays.models import CalendarOverride, OverrideKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    services.invalidate_calendar_cache()
    yield
    services.invalidate_calendar_cache()


def _get(client: Client, name: str, **params: Any) -> tuple[int, dict]:
    response = client.get(reverse(f"workdays-{name}"), params)
    return response.status_code, response.json()


def test_urls_live_under_api_v1() -> None:
    assert reverse("workdays-add") == "/api/v1/workdays/add"
    assert reverse("workdays-between") == "/api/v1/workdays/between"
    assert reverse("workdays-is-workday") == "/api/v1/workdays/is-workday"


def test_add_answers_the_due_date_without_an_account(client: Client) -> None:
    # given an anonymous visitor asking for 10 working days after 2026-09-28
    status, body = _get(client, "add", start="2026-09-28", days=10)
    # then National Day and Mid-Autumn are skipped
    assert status == 200
    assert body == {
        "start": "2026-09-28",
        "days": 10,
        "due": "2026-10-16",
        "provisional": False,
        "region": None,
    }


def test_add_into_an_unpublished_year_is_provisional(client: Client) -> None:
    status, body = _get(client, "add", start="2026-12-31", days=1)
    assert status == 200
    assert (body["due"], body["provisional"]) == ("2027-01-04", True)


def test_add_uses_the_county_calendar(client: Client) -> None:
    # given a county holiday on Tuesday 2026-03-03
    CalendarOverride.objects.create(
        date=dt.date(2026, 3, 3), kind=OverrideKind.HOLIDAY, name="民族节日", region_code="360781"
    )
    # then the county's answer moves, the national one does not
    _, county = _get(client, "add", start="2026-03-02", days=1, region="360781")
    _, national = _get(client, "add", start="2026-03-02", days=1)
    assert (county["due"], county["region"]) == ("2026-03-04", "360781")
    assert national["due"] == "2026-03-03"


def test_between_counts_working_days_after_the_start(client: Client) -> None:
    status, body = _get(client, "between", start="2026-09-28", end="2026-10-16")
    assert status == 200
    assert body == {"start": "2026-09-28", "end": "2026-10-16", "workdays": 10, "provisional": False}
    _, backwards = _get(client, "between", start="2026-10-16", end="2026-09-28")
    assert backwards["workdays"] == -10


def test_is_workday(client: Client) -> None:
    assert _get(client, "is-workday", date="2026-10-01") == (
        200,
        {"date": "2026-10-01", "workday": False, "provisional": False},
    )
    assert _get(client, "is-workday", date="2026-09-20")[1]["workday"] is True
    assert _get(client, "is-workday", date="2027-03-01")[1]["provisional"] is True


@pytest.mark.parametrize(
    ("name", "params", "code"),
    [
        ("add", {"days": 1}, "invalid_start"),
        ("add", {"start": "2026-9-28", "days": 1}, "invalid_start"),
        ("add", {"start": "2026-02-30", "days": 1}, "invalid_start"),
        ("add", {"start": "2026-09-28"}, "invalid_days"),
        ("add", {"start": "2026-09-28", "days": "ten"}, "invalid_days"),
        ("add", {"start": "2026-09-28", "days": "1.5"}, "invalid_days"),
        ("add", {"start": "2026-09-28", "days": -1}, "invalid_days"),
        ("add", {"start": "2026-09-28", "days": 3651}, "invalid_days"),
        ("add", {"start": "2026-09-28", "days": 1, "region": "36078"}, "invalid_region"),
        ("add", {"start": "2026-09-28", "days": 1, "region": "36078a"}, "invalid_region"),
        ("add", {"start": "2003-12-31", "days": 1}, "date_out_of_range"),
        ("add", {"start": "2060-12-20", "days": 30}, "date_out_of_range"),
        ("between", {"start": "2026-09-28"}, "invalid_end"),
        ("between", {"start": "2026-09-28", "end": "2061-01-01"}, "date_out_of_range"),
        ("is-workday", {"date": "yesterday"}, "invalid_date"),
        ("is-workday", {"date": "2026-10-01", "region": "1234567"}, "invalid_region"),
        ("is-workday", {"date": "2061-01-01"}, "date_out_of_range"),
    ],
)
def test_bad_input_answers_400_with_a_stable_code(
    client: Client, name: str, params: dict[str, Any], code: str
) -> None:
    status, body = _get(client, name, **params)
    assert status == 400
    assert body["code"] == code
    assert body["detail"]


def test_the_schema_documents_the_parameters(client: Client) -> None:
    schema = client.get(reverse("schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/workdays/add"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["start"]["required"] and parameters["start"]["schema"]["format"] == "date"
    assert parameters["days"]["schema"]["type"] == "integer"
    assert "region" in parameters
    assert "400" in operation["responses"]
