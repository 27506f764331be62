"""Every change of the collection window (统一收费), one function each; the pages, the API, the
``fees_raise`` command and the demo call these.

- ``harvest`` raises the payables the case ledger requires: an ACCEPT or CONCLUDE ``CaseEvent`` of an item
  whose fee is owed at that step, read after a stored cursor, whatever path wrote it (counter, API, demo).
  It is idempotent (one payable per case) and runs before the collection pages read.
- ``raise_payable`` raises one by hand for a case number; a free item or a proxy case is refused
  (``fee_on_free_case``) and the attempt is recorded for e-supervision (003 曾家镇 免费代办).
- ``pay``, ``waive``, ``refund`` and ``void`` add immutable ``Entry`` rows under a lock of the payable;
  a payment takes the next receipt number of its center and year under a lock of the counter row, so two
  collectors never print the same number and no number is skipped.
- ``close_day`` closes a center's collection day (日终对账): no row can be dated that day any more.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.models import Case, CaseEvent
from bianmin.cases.selectors import in_scope
from bianmin.cases.steps import Step
from bianmin.catalog.models import FeeDueAt
from bianmin.fees import selectors
from bianmin.fees.models import (
    QR_METHODS,
    Cursor,
    DayClose,
    Entry,
    EntryKind,
    FeeAttempt,
    Method,
    Payable,
    PayableSource,
    ReceiptCounter,
)
from bianmin.fees.money import BadAmount, parse_amount, yuan
from bianmin.lib.cursors import advance, lock_cursor, settled_prefix
from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.lib.text import row_id
from bianmin.orgs.models import Org
from bianmin.orgs.scope import check_scope, lock_in_scope
from bianmin.orgs.selectors import staff_of

COLLECT = "fees.collect_fee"
WAIVE = "fees.waive_fee"
VOID_ANY = "fees.void_entry"
CLOSE = "fees.close_day"
CURSOR = "case_events"
TRIGGERS = {Step.ACCEPT: FeeDueAt.ACCEPTANCE, Step.CONCLUDE: FeeDueAt.CONCLUSION}


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def money(value: Any, *, allow_zero: bool = False) -> Decimal:
    """A typed amount: positive, at most two decimals (fen), never a float."""
    try:
        return parse_amount(value, allow_zero=allow_zero)
    except BadAmount:
        raise DomainError("invalid_amount", _("金额须为大于零、最多两位小数的数字（元）")) from None


def _name(actor: Any) -> str:
    staff = staff_of(actor)
    return staff.name if staff is not None else str(actor)


def _open_day(org_id: int, day: dt.date) -> None:
    """A closed day takes no new rows (日终对账已关账)."""
    if selectors.is_closed(org_id, day):
        raise DomainError(
            "day_closed", _("%(day)s 已日终关账，不能再记账") % {"day": day.isoformat()}, kind="conflict"
        )


# ---------------------------------------------------------------------------------------------- payables


def _entry(row: Payable, actor: Any, now: dt.datetime, day: dt.date, **fields: Any) -> Entry:
    """A new row of the payable's ledger, by ``actor`` at the case's window (entries are never edited)."""
    return Entry.objects.create(
        org_id=row.org_id,
        payable=row,
        window_id=row.case.window_id,
        actor=actor,
        actor_name=_name(actor),
        at=now,
        day=day,
        **fields,
    )


def _payable_values(case: Case, plan: selectors.Schedule) -> dict[str, Any]:
    snap = case.item_snapshot or {}
    return {
        "org_id": case.org_id,
        "case_number": case.number,
        "item_code": str(snap.get("code") or getattr(case.item, "code", ""))[:24],
        "item_name": str(snap.get("name") or "")[:200],
        "payer_name": case.applicant_name[:100],
        "basis": plan.basis[:200],
        "waivers": "、".join(plan.waivers)[:200],
        "due_at": plan.due_at,
    }


def harvest(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """One batch: the payables of the ACCEPT/CONCLUDE events after the cursor, and the cursor moved past the
    settled ones. Returns how many settled events were read. The cursor stays before events younger than
    ``FEES_SETTLE_SECONDS`` (an id handed out earlier may still be committing): they are read again next run."""
    now = _now(now)
    settled = now - dt.timedelta(seconds=settings.FEES_SETTLE_SECONDS)
    with transaction.atomic():
        cursor = lock_cursor(Cursor, CURSOR)
        events = list(
            CaseEvent.objects.filter(pk__gt=cursor.position, type__in=list(TRIGGERS))
            .select_related("case__item", "actor")
            .order_by("pk")[:limit]
        )
        # The cursor moves only through the settled prefix (an earlier id may still be committing), but a
        # newer event raises its payable now too, so the applicant walking from the window to the cashier
        # finds it; it is read again next time (a case has one payable: get_or_create).
        ready = settled_prefix(((event.pk, event.at) for event in events), settled)
        for event in events:
            case = event.case
            plan = selectors.schedule(case)
            if plan.free or plan.due_at != TRIGGERS[Step(event.type)]:
                continue
            Payable.objects.get_or_create(
                case=case,
                defaults={
                    **_payable_values(case, plan),
                    "amount": plan.amount,
                    "source": PayableSource.LEDGER,
                    "cause": event,
                    "raised_at": event.at,
                    "raised_on": timezone.localdate(event.at),
                },
            )
        advance(cursor, ready, now)
    return len(ready)


def harvest_all(*, now: dt.datetime | None = None) -> int:
    """Batches until the settled ledger is read; what the pages and the API call before they read."""
    total = 0
    while True:
        read = harvest(now=now)
        total += read
        if read == 0:
            return total


def _record_attempt(case: Case, amount: Decimal, actor: Any, now: dt.datetime) -> None:
    FeeAttempt.objects.create(
        org_id=case.org_id,
        case=case,
        case_number=case.number,
        amount=amount,
        actor=actor,
        at=now,
        day=timezone.localdate(now),
    )


def raise_payable(
    *, actor: Any, case_number: str, amount: Any = None, now: dt.datetime | None = None
) -> Payable:
    """开具应缴款 at the collection window for a case (amount defaults to the item's schedule). A free item or
    a proxy case is refused and the attempt kept as a supervision trigger (乱收费)."""
    now = _now(now)
    require_permission(actor, COLLECT, _("没有收费的权限"))
    number = typed_text(case_number, max_length=50, code="case_not_found", message=_("找不到该办件"))
    case = Case.objects.select_related("item").filter(number=number).first()
    if case is None or not in_scope(case, actor):
        raise DomainError("case_not_found", _("找不到该办件"), kind="not_found")
    plan = selectors.schedule(case)
    given = amount not in (None, "")
    if plan.free:
        try:
            tried = money(amount) if given else selectors.item_fee(case)
        except DomainError:
            tried = selectors.ZERO
        with transaction.atomic():
            _record_attempt(case, tried, actor, now)
        raise DomainError(
            "fee_on_free_case",
            _("代办件和不收费事项不得收取任何费用（已记录，供电子监察）"),
            kind="conflict",
        )
    value = money(amount) if given else plan.amount
    if case.accepted_at is None:
        raise DomainError("case_not_accepted", _("办件尚未受理，不能开具应缴款"), kind="conflict")
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
        if Payable.objects.filter(case=case).exists():
            raise DomainError("payable_exists", _("该办件已开具应缴款"), kind="conflict")
        return Payable.objects.create(
            case=case,
            **_payable_values(case, plan),
            amount=value,
            source=PayableSource.MANUAL,
            raised_at=now,
            raised_on=timezone.localdate(now),
            raised_by=actor,
        )


def _locked(actor: Any, payable: Payable | int) -> Any:
    row = lock_in_scope(Payable.objects.all(), payable, actor, "payable_not_found", _("找不到该应缴款"))
    return selectors.balance_of(row.pk)


def _settled(payable: Any) -> None:
    if payable.outstanding <= 0:
        raise DomainError("payable_settled", _("该应缴款已缴清或已减免"), kind="conflict")


def _next_receipt(org_id: int, year: int) -> tuple[int, str]:
    ReceiptCounter.objects.bulk_create([ReceiptCounter(org_id=org_id, year=year)], ignore_conflicts=True)
    counter = ReceiptCounter.objects.select_for_update().get(org_id=org_id, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    code = Org.objects.values_list("code", flat=True).get(pk=org_id)
    return counter.last, f"{code}-{year}-{counter.last:06d}"


def pay(
    *,
    actor: Any,
    payable: Payable | int,
    method: str,
    amount: Any = None,
    reference: str = "",
    now: dt.datetime | None = None,
) -> Entry:
    """收款: cash, bank card or a QR payment whose transaction reference the payer shows (no gateway is
    called). The amount defaults to what is owed and may not exceed it; the entry gets the center's next
    receipt number of the year (非税收入票据)."""
    now = _now(now)
    require_permission(actor, COLLECT, _("没有收费的权限"))
    if method not in Method.values:
        raise DomainError("invalid_method", _("请选择缴款方式"))
    ref = typed_text(reference, max_length=64)
    if method in QR_METHODS and not ref:
        raise DomainError("reference_required", _("扫码缴款须填写缴款人的交易流水号"))
    day = timezone.localdate(now)
    with transaction.atomic():
        row = _locked(actor, payable)
        _open_day(row.org_id, day)
        _settled(row)
        value = row.outstanding if amount in (None, "") else money(amount)
        if value > row.outstanding:
            raise DomainError(
                "amount_exceeds_balance",
                _("收款金额超过应缴余额 %(owed)s") % {"owed": yuan(row.outstanding)},
            )
        seq, number = _next_receipt(row.org_id, day.year)
        return _entry(
            row,
            actor,
            now,
            day,
            kind=EntryKind.PAYMENT,
            amount=value,
            method=method,
            reference=ref,
            receipt_year=day.year,
            receipt_seq=seq,
            receipt_number=number,
        )


def waive(
    *, actor: Any, payable: Payable | int, category: str, reason: str, now: dt.datetime | None = None
) -> Entry:
    """减免: what is still owed is waived for a payer of a category the item names (低保家庭…), with a
    reason; the director decides (catalog: 减免须经中心主任批准)."""
    now = _now(now)
    require_permission(actor, WAIVE, _("没有批准减免的权限"))
    why = typed_text(reason, max_length=200, code="reason_required", message=_("请填写理由"))
    kind = typed_text(category, max_length=40)
    day = timezone.localdate(now)
    with transaction.atomic():
        row = _locked(actor, payable)
        allowed = selectors.split_waivers(row.waivers)
        if kind not in allowed:
            raise DomainError(
                "waiver_not_allowed",
                _("该事项的减免对象为：%(who)s") % {"who": "、".join(allowed) or _("无")},
            )
        _open_day(row.org_id, day)
        _settled(row)
        return _entry(
            row,
            actor,
            now,
            day,
            kind=EntryKind.WAIVER,
            amount=row.outstanding,
            reason=why,
            waiver_category=kind,
        )


def _payment(actor: Any, payable_id: int, payment: Entry | int | str | None) -> Entry:
    rows = Entry.objects.select_for_update().filter(payable_id=payable_id, kind=EntryKind.PAYMENT)
    if payment is None:
        found = rows.order_by("-at", "-id").first()
    else:
        pk = payment.pk if isinstance(payment, Entry) else row_id(payment)
        found = rows.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise DomainError("payment_not_found", _("找不到该笔收款"), kind="not_found")
    return found


def _corrections(payment: Entry) -> dict[str, Decimal]:
    sums = payment.corrections.values("kind").annotate(s=Sum("amount")).order_by()
    return {row["kind"]: row["s"] for row in sums}


def refund(
    *,
    actor: Any,
    payable: Payable | int,
    amount: Any,
    reason: str,
    payment: Entry | int | str | None = None,
    now: dt.datetime | None = None,
) -> Entry:
    """退款: part or all of a payment given back, with a reason; never more than was paid. Dated today, also
    when the payment's day is closed."""
    now = _now(now)
    require_permission(actor, COLLECT, _("没有收费的权限"))
    why = typed_text(reason, max_length=200, code="reason_required", message=_("请填写理由"))
    value = money(amount)
    day = timezone.localdate(now)
    with transaction.atomic():
        row = _locked(actor, payable)
        _open_day(row.org_id, day)
        paid = _payment(actor, row.pk, payment)
        done = _corrections(paid)
        if EntryKind.VOID in done:
            raise DomainError("payment_voided", _("该笔收款已作废"), kind="conflict")
        left = paid.amount - done.get(EntryKind.REFUND, Decimal("0"))
        if value > left:
            raise DomainError(
                "refund_exceeds_paid", _("退款不能超过该笔已收金额 %(left)s") % {"left": yuan(left)}
            )
        return _entry(
            row,
            actor,
            now,
            day,
            kind=EntryKind.REFUND,
            amount=value,
            method=paid.method,
            of_payment=paid,
            reason=why,
        )


def void(
    *,
    actor: Any,
    payable: Payable | int,
    payment: Entry | int | str,
    reason: str,
    now: dt.datetime | None = None,
) -> Entry:
    """作废: a payment recorded by mistake is undone by a new row, on its own day before the day is closed,
    by the collector who took it or a leader; the balance is owed again."""
    now = _now(now)
    require_permission(actor, COLLECT, _("没有收费的权限"))
    why = typed_text(reason, max_length=200, code="reason_required", message=_("请填写理由"))
    day = timezone.localdate(now)
    with transaction.atomic():
        row = _locked(actor, payable)
        _open_day(row.org_id, day)
        paid = _payment(actor, row.pk, payment)
        if paid.actor_id != actor.pk and not actor.has_perm(VOID_ANY):
            raise DomainError("permission_denied", _("只能作废本人经收的款项"), kind="forbidden")
        if paid.day != day:
            raise DomainError(
                "void_not_same_day", _("只能作废当日的收款；以往的收款请办理退款"), kind="conflict"
            )
        done = _corrections(paid)
        if EntryKind.VOID in done:
            raise DomainError("payment_voided", _("该笔收款已作废"), kind="conflict")
        if EntryKind.REFUND in done:
            raise DomainError("payment_refunded", _("该笔收款已有退款，不能作废"), kind="conflict")
        return _entry(
            row,
            actor,
            now,
            day,
            kind=EntryKind.VOID,
            amount=paid.amount,
            method=paid.method,
            of_payment=paid,
            reason=why,
        )


# ---------------------------------------------------------------------------------------------- the day


def close_day(
    *,
    actor: Any,
    org: Org | int,
    day: dt.date,
    deposited: Any,
    slip_number: str = "",
    explanation: str = "",
    now: dt.datetime | None = None,
) -> DayClose:
    """日终关账: the day's takings were deposited to the non-tax account (slip number); a deposit that differs
    from what was collected needs an explanation. Once closed, the day takes no new rows (所收款项直接进入
    乡镇财政非税专户, 000 篇8 ⑥)."""
    now = _now(now)
    require_permission(actor, CLOSE, _("没有日终关账的权限"))
    org_id = org.pk if isinstance(org, Org) else int(org)
    check_scope(actor, org_id, "center_not_found", _("找不到该中心"))
    if day > timezone.localdate(now):
        raise DomainError("day_not_over", _("不能关账尚未到来的日期"))
    amount = money(deposited, allow_zero=True)
    slip = typed_text(slip_number, max_length=64)
    why = typed_text(explanation, max_length=200)
    if amount > 0 and not slip:
        raise DomainError("slip_required", _("请填写解缴凭证号（银行缴款单号）"))
    with transaction.atomic():
        Org.objects.select_for_update().filter(pk=org_id).values_list("pk").first()
        if DayClose.objects.filter(org_id=org_id, day=day).exists():
            raise DomainError(
                "day_closed", _("%(day)s 已日终关账，不能再记账") % {"day": day.isoformat()}, kind="conflict"
            )
        figures = selectors.reconciliation(org_id, day)
        if amount != figures.collected and not why:
            raise DomainError(
                "difference_unexplained",
                _("解缴金额 %(deposited)s 与实收 %(collected)s 不符，请说明差额")
                % {"deposited": yuan(amount), "collected": yuan(figures.collected)},
            )
        return DayClose.objects.create(
            org_id=org_id,
            day=day,
            expected=figures.expected,
            collected=figures.collected,
            deposited=amount,
            slip_number=slip,
            explanation=why,
            closed_by=actor,
            closed_at=now,
        )
