"""Read queries of the archive, shared by the counter pages and the API.

Scope is the org rule of ``orgs.selectors``: a center's staff see their center's boxes, files, loans and
disposals, county roles the county's. Overdue loans are computed from the date passed in (lent, not back,
past the expected return), so they are right with no command having run. Lists select and annotate what
their rows show: a list costs the same number of queries however many rows it has.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from bianmin.archive.models import (
    ACTIVE_LOAN_STATES,
    RANK_RETENTION,
    ArchiveRecord,
    Box,
    Disposal,
    DisposalState,
    Loan,
    LoanState,
    Retention,
    RetentionRule,
)
from bianmin.cases.models import Attachment, CaseEvent, CaseMaterial, Notice
from bianmin.orgs.selectors import visible_org_ids


def _scope(user: Any) -> list[int]:
    return sorted(visible_org_ids(user))


def _overdue_loans(today: dt.date) -> QuerySet[Loan]:
    return Loan.objects.filter(state=LoanState.LENT, expected_return__lt=today)


# ---------------------------------------------------------------------------------------------- retention


def default_retention(category: str) -> str:
    """The settings' period for an item category (``ARCHIVE_RETENTION``; its ``*`` entry otherwise)."""
    table = settings.ARCHIVE_RETENTION
    period = table.get(category) or table.get("*") or Retention.Y10
    return period if period in Retention.values else Retention.Y10


def retention_for(org_id: int, category: str) -> str:
    """The period a center keeps a category's files: its own rule, else the settings' default."""
    rule = RetentionRule.objects.filter(org_id=org_id, category=category).values_list("retention", flat=True)
    return rule.first() or default_retention(category)


def rules(org_id: int) -> QuerySet[RetentionRule]:
    return (
        RetentionRule.objects.filter(org_id=org_id).select_related("updated_by__staff").order_by("category")
    )


def categories_in_use(org_id: int) -> list[str]:
    """The item categories the center's archived files and rules name, for the retention page."""
    filed = ArchiveRecord.objects.filter(org_id=org_id).values_list("category", flat=True).distinct()
    named = RetentionRule.objects.filter(org_id=org_id).values_list("category", flat=True)
    return sorted({c for c in [*filed, *named] if c})


# ---------------------------------------------------------------------------------------------- boxes


def boxes(user: Any, today: dt.date) -> QuerySet[Box]:
    """Boxes in the user's scope with their count, date range, retention (the longest of their files) and
    whether a file of theirs is out past its return date; one query."""
    overdue = _overdue_loans(today).filter(record__box=OuterRef("pk"))
    return (
        Box.objects.filter(org_id__in=_scope(user))
        .select_related("org", "window")
        .annotate(
            files=Count("records", distinct=True),
            first_archived=Min("records__archived_at"),
            last_archived=Max("records__archived_at"),
            rank=Max("records__rank"),
            overdue=Exists(overdue),
        )
        .order_by("-year", "window_code", "seq")
    )


def box_years(user: Any) -> list[int]:
    """The years the user's boxes belong to, latest first (the box list's year filter)."""
    years = Box.objects.filter(org_id__in=_scope(user)).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def box_retention(box: Any) -> str:
    """The label of a box's retention: the longest of its files' (DA/T 22: 盒内文件保管期限从长)."""
    rank = getattr(box, "rank", None)
    return str(Retention(RANK_RETENTION[rank]).label) if rank in RANK_RETENTION else ""


def box_for(user: Any, pk: int, today: dt.date) -> Box | None:
    return boxes(user, today).filter(pk=pk).first()


def catalog(box: Box, today: dt.date) -> QuerySet[ArchiveRecord]:
    """卷内目录: the box's files in order, with the case's pages and scans counted; one query."""
    pages = (
        CaseMaterial.objects.filter(case_id=OuterRef("case_id"))
        .order_by()
        .values("case_id")
        .annotate(n=Sum("pages"))
        .values("n")
    )
    scans = (
        Attachment.objects.filter(case_id=OuterRef("case_id"))
        .order_by()
        .values("case_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        ArchiveRecord.objects.filter(box=box)
        .select_related("case__window")
        .annotate(
            pages=Coalesce(Subquery(pages, output_field=IntegerField()), Value(0)),
            scans=Coalesce(Subquery(scans, output_field=IntegerField()), Value(0)),
            overdue=Exists(_overdue_loans(today).filter(record=OuterRef("pk"))),
        )
        .order_by("seq")
    )


def boxes_to_move_to(record: ArchiveRecord) -> QuerySet[Box]:
    """The other open boxes of the record's window and year."""
    return Box.objects.filter(
        org_id=record.org_id,
        year=record.box.year,
        window_code=record.box.window_code,
        closed_at__isnull=True,
    ).exclude(pk=record.box_id)


# ---------------------------------------------------------------------------------------------- records


def records(user: Any, today: dt.date) -> QuerySet[ArchiveRecord]:
    """Files in the user's scope, newest box first, with whether one is out on loan and whether overdue."""
    return (
        ArchiveRecord.objects.filter(org_id__in=_scope(user))
        .select_related("org", "box", "case__window")
        .annotate(
            on_loan=Exists(Loan.objects.filter(record=OuterRef("pk"), state=LoanState.LENT)),
            overdue=Exists(_overdue_loans(today).filter(record=OuterRef("pk"))),
        )
        .order_by("-box__year", "box__window_code", "box__seq", "seq")
    )


def record_for(user: Any, pk: int, today: dt.date) -> ArchiveRecord | None:
    return records(user, today).filter(pk=pk).first()


def record_by_case(user: Any, number: str, today: dt.date) -> ArchiveRecord | None:
    return records(user, today).filter(case__number=number).first()


def record_dossier(record: ArchiveRecord) -> dict[str, Any]:
    """What the record view shows of its case: the ledger, the notices, the scans, the loans."""
    case_id = record.case_id
    return {
        "events": list(CaseEvent.objects.filter(case_id=case_id).order_by("seq")),
        "notices": list(
            Notice.objects.filter(case_id=case_id).defer("html", "pdf").order_by("issued_at", "id")
        ),
        "attachments": list(
            Attachment.objects.filter(case_id=case_id).select_related("material").order_by("id")
        ),
        "materials": list(CaseMaterial.objects.filter(case_id=case_id).order_by("position", "id")),
    }


def expired_records(user: Any, today: dt.date) -> QuerySet[ArchiveRecord]:
    """Files whose retention ended before ``today``, not disposed of and not in a pending proposal: what a
    disposal may list."""
    return (
        records(user, today)
        .filter(expires_on__lt=today, disposed_at__isnull=True)
        .exclude(disposal__state=DisposalState.PROPOSED)
        .order_by("expires_on", "number")
    )


# ---------------------------------------------------------------------------------------------- loans


def loans(user: Any, today: dt.date) -> QuerySet[Loan]:
    """Loans in the user's scope, the open ones first, each flagged ``overdue`` when lent past its date."""
    return (
        Loan.objects.filter(org_id__in=_scope(user))
        .select_related("org", "record__box", "record__case", "decided_by__staff", "lent_by__staff")
        .annotate(overdue=Exists(_overdue_loans(today).filter(pk=OuterRef("pk"))))
        .order_by("-requested_at", "-id")
    )


def loan_for(user: Any, pk: int, today: dt.date) -> Loan | None:
    return loans(user, today).filter(pk=pk).first()


def active_loan(record: ArchiveRecord) -> Loan | None:
    return Loan.objects.filter(record=record, state__in=ACTIVE_LOAN_STATES).first()


def overdue_count(user: Any, today: dt.date) -> int:
    return _overdue_loans(today).filter(org_id__in=_scope(user)).count()


# ---------------------------------------------------------------------------------------------- disposal


def disposals(user: Any) -> QuerySet[Disposal]:
    return (
        Disposal.objects.filter(org_id__in=_scope(user))
        .select_related("org", "proposed_by__staff", "decided_by__staff")
        .order_by("-proposed_at", "-id")
    )


def disposal_for(user: Any, pk: int) -> Disposal | None:
    files = ArchiveRecord.objects.select_related("box", "case").order_by("number")
    return disposals(user).prefetch_related(Prefetch("records", queryset=files)).filter(pk=pk).first()


def pending_disposals(user: Any) -> QuerySet[Disposal]:
    return disposals(user).filter(state=DisposalState.PROPOSED)


def with_active_loans(ids: list[int]) -> set[int]:
    """Of these records, the ones out (or promised out) on loan."""
    return set(
        Loan.objects.filter(record_id__in=ids, state__in=ACTIVE_LOAN_STATES).values_list(
            "record_id", flat=True
        )
    )
