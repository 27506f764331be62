"""Schemathesis over the outreach endpoints with every check it has, pointed at real rows: an event with a
team, a leader, a log and a case registered on site, and an assigned home visit with its case. (The
project-wide fuzz test calls the same operations, with generated ids that answer 404.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from bianmin.conftest import VALID_ID_2, at
from bianmin.outreach import actions
from bianmin.outreach.tests.conftest import event_on, on_site, staff, visit_request
from bianmin.wsgi import application

CONFIG = {
    "seed": 20260305,
    "generation": {"deterministic": True, "max-examples": 20, "mode": "all", "database": "none"},
    "checks": {"enabled": True, "max_response_time": 10},
    "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
}

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/?format=json", application, config=schemathesis.Config.from_dict(CONFIG)
).include(path_regex=r"^/api/v1/(market-days|home-visits)/")


@pytest.fixture
def _requests_in_the_test_transaction() -> Iterator[None]:
    """Requests go straight into the WSGI app, on the test's connection, which Django would otherwise close."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def real_rows(town: Any, _requests_in_the_test_transaction: None) -> dict[str, Any]:
    event = event_on(town, team=(town.clerk,), leader=town.leader)
    on_site(town, event)
    actions.record_log(
        event,
        actor=town.clerk,
        people_served=30,
        consultations=5,
        disputes_mediated=1,
        follow_up_visits=0,
        note="宣传医保政策",
        now=at(2026, 3, 5, 11),
    )
    actions.end_market_day(event, actor=town.clerk, now=at(2026, 3, 5, 12, 30))
    visit = visit_request(town)
    actions.assign_home_visit(visit, actor=town.leader, staff=staff(town.clerk), now=at(2026, 3, 5, 9))
    actions.register_on_home_visit(
        visit,
        actor=town.clerk,
        item_code="ZH001",
        applicant={"kind": "person", "name": "刘秀英", "id_number": VALID_ID_2},
        now=at(2026, 3, 6, 10),
    )
    return {
        "GET /api/v1/market-days/{id}/": {"id": event.pk},
        "GET /api/v1/home-visits/{id}/": {"id": visit.pk},
        "token": Token.objects.create(user=town.clerk).key,
    }


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])
def test_the_outreach_api_answers_as_its_schema_says(case: Any, real_rows: dict[str, Any]) -> None:
    """Every answer documented and in its documented shape, nulls included; no 5xx for any input."""
    pinned = real_rows.get(case.operation.label)
    if pinned:
        case.path_parameters = {**(case.path_parameters or {}), **pinned}
    case.call_and_validate(headers={"Authorization": f"Token {real_rows['token']}"})
