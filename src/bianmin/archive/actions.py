"""Every change of the archive, one function each; the pages, the API and the commands call these.

Each action checks the actor's right and scope, locks the rows it changes (``select_for_update``) and
refuses with a ``DomainError`` carrying a stable code. A case is never changed here: the archive learns
which cases were archived (归档, ``Step.ARCHIVE``) from the case ledger, with a stored cursor
(``file_archived``), whichever path archived them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.archive import selectors
from bianmin.archive.models import (
    RETENTION_RANK,
    RETENTION_YEARS,
    ArchiveRecord,
    Box,
    Cursor,
    Disposal,
    DisposalState,
    Loan,
    LoanState,
    Retention,
    RetentionRule,
)
from bianmin.cases.models import Case, CaseEvent
from bianmin.cases.steps import Step
from bianmin.lib.cursors import advance, lock_cursor, settled_prefix
from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.orgs.scope import lock_in_scope
from bianmin.orgs.selectors import staff_of

CURSOR = "case_archive"
NO_WINDOW = "ZH"  # 综合: a case archived without a window is filed with the center's general files


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _staff(actor: Any) -> Any:
    staff = staff_of(actor)
    if staff is None:
        raise DomainError("not_center_staff", _("只有中心的工作人员可以办理档案事务"), kind="forbidden")
    return staff


# ---------------------------------------------------------------------------------------------- filing


def expiry(year: int, retention: str) -> dt.date | None:
    """保管期满日: the period counts from 1 January after the year of archiving (DA/T 22 computes retention
    from the year after the files were formed), so a 10-year file of 2026 may go after 2036-12-31."""
    years = RETENTION_YEARS[retention]
    return None if years is None else dt.date(year + years, 12, 31)


def _open_box(org_id: int, window_id: int | None, window_code: str, year: int, now: dt.datetime) -> Box:
    """The open box of the window and year, locked, with room for one more file; a full one is closed and the
    next box opened (``ARCHIVE_BOX_CAPACITY``)."""
    rows = Box.objects.select_for_update().filter(org_id=org_id, year=year, window_code=window_code)
    box = rows.filter(closed_at__isnull=True).first()
    if box is not None and box.records.count() < box.capacity:
        return box
    if box is not None:
        box.closed_at = now
        box.save(update_fields=["closed_at"])
    seq = (rows.aggregate(m=Max("seq"))["m"] or 0) + 1
    return Box.objects.create(
        org_id=org_id,
        window_id=window_id,
        window_code=window_code,
        year=year,
        seq=seq,
        label=f"{year}-{window_code}-{seq:03d}",
        capacity=settings.ARCHIVE_BOX_CAPACITY,
        opened_at=now,
    )


def _next_seq(box: Box) -> int:
    return (box.records.aggregate(m=Max("seq"))["m"] or 0) + 1


def file_case(case: Case, now: dt.datetime) -> ArchiveRecord:
    """One archived case into the open box of (its year of archiving, its window), inside the caller's
    transaction. Its retention is its item category's at the center (``selectors.retention_for``)."""
    archived_at = case.archived_at or now
    year = timezone.localdate(archived_at).year
    window_code = case.window.code if case.window_id and case.window else NO_WINDOW
    box = _open_box(case.org_id, case.window_id, window_code, year, now)
    category = str((case.item_snapshot or {}).get("category") or "")
    retention = selectors.retention_for(case.org_id, category)
    seq = _next_seq(box)
    return ArchiveRecord.objects.create(
        case=case,
        org_id=case.org_id,
        box=box,
        seq=seq,
        number=f"{box.label}-{seq:03d}",
        category=category,
        retention=retention,
        rank=RETENTION_RANK[retention],
        expires_on=expiry(year, retention),
        archived_at=archived_at,
        filed_at=now,
    )


def file_archived(*, now: dt.datetime | None = None) -> int:
    """立卷: every archived case not yet filed goes into a box; returns how many were filed. Idempotent.

    Reads the 归档 events after the stored cursor. The cursor moves only past events that have settled
    (``ARCHIVE_SETTLE_SECONDS``): ids are handed out before commit, so a later id may commit first, and a
    cursor that jumped over a transaction still open would never come back for its case. Newer events are
    filed too (a case is filed once: its record is unique), just read again next time."""
    now = _now(now)
    settled = now - dt.timedelta(seconds=settings.ARCHIVE_SETTLE_SECONDS)
    with transaction.atomic():
        cursor = lock_cursor(Cursor, CURSOR)
        events = list(
            CaseEvent.objects.filter(pk__gt=cursor.position, type=Step.ARCHIVE)
            .order_by("pk")
            .values_list("pk", "case_id", "at")
        )
        if not events:
            return 0
        filed = set(
            ArchiveRecord.objects.filter(case_id__in=[c for _pk, c, _at in events]).values_list(
                "case_id", flat=True
            )
        )
        wanted = [c for _pk, c, _at in events if c not in filed]
        cases = Case.objects.select_related("window").in_bulk(wanted)
        for case_id in wanted:
            if case_id in cases and case_id not in filed:
                file_case(cases[case_id], now)
                filed.add(case_id)
        advance(cursor, settled_prefix(((pk, at) for pk, _case, at in events), settled), now)
    return len(wanted)


def _lock_box(box: Box | int, actor: Any) -> Box:
    return lock_in_scope(Box.objects, box, actor, "box_not_found", _("找不到该档案盒"))


def _lock_record(record: ArchiveRecord | int, actor: Any) -> ArchiveRecord:
    return lock_in_scope(ArchiveRecord.objects, record, actor, "record_not_found", _("找不到该归档文件"))


@transaction.atomic
def close_box(box: Box | int, *, actor: Any, now: dt.datetime | None = None) -> Box:
    """封盒: an archivist closes a box before it is full; the next file of its window and year opens a new one."""
    require_permission(actor, "archive.file_records", _("您没有整理档案的权限"))
    locked = _lock_box(box, actor)
    if locked.closed_at is not None:
        raise DomainError("box_closed", _("该档案盒已封盒"), kind="conflict")
    if not locked.records.exists():
        raise DomainError("box_empty", _("空档案盒不能封盒"))
    locked.closed_at, locked.closed_by = _now(now), actor
    locked.save(update_fields=["closed_at", "closed_by"])
    return locked


@transaction.atomic
def move_record(record: ArchiveRecord | int, *, to: Box | int, actor: Any) -> ArchiveRecord:
    """调整盒号: a file moves to another open box of the same window and year, and takes the next number there."""
    require_permission(actor, "archive.file_records", _("您没有整理档案的权限"))
    locked = _lock_record(record, actor)
    target = _lock_box(to, actor)
    source = Box.objects.get(pk=locked.box_id)
    if locked.disposed_at is not None:
        raise DomainError("record_disposed", _("该文件已销毁"), kind="conflict")
    if target.pk == source.pk:
        raise DomainError("same_box", _("文件已在该档案盒中"))
    if (target.org_id, target.year, target.window_code) != (source.org_id, source.year, source.window_code):
        raise DomainError("box_mismatch", _("只能移到同一窗口、同一年度的档案盒"))
    if target.closed_at is not None:
        raise DomainError("box_closed", _("该档案盒已封盒"), kind="conflict")
    if target.records.count() >= target.capacity:
        raise DomainError("box_full", _("该档案盒已满"), kind="conflict")
    seq = _next_seq(target)
    locked.box, locked.seq, locked.number = target, seq, f"{target.label}-{seq:03d}"
    locked.save(update_fields=["box", "seq", "number"])
    return locked


@transaction.atomic
def set_retention(
    *, actor: Any, category: Any, retention: Any, now: dt.datetime | None = None
) -> RetentionRule:
    """保管期限表: the director sets the period of an item category at their center. Files already in boxes
    keep the period they were filed with; the rule applies to the files filed from now on."""
    require_permission(actor, "archive.manage_retention", _("只有中心主任可以设置保管期限"))
    staff = _staff(actor)
    name = typed_text(category, max_length=40, code="category_required", message=_("请填写事项类别"))
    if retention not in Retention.values:
        raise DomainError("invalid_retention", _("保管期限应为 10年、30年 或 永久"))
    rule, _created = RetentionRule.objects.update_or_create(
        org_id=staff.org_id,
        category=name,
        defaults={"retention": retention, "updated_at": _now(now), "updated_by": actor},
    )
    return rule


# ---------------------------------------------------------------------------------------------- loans


def _lock_loan(loan: Loan | int, actor: Any) -> Loan:
    return lock_in_scope(Loan.objects, loan, actor, "loan_not_found", _("找不到该借阅登记"))


def _own_center(actor: Any, org_id: int, code: str, message: Any) -> None:
    """Loans are the center's own business: county roles read them but do not borrow or lend."""
    staff = _staff(actor)
    if staff.org_id != org_id:
        raise DomainError(code, message, kind="forbidden")


def request_loan(
    record: ArchiveRecord | int,
    *,
    actor: Any,
    purpose: Any,
    expected_return: dt.date,
    now: dt.datetime | None = None,
) -> Loan:
    """借阅申请: who borrows the file, why, and until when. A file has one loan open at a time (requested,
    approved or lent): a second request waits until it is back; a file listed for disposal awaiting the
    director is not lent (it may go before it is back)."""
    now = _now(now)
    require_permission(actor, "archive.request_loan", _("您没有借阅档案的权限"))
    why = typed_text(purpose, max_length=200, code="purpose_required", message=_("请写明借阅目的"))
    with transaction.atomic():
        locked = _lock_record(record, actor)
        _own_center(actor, locked.org_id, "not_own_center", _("只有本中心的工作人员可以借阅本中心的档案"))
        if locked.disposed_at is not None:
            raise DomainError("record_disposed", _("该文件已销毁"), kind="conflict")
        if (
            locked.disposal_id
            and Disposal.objects.filter(pk=locked.disposal_id, state=DisposalState.PROPOSED).exists()
        ):
            raise DomainError("disposal_pending", _("该文件在待审批的销毁申请中，不能借阅"), kind="conflict")
        if not isinstance(expected_return, dt.date) or expected_return < timezone.localdate(now):
            raise DomainError("invalid_return_date", _("应还日期不能早于今天"))
        if Loan.objects.filter(record=locked, state__in=selectors.ACTIVE_LOAN_STATES).exists():
            raise DomainError("already_on_loan", _("该文件已有借阅在办，归还后才能再借"), kind="conflict")
        try:
            with transaction.atomic():
                return Loan.objects.create(
                    record=locked,
                    org_id=locked.org_id,
                    borrower=actor,
                    borrower_name=_staff(actor).name,
                    purpose=why,
                    expected_return=expected_return,
                    requested_at=now,
                )
        except IntegrityError as exc:  # another request won the race (SQLite has no row lock)
            raise DomainError(
                "already_on_loan", _("该文件已有借阅在办，归还后才能再借"), kind="conflict"
            ) from exc


def _step(loan: Loan, state: str) -> None:
    if not loan.can_become(state):
        raise DomainError(
            "loan_state",
            _("该借阅当前为“%(state)s”，不能办理此操作") % {"state": loan.get_state_display()},
            kind="conflict",
        )


@transaction.atomic
def decide_loan(
    loan: Loan | int, *, actor: Any, approve: bool, note: Any = "", now: dt.datetime | None = None
) -> Loan:
    """借阅审批: the director approves or refuses; never their own request."""
    require_permission(actor, "archive.approve_loan", _("只有中心主任可以审批借阅"))
    locked = _lock_loan(loan, actor)
    _own_center(actor, locked.org_id, "not_own_center", _("只能审批本中心的借阅"))
    _step(locked, LoanState.APPROVED)
    if locked.borrower_id == actor.pk:
        raise DomainError("own_loan", _("不能审批自己的借阅申请"), kind="forbidden")
    text = typed_text(note, max_length=200)
    if not approve and not text:
        raise DomainError("reason_required", _("不批准时请写明理由"))
    locked.state = LoanState.APPROVED if approve else LoanState.REFUSED
    locked.decided_by, locked.decided_at, locked.decision_note = actor, _now(now), text
    locked.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    return locked


@transaction.atomic
def lend(loan: Loan | int, *, actor: Any, now: dt.datetime | None = None) -> Loan:
    """借出: the approved file is handed to the borrower; the date is recorded."""
    require_permission(actor, "archive.lend_loan", _("您没有登记借出的权限"))
    locked = _lock_loan(loan, actor)
    _own_center(actor, locked.org_id, "not_own_center", _("只能登记本中心的借阅"))
    _step(locked, LoanState.LENT)
    locked.state, locked.lent_at, locked.lent_by = LoanState.LENT, _now(now), actor
    locked.save(update_fields=["state", "lent_at", "lent_by"])
    return locked


@transaction.atomic
def return_loan(loan: Loan | int, *, actor: Any, condition: Any, now: dt.datetime | None = None) -> Loan:
    """归还: the file is back; when, who received it and in what condition (完好, 缺页 …)."""
    require_permission(actor, "archive.lend_loan", _("您没有登记归还的权限"))
    locked = _lock_loan(loan, actor)
    _own_center(actor, locked.org_id, "not_own_center", _("只能登记本中心的借阅"))
    _step(locked, LoanState.RETURNED)
    text = typed_text(
        condition, max_length=200, code="condition_required", message=_("请登记归还时文件的状况")
    )
    locked.state, locked.returned_at, locked.received_by, locked.condition = (
        LoanState.RETURNED,
        _now(now),
        actor,
        text,
    )
    locked.save(update_fields=["state", "returned_at", "received_by", "condition"])
    return locked


# ---------------------------------------------------------------------------------------------- disposal


@transaction.atomic
def propose_disposal(
    *, actor: Any, records: Iterable[ArchiveRecord | int], reason: Any, now: dt.datetime | None = None
) -> Disposal:
    """销毁申请: files whose retention has ended, listed for the director's approval. A file not yet expired,
    out on loan, already disposed of or in another pending proposal cannot be listed."""
    now = _now(now)
    require_permission(actor, "archive.propose_disposal", _("您没有提出档案销毁的权限"))
    staff = _staff(actor)
    why = typed_text(reason, max_length=200, code="reason_required", message=_("请写明销毁理由"))
    ids = sorted({r.pk if isinstance(r, ArchiveRecord) else int(r) for r in records})
    if not ids:
        raise DomainError("nothing_to_dispose", _("请选择要销毁的文件"))
    today = timezone.localdate(now)
    locked = list(
        ArchiveRecord.objects.select_for_update().filter(pk__in=ids, org_id=staff.org_id).order_by("pk")
    )
    if len(locked) != len(ids):
        raise DomainError("record_not_found", _("找不到该归档文件"), kind="not_found")
    pending = {
        r.pk
        for r in locked
        if r.disposal_id and Disposal.objects.filter(pk=r.disposal_id, state=DisposalState.PROPOSED).exists()
    }
    out = selectors.with_active_loans(ids)
    for r in locked:
        if r.disposed_at is not None:
            raise DomainError(
                "record_disposed", _("%(number)s 已销毁") % {"number": r.number}, kind="conflict"
            )
        if r.expires_on is None or r.expires_on >= today:
            raise DomainError(
                "not_expired", _("%(number)s 的保管期限尚未届满，不能销毁") % {"number": r.number}
            )
        if r.pk in out:
            raise DomainError(
                "on_loan", _("%(number)s 正在借阅中，归还后才能销毁") % {"number": r.number}, kind="conflict"
            )
        if r.pk in pending:
            raise DomainError(
                "already_proposed",
                _("%(number)s 已在待审批的销毁申请中") % {"number": r.number},
                kind="conflict",
            )
    disposal = Disposal.objects.create(
        org_id=staff.org_id,
        reason=why,
        numbers=[r.number for r in sorted(locked, key=lambda r: r.number)],
        proposed_by=actor,
        proposed_at=now,
    )
    ArchiveRecord.objects.filter(pk__in=ids).update(disposal=disposal)
    return disposal


@transaction.atomic
def decide_disposal(
    disposal: Disposal | int, *, actor: Any, approve: bool, note: Any = "", now: dt.datetime | None = None
) -> Disposal:
    """销毁审批: the director, not the proposer, approves (the files are marked disposed, never deleted) or
    refuses (the files stay, and may be proposed again). Either way the proposal stays on record."""
    now = _now(now)
    require_permission(actor, "archive.approve_disposal", _("只有中心主任可以审批档案销毁"))
    locked = lock_in_scope(Disposal.objects, disposal, actor, "disposal_not_found", _("找不到该销毁申请"))
    _own_center(actor, locked.org_id, "not_own_center", _("只能审批本中心的销毁申请"))
    if locked.state != DisposalState.PROPOSED:
        raise DomainError("disposal_decided", _("该销毁申请已审批"), kind="conflict")
    if locked.proposed_by_id == actor.pk:
        raise DomainError("own_disposal", _("销毁申请须由提出人以外的主任审批"), kind="forbidden")
    text = typed_text(note, max_length=200)
    if not approve and not text:
        raise DomainError("reason_required", _("不批准时请写明理由"))
    files = ArchiveRecord.objects.select_for_update().filter(disposal=locked)
    ids = [r.pk for r in files]
    if approve and selectors.with_active_loans(ids):
        raise DomainError("on_loan", _("清单中有文件正在借阅中，归还后才能销毁"), kind="conflict")
    locked.state = DisposalState.APPROVED if approve else DisposalState.REFUSED
    locked.decided_by, locked.decided_at, locked.decision_note = actor, now, text
    locked.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    if approve:
        ArchiveRecord.objects.filter(pk__in=ids).update(disposed_at=now)
    return locked
