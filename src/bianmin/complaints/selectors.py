"""Reads of complaints and opinion entries shared by the pages, the API and other apps (supervision,
assessment). Dates are passed in; nothing here reads the clock."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from bianmin.complaints.models import Complaint


def upheld_complaints_by_staff(org_ids: Iterable[int], year: int) -> dict[int, int]:
    """User id → complaints against that staff member upheld (投诉成立), by the year they were received.

    003 曾家镇 责任追究: 工作作风和服务态度差,多次(3次及以上)受到投诉的 is the severe level; a complaint
    counts for the year the conduct was complained of (its receipt), whenever the supervisor decided it."""
    rows = (
        Complaint.objects.filter(
            org_id__in=list(org_ids),
            upheld=True,
            against_staff__isnull=False,
            received_on__year=year,
        )
        .values("against_staff__user_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["against_staff__user_id"]: row["n"] for row in rows}
