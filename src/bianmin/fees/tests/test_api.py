"""The collection window over the API: GET/POST /api/v1/fees/payables/, POST …/{id}/pay|waive|refund|void/,
GET /api/v1/fees/entries/, GET /api/v1/fees/reconciliation/?org=&date= and POST …/reconciliation/close/
(issue 14). Errors come out as {"code", "detail"}."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from bianmin.fees.models import Entry, Payable
from bianmin.fees.tests.conftest import NOW, accepted, minutes

URL = "/api/v1/fees/payables/"


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(minutes(120), tick=False):
        yield


def test_the_window_lists_what_is_owed_after_harvesting_the_ledger(fees: Any, api: Any, clock: Any) -> None:
    case = accepted(fees)
    api.force_authenticate(fees.clerk)
    answer = api.get(URL, {"owing": "true"})
    assert answer.status_code == 200, answer.json()
    [row] = answer.json()["results"]
    assert (row["case"], row["amount"], row["outstanding"], row["center"]) == (
        case.number,
        "80.00",
        "80.00",
        fees.town.code,
    )
    assert row["payer_name"] != "张三"  # masked
    # outsider Zhao of 壬田镇 sees none of it
    api.force_authenticate(fees.clerk2)
    assert api.get(URL).json()["count"] == 0
    assert api.get(f"{URL}{row['id']}/").status_code == 404


def test_pay_print_refund_void_and_waive_over_the_api(fees: Any, api: Any, clock: Any) -> None:
    accepted(fees)
    second = accepted(fees, when=minutes(10))
    api.force_authenticate(fees.clerk)
    [p1, p2] = sorted(r["id"] for r in api.get(URL).json()["results"])
    paid = api.post(f"{URL}{p1}/pay/", {"method": "alipay", "reference": "ALI-2026-1"}, format="json")
    assert paid.status_code == 201, paid.json()
    body = paid.json()
    assert (body["kind"], body["amount"], body["receipt_number"]) == (
        "payment",
        "80.00",
        f"{fees.town.code}-2026-000001",
    )
    missing = api.post(f"{URL}{p2}/pay/", {"method": "wechat"}, format="json")
    assert (missing.status_code, missing.json()["code"]) == (400, "reference_required")
    refund = api.post(f"{URL}{p1}/refund/", {"amount": "80.01", "reason": "多收"}, format="json")
    assert (refund.status_code, refund.json()["code"]) == (400, "refund_exceeds_paid")
    refund = api.post(f"{URL}{p1}/refund/", {"amount": "10.00", "reason": "多收"}, format="json")
    assert refund.status_code == 201 and refund.json()["of_payment"] == body["id"]
    void = api.post(f"{URL}{p1}/void/", {"payment": body["id"], "reason": "x"}, format="json")
    assert (void.status_code, void.json()["code"]) == (409, "payment_refunded")
    waive = api.post(f"{URL}{p2}/waive/", {"category": "低保家庭", "reason": "低保"}, format="json")
    assert (waive.status_code, waive.json()["code"]) == (403, "permission_denied")
    api.force_authenticate(fees.director)
    waive = api.post(f"{URL}{p2}/waive/", {"category": "低保家庭", "reason": "低保证"}, format="json")
    assert waive.status_code == 201
    assert Payable.objects.get(case=second).pk == p2
    assert api.get("/api/v1/fees/entries/", {"kind": "payment"}).json()["count"] == 1
    assert Entry.objects.count() == 3


def test_raising_by_hand_and_the_free_case_refusal(fees: Any, api: Any, clock: Any) -> None:
    free = accepted(fees, "MZ001")
    api.force_authenticate(fees.clerk)
    refused = api.post(URL, {"case": free.number}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (409, "fee_on_free_case")
    unknown = api.post(URL, {"case": "NOPE"}, format="json")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "case_not_found")
    case = accepted(fees, "MZ030")  # charged at conclusion: the window may raise it earlier by hand
    made = api.post(URL, {"case": case.number, "amount": "12.30"}, format="json")
    assert made.status_code == 201 and made.json()["amount"] == "12.30"


def test_the_days_reconciliation_and_its_close(fees: Any, api: Any, clock: Any) -> None:
    accepted(fees)
    api.force_authenticate(fees.clerk)
    [p] = [r["id"] for r in api.get(URL).json()["results"]]
    api.post(f"{URL}{p}/pay/", {"method": "cash", "amount": "30.00"}, format="json")
    day = api.get("/api/v1/fees/reconciliation/", {"org": fees.town.code, "date": NOW.date().isoformat()})
    assert day.status_code == 200
    data = day.json()
    assert (data["expected"], data["collected"], data["by_method"]["cash"], data["closed"]) == (
        "80.00",
        "30.00",
        "30.00",
        False,
    )
    assert data["collectors"][0]["name"] == "李窗口"
    close = {"date": NOW.date().isoformat(), "deposited": "30.00", "slip_number": "NT-1"}
    no_right = api.post("/api/v1/fees/reconciliation/close/", close, format="json")
    assert (no_right.status_code, no_right.json()["code"]) == (403, "permission_denied")
    api.force_authenticate(fees.director)
    closed = api.post("/api/v1/fees/reconciliation/close/", close, format="json")
    assert (
        closed.status_code == 201
        and closed.json()["slip_number"] == "NT-1"
        and closed.json()["difference"] == "0.00"
    )
    again = api.post("/api/v1/fees/reconciliation/close/", close, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "day_closed")
    other = api.get("/api/v1/fees/reconciliation/", {"org": fees.town2.code})
    assert (other.status_code, other.json()["code"]) == (404, "center_not_found")
    bad = api.get("/api/v1/fees/reconciliation/", {"date": "2026-13-40"})
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid_date")
