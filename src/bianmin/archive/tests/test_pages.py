"""The counter's archive pages: boxes, a box's catalog (卷内目录) printed and as PDF, the file's archive view
with its ledger, notices, scans and seal uses, loans with the overdue ones highlighted, disposal and the
retention rules (issue 14 part 4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from bianmin.archive import actions
from bianmin.archive.models import ArchiveRecord, Box, Disposal, Loan, LoanState, RetentionRule
from bianmin.archive.tests.conftest import archived_case
from bianmin.cases.models import Attachment
from bianmin.conftest import at


@pytest.fixture
def clock(time_machine: Any) -> Any:
    time_machine.move_to(at(2026, 9, 28, 17), tick=False)
    return time_machine


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_box_list_files_on_read_and_costs_the_same_however_many_boxes(
    archived: Any, clock: Any, django_assert_num_queries: Any
) -> None:
    c = client_for(archived.clerk)
    page = c.get("/counter/archive/")
    assert page.status_code == 200 and "2026-MZ-001" in page.content.decode()
    box = Box.objects.get(org=archived.town)
    actions.close_box(box, actor=archived.clerk)
    archived_case(archived, when=at(2026, 9, 28, 11))
    c.get("/counter/archive/")
    assert Box.objects.filter(org=archived.town).count() == 2
    with django_assert_num_queries(18):
        c.get("/counter/archive/")
    for _ in range(2):
        actions.file_archived()
        actions.close_box(Box.objects.get(org=archived.town, closed_at__isnull=True), actor=archived.clerk)
        archived_case(archived, when=at(2026, 9, 28, 11))
    c.get("/counter/archive/")
    with django_assert_num_queries(18):
        body = c.get("/counter/archive/").content.decode()
    assert "2026-MZ-004" in body


def test_the_catalog_prints_masked_and_as_pdf(archived: Any, clock: Any) -> None:
    c = client_for(archived.clerk)
    c.get("/counter/archive/")
    box = Box.objects.get(org=archived.town)
    page = c.get(f"/counter/archive/boxes/{box.pk}/catalog/").content.decode()
    assert "卷内目录" in page and archived.cases[0].number in page and "张*" in page and "张三" not in page
    pdf = c.get(f"/counter/archive/boxes/{box.pk}/catalog/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    labels = c.get("/counter/archive/labels/").content.decode()
    assert "2026-MZ-001" in labels and "10年" in labels
    # 壬田镇's box is not found from 象湖镇
    theirs = Box.objects.get(org=archived.town2)
    assert c.get(f"/counter/archive/boxes/{theirs.pk}/").status_code == 404


def test_the_archive_view_shows_box_retention_ledger_notices_and_loans(archived: Any, clock: Any) -> None:
    c = client_for(archived.clerk)
    case = archived.cases[0]
    response = c.get(f"/counter/archive/cases/{case.number}/")
    assert response.status_code == 302
    body = c.get(response["Location"]).content.decode()
    assert "2026-MZ-001-001" in body and "10年" in body and "2036-12-31" in body
    assert "归档" in body and "受理" in body  # the ledger's steps
    notice = case.notices.first()
    assert notice is not None and f"/counter/notices/{notice.pk}/pdf/" in body
    assert "用印记录" in body
    # borrowing from the page
    record = ArchiveRecord.objects.get(case=case)
    c.post(
        f"/counter/archive/records/{record.pk}/borrow/", {"purpose": "核对", "expected_return": "2026-10-09"}
    )
    assert Loan.objects.get(record=record).state == LoanState.REQUESTED
    assert c.get(f"/counter/archive/cases/{archived.other.number}/").status_code == 404


def test_the_loans_page_highlights_overdue_and_runs_the_steps(archived: Any, clock: Any) -> None:
    actions.file_archived()
    record = ArchiveRecord.objects.filter(org=archived.town).get(case=archived.cases[0])
    loan = actions.request_loan(
        record, actor=archived.clerk, purpose="核对", expected_return=dt.date(2026, 10, 9)
    )
    director = client_for(archived.director)
    director.post(f"/counter/archive/loans/{loan.pk}/approve/")
    clerk = client_for(archived.clerk)
    clerk.post(f"/counter/archive/loans/{loan.pk}/lend/")
    assert Loan.objects.get(pk=loan.pk).state == LoanState.LENT
    clock.move_to(at(2026, 10, 12, 9), tick=False)
    body = clerk.get("/counter/archive/loans/").content.decode()
    assert 'class="overdue"' in body and "逾期未还" in body
    assert "有借出逾期" in clerk.get("/counter/archive/").content.decode()
    clerk.post(f"/counter/archive/loans/{loan.pk}/return/", {"condition": "完好"})
    assert Loan.objects.get(pk=loan.pk).state == LoanState.RETURNED


def test_disposal_and_retention_pages(archived: Any, clock: Any, settings: Any) -> None:
    settings.ARCHIVE_RETENTION = {"*": "10y"}
    director = client_for(archived.director)
    director.post("/counter/archive/retention/", {"category": "行政给付", "retention": "30y"})
    assert RetentionRule.objects.get(org=archived.town).retention == "30y"
    refused = client_for(archived.clerk).post(
        "/counter/archive/retention/", {"category": "x", "retention": "30y"}
    )
    assert refused.status_code == 302
    assert not RetentionRule.objects.filter(category="x").exists()
    actions.file_archived()
    clock.move_to(at(2037, 1, 4, 10), tick=False)
    clerk = client_for(archived.clerk)
    body = clerk.get("/counter/archive/disposals/").content.decode()
    assert "2026-MZ-001-001" in body
    ids = list(ArchiveRecord.objects.filter(org=archived.town).values_list("pk", flat=True)[:2])
    response = clerk.post("/counter/archive/disposals/", {"records": ids, "reason": "保管期满"})
    disposal = Disposal.objects.get()
    assert response["Location"].endswith(f"/counter/archive/disposals/{disposal.pk}/")
    director = client_for(archived.director)  # ten years on: a new session
    director.post(f"/counter/archive/disposals/{disposal.pk}/approve/")
    assert ArchiveRecord.objects.filter(disposed_at__isnull=False).count() == 2
    assert "吴主任" in director.get(f"/counter/archive/disposals/{disposal.pk}/").content.decode()


def test_scans_of_the_case_are_kept_with_the_archived_file(
    archived: Any, clock: Any, settings: Any, tmp_path: Any
) -> None:
    """Issue 14: "Scanned documents attached to a case are kept with the archive record" — listed with their
    download links on the file's view and counted in the box's catalog."""
    settings.MEDIA_ROOT = tmp_path
    case = archived.cases[0]
    scan = Attachment(
        case=case,
        original_name="户口簿扫描件.pdf",
        content_type="application/pdf",
        extension=".pdf",
        size=8,
        sha256="0" * 64,
        uploaded_at=at(2026, 9, 28, 9),
    )
    scan.file.save("x.pdf", ContentFile(b"%PDF-1.4"), save=False)
    scan.save()
    c = client_for(archived.clerk)
    c.get("/counter/archive/")
    record = ArchiveRecord.objects.get(case=case)
    body = c.get(f"/counter/archive/records/{record.pk}/").content.decode()
    assert "户口簿扫描件.pdf" in body and f"/counter/attachments/{scan.pk}/" in body
    catalog = c.get(f"/counter/archive/boxes/{record.box_id}/").content.decode()
    assert "<td>1</td><td>" in catalog.replace("\n", "")  # file 1 has one scan


def test_the_loans_page_costs_the_same_however_many_loans(
    archived: Any, clock: Any, django_assert_num_queries: Any
) -> None:
    actions.file_archived()
    files = list(ArchiveRecord.objects.filter(org=archived.town).order_by("seq"))
    c = client_for(archived.director)
    actions.request_loan(files[0], actor=archived.clerk, purpose="核对", expected_return=dt.date(2026, 10, 9))
    c.get("/counter/archive/loans/")
    with django_assert_num_queries(16) as one:
        c.get("/counter/archive/loans/")
    for record in files[1:]:
        actions.request_loan(
            record, actor=archived.clerk, purpose="核对", expected_return=dt.date(2026, 10, 9)
        )
    with django_assert_num_queries(len(one.captured_queries)):
        assert c.get("/counter/archive/loans/").content.decode().count("archive/records/") == 3
