"""Rows of every archive admin at both towns, for the admin-scope guard (orgs/tests/test_admin_scope.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.archive import actions
from bianmin.archive.models import ArchiveRecord, Box, Disposal, Loan, RetentionRule
from bianmin.archive.tests.conftest import archived_case
from bianmin.conftest import at


def make_rows(w: Any) -> None:
    """At 象湖镇 and 壬田镇: an archived case filed in a box, a loan of it, a disposal proposal listing it
    (its expiry moved into the past for the purpose) and a retention rule."""
    for org, clerk in ((w.town, w.clerk), (w.town2, w.clerk2)):
        case = archived_case(w, actor=clerk)
        actions.file_archived(now=at(2026, 9, 28, 17))
        record = ArchiveRecord.objects.get(case=case)
        Loan.objects.create(
            record=record,
            org=org,
            borrower=clerk,
            borrower_name="借阅人",
            purpose="核对",
            expected_return=dt.date(2026, 10, 9),
            requested_at=at(2026, 9, 28, 17),
            state="returned",
        )
        disposal = Disposal.objects.create(
            org=org,
            reason="保管期满",
            numbers=[record.number],
            proposed_by=clerk,
            proposed_at=at(2026, 9, 29),
        )
        ArchiveRecord.objects.filter(pk=record.pk).update(disposal=disposal)
        RetentionRule.objects.create(
            org=org, category="行政给付", retention="30y", updated_at=at(2026, 9, 28), updated_by=clerk
        )


def out_of_reach(w: Any) -> dict[type, Any]:
    return {
        Box: Box.objects.get(org=w.town2),
        ArchiveRecord: ArchiveRecord.objects.get(org=w.town2),
        Loan: Loan.objects.get(org=w.town2),
        Disposal: Disposal.objects.get(org=w.town2),
        RetentionRule: RetentionRule.objects.get(org=w.town2),
    }
