"""Schemathesis over the assessment endpoints with every check it has, pointed at real rows: a month scored
at 象湖镇 (attendance through a stand-in source) and a manual entry approved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from bianmin.conftest import at
from bianmin.performance import actions
from bianmin.performance.tests.conftest import MARCH, NOW, stub_attendance
from bianmin.wsgi import application

CONFIG = {
    "seed": 20260305,
    "generation": {"deterministic": True, "max-examples": 20, "mode": "all", "database": "none"},
    "checks": {"enabled": True, "max_response_time": 10},
    "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
}

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/?format=json", application, config=schemathesis.Config.from_dict(CONFIG)
).include(path_regex=r"^/api/v1/performance/")


@pytest.fixture
def _requests_in_the_test_transaction() -> Iterator[None]:
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def real_rows(world: Any, tables: Any, _requests_in_the_test_transaction: None) -> dict[str, Any]:
    rows = [(world.clerk, dt.date(2026, 3, 3), "late")]
    actions.score_month(world.town, MARCH, now=NOW, attendance=stub_attendance(rows), extra_sources=[])
    entry = actions.record_manual(
        actor=world.supervisor,
        org=world.town,
        staff=world.handler.staff,
        rule_code="praised_by_inspection",
        day=dt.date(2026, 3, 20),
        evidence="市检查组书面表扬",
        now=at(2026, 3, 20, 16),
    )
    actions.decide(actor=world.director, entry_id=entry.pk, approve=True, now=at(2026, 3, 21))
    return {
        "GET /api/v1/performance/entries/{id}/": {"id": entry.pk},
        "token": Token.objects.create(user=world.director).key,
    }


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])
def test_the_performance_api_answers_as_its_schema_says(case: Any, real_rows: dict[str, Any]) -> None:
    """Every answer documented and in its documented shape, nulls included; no 5xx for any input."""
    pinned = real_rows.get(case.operation.label)
    if pinned:
        case.path_parameters = {**(case.path_parameters or {}), **pinned}
    case.call_and_validate(headers={"Authorization": f"Token {real_rows['token']}"})
