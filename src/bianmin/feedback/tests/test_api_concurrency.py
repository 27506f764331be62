"""Two people taking the same step of one rating over the API at the same moment: one wins, the other is told
plainly (409), and nothing is written twice. On PostgreSQL both requests really run at once (SQLite
serialises writers, so there the race cannot happen and the test is skipped)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone
from rest_framework.test import APIClient

from bianmin.conftest import make_staff
from bianmin.feedback import rectification as rect_actions
from bianmin.feedback.actions import rate
from bianmin.feedback.models import Rating, Rectification, RectificationState
from bianmin.feedback.tests.conftest import registered
from bianmin.orgs.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def race(path: str, bodies: dict[Any, dict[str, Any]]) -> list[str]:
    """POST ``path`` as each user with their body, each in its own thread, all released together."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    barrier = threading.Barrier(len(bodies))

    def attempt(user: Any) -> str:
        client = APIClient()
        client.force_authenticate(user)
        try:
            barrier.wait()
            response = client.post(path, bodies[user], format="json")
            return (
                "ok" if response.status_code == 200 else f"{response.status_code}:{response.json()['code']}"
            )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return sorted(pool.map(attempt, list(bodies)))


@pytest.fixture
def bad(world: Any) -> Rating:
    now = timezone.now()
    rating = rate(
        registered(world),
        level=4,
        comment="态度生硬",
        channel="tablet",
        window=world.mz,
        staff=world.clerk,
        now=now,
    )
    rect = rating.rectification
    rect_actions.record_measures(rect, actor=world.director, measures="批评教育", now=now)
    rect_actions.record_call(
        rect, actor=world.leader, called_on=timezone.localdate(), response="满意", satisfied=True, now=now
    )
    return rating


def test_a_supervisor_and_the_director_checking_at_once_close_it_once(world, bad):
    """国办发〔2019〕51号: the rectification is checked once; the second check is refused, not overwritten."""
    outcomes = race(
        f"/api/v1/ratings/{bad.pk}/rectification/check/",
        {world.supervisor: {"note": "监察核实"}, world.director: {"note": "主任核实"}},
    )
    assert outcomes == ["409:rectification_closed", "ok"]
    rect = Rectification.objects.get(rating=bad)
    assert rect.state == RectificationState.CLOSED
    # the note kept is the one of who closed it
    assert (
        rect.close_note == {world.supervisor.pk: "监察核实", world.director.pk: "主任核实"}[rect.closed_by_id]
    )


def test_two_supervisors_finding_one_rating_at_once_record_one_finding(world, bad):
    other = make_staff("xu", world.town, Role.SUPERVISOR, "徐监察")
    outcomes = race(
        f"/api/v1/ratings/{bad.pk}/exclude/",
        {
            world.supervisor: {"kind": "malicious", "reason": "蒋认定恶意"},
            other: {"kind": "mistaken", "reason": "徐认定误评"},
        },
    )
    assert outcomes == ["409:already_excluded", "ok"]
    rating = Rating.objects.get(pk=bad.pk)
    expected = {world.supervisor.pk: ("malicious", "蒋认定恶意"), other.pk: ("mistaken", "徐认定误评")}
    assert (rating.excluded, rating.excluded_reason) == expected[rating.excluded_by_id]
