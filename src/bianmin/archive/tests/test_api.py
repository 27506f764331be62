"""The archive API: ``GET /api/v1/archive/boxes/`` lists the boxes (filed on read, no command needed),
``POST /api/v1/archive/loans/`` requests a loan, and a loan lent past its date answers ``overdue: true``
(issue 14 part 4)."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.archive.models import ArchiveRecord, Loan
from bianmin.archive.tests.conftest import archived_case
from bianmin.conftest import at

BOXES = "/api/v1/archive/boxes/"
RECORDS = "/api/v1/archive/records/"
LOANS = "/api/v1/archive/loans/"
DISPOSALS = "/api/v1/archive/disposals/"


@pytest.fixture
def clock(time_machine: Any) -> Any:
    time_machine.move_to(at(2026, 9, 28, 17), tick=False)
    return time_machine


def test_boxes_list_files_archived_cases_on_read(archived: Any, api: Any, clock: Any) -> None:
    api.force_authenticate(archived.clerk)
    body = api.get(BOXES).json()
    assert [(b["label"], b["window"], b["year"], b["files"], b["retention"]) for b in body["results"]] == [
        ("2026-MZ-001", "MZ", 2026, 3, "10y")
    ]
    box = body["results"][0]
    assert api.get(f"{BOXES}{box['id']}/").json()["label"] == "2026-MZ-001"
    # filtered by retention (the longest of the box's files) and year
    assert len(api.get(BOXES, {"retention": "10y", "year": 2026}).json()["results"]) == 1
    assert api.get(BOXES, {"retention": "permanent"}).json()["results"] == []
    assert api.get(BOXES, {"year": 2025}).json()["results"] == []
    # 壬田镇's box is not found by 象湖镇's clerk; the county sees both
    theirs = ArchiveRecord.objects.get(org=archived.town2).box_id
    response = api.get(f"{BOXES}{theirs}/")
    assert response.status_code == 404 and response.json()["code"] == "box_not_found"
    api.force_authenticate(archived.county_admin)
    assert len(api.get(BOXES).json()["results"]) == 2
    assert (
        api.get(BOXES, {"center": archived.town2.code}).json()["results"][0]["center"] == archived.town2.code
    )


def test_records_mask_the_applicant(archived: Any, api: Any, clock: Any) -> None:
    api.force_authenticate(archived.clerk)
    rows = api.get(RECORDS).json()["results"]
    assert len(rows) == 3 and {r["applicant"] for r in rows} == {"张*"}
    assert api.get(RECORDS, {"case": archived.cases[0].number}).json()["results"][0]["seq"] == 1


def test_a_loan_requested_approved_lent_and_overdue_over_the_api(archived: Any, api: Any, clock: Any) -> None:
    api.force_authenticate(archived.clerk)
    record = api.get(RECORDS).json()["results"][0]["id"]
    created = api.post(
        LOANS, {"record": record, "purpose": "核对", "expected_return": "2026-10-09"}, format="json"
    )
    assert created.status_code == 201, created.content
    loan = created.json()
    assert (loan["state"], loan["borrower_name"], loan["overdue"]) == ("requested", "李窗口", False)
    again = api.post(
        LOANS, {"record": record, "purpose": "再借", "expected_return": "2026-10-09"}, format="json"
    )
    assert again.status_code == 409 and again.json()["code"] == "already_on_loan"
    response = api.post(f"{LOANS}{loan['id']}/approve/", {}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    api.force_authenticate(archived.director)
    assert api.post(f"{LOANS}{loan['id']}/approve/", {}, format="json").json()["state"] == "approved"
    api.force_authenticate(archived.clerk)
    assert api.post(f"{LOANS}{loan['id']}/lend/").json()["state"] == "lent"
    # when the return date has passed
    clock.move_to(at(2026, 10, 12, 9), tick=False)
    assert api.get(f"{LOANS}{loan['id']}/").json()["overdue"] is True
    assert [r["id"] for r in api.get(LOANS, {"overdue": "true"}).json()["results"]] == [loan["id"]]
    assert api.get(f"{RECORDS}{record}/").json()["overdue"] is True
    assert api.get(BOXES).json()["results"][0]["overdue"] is True
    back = api.post(f"{LOANS}{loan['id']}/return/", {"condition": "完好"}, format="json").json()
    assert (back["state"], back["overdue"]) == ("returned", False)


def test_loan_refusals_over_the_api(archived: Any, api: Any, clock: Any) -> None:
    api.force_authenticate(archived.clerk)
    response = api.post(
        LOANS, {"record": 999999, "purpose": "x", "expected_return": "2026-10-09"}, format="json"
    )
    assert response.status_code == 404 and response.json()["code"] == "record_not_found"
    record = api.get(RECORDS).json()["results"][0]["id"]
    response = api.post(
        LOANS, {"record": record, "purpose": "x", "expected_return": "2026-09-01"}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_return_date"
    api.force_authenticate(archived.county_admin)
    response = api.post(
        LOANS, {"record": record, "purpose": "x", "expected_return": "2026-10-09"}, format="json"
    )
    assert response.status_code == 403
    assert not Loan.objects.exists()


def test_disposal_over_the_api(archived: Any, api: Any, clock: Any, settings: Any) -> None:
    api.force_authenticate(archived.clerk)
    record = api.get(RECORDS).json()["results"][0]["id"]
    response = api.post(DISPOSALS, {"records": [record], "reason": "保管期满"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "not_expired"
    clock.move_to(at(2037, 1, 4, 10), tick=False)
    created = api.post(DISPOSALS, {"records": [record], "reason": "保管期满"}, format="json")
    assert created.status_code == 201, created.content
    api.force_authenticate(archived.director)
    done = api.post(f"{DISPOSALS}{created.json()['id']}/approve/", {}, format="json").json()
    assert (done["state"], done["decided_by"], done["numbers"]) == ("approved", "吴主任", ["2026-MZ-001-001"])
    assert api.get(f"{RECORDS}{record}/").json()["disposed_at"] is not None


def test_list_endpoints_cost_the_same_however_many_rows(
    archived: Any, api: Any, clock: Any, django_assert_num_queries: Any
) -> None:
    api.force_authenticate(archived.clerk)
    api.get(BOXES)  # file what is archived, and warm the user's scope
    for _ in range(3):
        archived_case(archived, when=at(2026, 9, 28, 11))
    api.get(BOXES)
    # the filing (cursor, events after it), the permission, the count and the page
    with django_assert_num_queries(6):
        assert len(api.get(BOXES).json()["results"]) == 1
    with django_assert_num_queries(6):
        assert len(api.get(RECORDS).json()["results"]) == 6
    for record in ArchiveRecord.objects.filter(org=archived.town)[:3]:
        Loan.objects.create(
            record=record,
            org=record.org,
            borrower=archived.clerk,
            borrower_name="李窗口",
            purpose="核对",
            expected_return=at(2026, 10, 9).date(),
            requested_at=at(2026, 9, 28, 16),
        )
    with django_assert_num_queries(6):
        assert len(api.get(LOANS).json()["results"]) == 3
