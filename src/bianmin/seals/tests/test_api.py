"""The seals over the API: ``GET/POST /api/v1/seals/``, ``POST /api/v1/seals/{number}/uses/`` and the approval flow,
each refusal as ``{code, detail}``; list endpoints pinned to a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bianmin.seals import actions
from bianmin.seals.models import SealAttempt

pytestmark = pytest.mark.django_db

# The list endpoints (force-authenticated, the rights already read): the count, then the page with its joins.
LIST_QUERIES = 2


def test_the_director_registers_a_seal_and_everyone_at_the_center_lists_it(sealed: Any, api: Any) -> None:
    w = sealed
    api.force_authenticate(w.director)
    body = {
        "number": "XH-003",
        "name": "象湖镇便民服务中心受理专用章",
        "kind": "acceptance",
        "custodian": w.clerk.staff.pk,
    }
    made = api.post("/api/v1/seals/", body, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["needs_approval"] is False and made.json()["custodian"] == "李窗口"
    again = api.post("/api/v1/seals/", body, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "number_taken")
    api.force_authenticate(w.clerk)
    assert api.post("/api/v1/seals/", {**body, "number": "XH-004"}, format="json").json()["code"] == (
        "permission_denied"
    )
    listed = api.get("/api/v1/seals/").json()
    assert [s["number"] for s in listed["results"]] == ["XH-001", "XH-002", "XH-003"]
    assert api.get("/api/v1/seals/RT-001/").status_code == 404
    assert api.get("/api/v1/seals/XH-002/").json()["kind"] == "business"


def test_a_use_without_approval_is_refused_over_the_api_and_logged(sealed: Any, api: Any) -> None:
    w = sealed
    api.force_authenticate(w.director)
    answer = api.post("/api/v1/seals/XH-001/uses/", {"impressions": 1, "document": "证明"}, format="json")
    assert (answer.status_code, answer.json()["code"]) == (403, "approval_required")
    assert SealAttempt.objects.filter(code="approval_required").count() == 1
    attempts = api.get("/api/v1/seal-attempts/").json()["results"]
    assert [(a["seal"], a["actor"], a["code"]) for a in attempts] == [
        ("XH-001", "吴主任", "approval_required")
    ]


def test_request_approve_and_use_over_the_api(sealed: Any, api: Any) -> None:
    w = sealed
    api.force_authenticate(w.clerk)
    asked = api.post(
        "/api/v1/seals/XH-001/requests/",
        {"purpose": "出具证明", "document": "居住证明", "impressions": 2},
        format="json",
    )
    assert asked.status_code == 201, asked.content
    pk = asked.json()["id"]
    api.force_authenticate(w.leader)
    decided = api.post(
        f"/api/v1/seal-requests/{pk}/decide/", {"approve": True, "note": "同意"}, format="json"
    )
    assert decided.json()["state"] == "approved"
    api.force_authenticate(w.director)
    used = api.post("/api/v1/seals/XH-001/uses/", {"impressions": 2, "request": pk}, format="json")
    assert used.status_code == 201, used.content
    assert (used.json()["approver"], used.json()["requested_by"]) == ("周带班", "李窗口")
    again = api.post("/api/v1/seals/XH-001/uses/", {"impressions": 1, "request": pk}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "approval_used")
    uses = api.get("/api/v1/seal-uses/", {"seal": "XH-001"}).json()["results"]
    assert [u["impressions"] for u in uses] == [2]
    register = api.get("/api/v1/seals/register/", {"month": "2026-03"})
    assert register.status_code == 200
    for wrong in ("2026-13", "", "0000-01"):
        assert api.get("/api/v1/seals/register/", {"month": wrong}).json()["code"] == "invalid_month"


def test_handover_over_the_api(sealed: Any, api: Any) -> None:
    w = sealed
    api.force_authenticate(w.clerk)
    out = api.post("/api/v1/seals/XH-002/handover/", {"to": w.handler.staff.pk}, format="json")
    assert out.json()["state"] == "pending"
    assert (
        api.post("/api/v1/seals/XH-002/handover/accept/", {}, format="json").json()["code"] == "not_receiver"
    )
    api.force_authenticate(w.handler)
    assert api.post("/api/v1/seals/XH-002/handover/accept/", {}, format="json").json()["state"] == "accepted"
    assert api.get("/api/v1/seals/XH-002/").json()["custodian"] == "陈承办"


@pytest.mark.parametrize("n", [2, 12])
def test_list_endpoints_cost_the_same_however_many_rows(sealed: Any, api: Any, n: int) -> None:
    w = sealed
    for i in range(n):
        actions.log_use(w.business, actor=w.clerk, impressions=1, document=f"证明{i}")
        try:
            actions.log_use(w.business, actor=w.handler, impressions=1, document="x")
        except Exception:  # noqa: BLE001 - the refusal is the point: it leaves an attempt
            pass
        actions.request_use(w.official, actor=w.clerk, purpose="盖章", document=f"文件{i}", impressions=1)
    api.force_authenticate(w.director)
    api.get("/api/v1/seals/")  # the director's rights read once
    for url in ("/api/v1/seals/", "/api/v1/seal-uses/", "/api/v1/seal-requests/", "/api/v1/seal-attempts/"):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        assert len(queries) == LIST_QUERIES, (url, [q["sql"] for q in queries.captured_queries])
