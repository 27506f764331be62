"""Read queries of the collection window (统一收费), shared by the pages, the API, the case step hold, the
reports and e-supervision.

Scope is the org rule of ``orgs.selectors``: a center's staff see their own center's payables and entries,
county roles the county's. Balances are computed in the query from the immutable entries (a payment minus
its voids; refunds and waivers lower what is owed), never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from bianmin.cases.models import Case, Channel
from bianmin.catalog.models import CaseKind, FeeDueAt
from bianmin.fees.models import DayClose, Entry, EntryKind, FeeAttempt, Method, Payable
from bianmin.fees.money import FEN, to_fen
from bianmin.orgs.models import Org
from bianmin.orgs.selectors import staff_of, visible_org_ids

ZERO = Decimal("0.00")
MONEY: Any = DecimalField(max_digits=12, decimal_places=2)


# ---------------------------------------------------------------------------------------------- schedule


@dataclass(frozen=True)
class Schedule:
    """A case's fee schedule as frozen at registration (``case.item_snapshot``)."""

    amount: Decimal
    basis: str
    due_at: str
    waivers: tuple[str, ...]

    @property
    def free(self) -> bool:
        return self.amount <= 0


def split_waivers(text: str) -> tuple[str, ...]:
    for sep in (",", "，", ";", "；", " "):
        text = text.replace(sep, "、")
    return tuple(part.strip() for part in text.split("、") if part.strip())


def item_fee(case: Case) -> Decimal:
    """The fee the item's schedule names, proxy or not."""
    try:
        return Decimal(str((case.item_snapshot or {}).get("fee") or "0")).quantize(FEN)
    except ArithmeticError:
        return ZERO


def schedule(case: Case) -> Schedule:
    """The fee the case's item charges; cases registered before the timing was recorded are charged at
    acceptance. A proxy case is free whatever the item says (003 曾家镇 免费代办), and so is a 上报件 at the
    town: the town forwards it for free and the county center that decides it collects the fee (the case
    it opens comes in by escalation)."""
    snap = case.item_snapshot or {}
    forwarded = case.kind == CaseKind.PROXY and case.channel != Channel.ESCALATION
    return Schedule(
        amount=ZERO if case.proxy or forwarded else item_fee(case),
        basis=str(snap.get("fee_basis") or ""),
        due_at=str(snap.get("fee_due_at") or FeeDueAt.ACCEPTANCE),
        waivers=split_waivers(str(snap.get("fee_waivers") or "")),
    )


def fee_step_reached(case: Case, plan: Schedule) -> bool:
    """Whether the case reached the step its fee is owed at (受理 or 办结)."""
    if plan.due_at == FeeDueAt.CONCLUSION:
        return case.concluded_at is not None
    return case.accepted_at is not None


# ---------------------------------------------------------------------------------------------- balances


def _sum(kind: str, prefix: str = "entries__") -> Coalesce:
    return Coalesce(
        Sum(f"{prefix}amount", filter=Q(**{f"{prefix}kind": kind})), Value(ZERO), output_field=MONEY
    )


def with_balance(rows: QuerySet[Payable]) -> QuerySet[Any]:
    """Payables with ``paid`` (payments), ``voided``, ``refunded``, ``waived`` and ``outstanding`` (what is
    still owed: the amount less what was paid and not voided, less the waivers; a refund is money not owed,
    so it does not reopen the balance)."""
    return rows.annotate(
        paid=_sum(EntryKind.PAYMENT),
        voided=_sum(EntryKind.VOID),
        refunded=_sum(EntryKind.REFUND),
        waived=_sum(EntryKind.WAIVER),
    ).annotate(
        outstanding=ExpressionWrapper(F("amount") - F("paid") + F("voided") - F("waived"), output_field=MONEY)
    )


def balance_of(payable_id: int) -> Any:
    return with_balance(Payable.objects.filter(pk=payable_id)).get()


def owed(case: Case, plan: Schedule, outstanding: Decimal | None) -> Decimal:
    """What the case owes given its payable's ``outstanding`` balance (None when no payable was raised yet):
    that balance, else the schedule's amount once the fee step was reached; nothing on a free case."""
    if plan.free:
        return ZERO
    if outstanding is not None:
        return max(outstanding, ZERO)
    return plan.amount if fee_step_reached(case, plan) else ZERO


def owed_by(case: Case) -> Decimal:
    """What the case still owes today (``owed``). One query at most; none for a free case (it never carries a
    payable: raising one is refused, ``fee_on_free_case``)."""
    plan = schedule(case)
    if plan.free:
        return ZERO
    row = with_balance(Payable.objects.filter(case_id=case.pk)).values("outstanding").first()
    return owed(case, plan, None if row is None else row["outstanding"])


# ---------------------------------------------------------------------------------------------- lists


def payables(user: Any) -> QuerySet[Any]:
    """Payables in the user's scope with their balances, in one query; latest first."""
    return with_balance(
        Payable.objects.filter(org_id__in=sorted(visible_org_ids(user))).select_related("org", "case")
    ).order_by("-raised_at", "-id")


def to_collect(user: Any) -> QuerySet[Any]:
    """The collection window's queue: payables still owing, oldest first."""
    return payables(user).filter(outstanding__gt=0).order_by("raised_at", "id")


def payable_for(user: Any, pk: int) -> Any:
    return payables(user).filter(pk=pk).first()


def entries_of(payable: Payable) -> list[Entry]:
    return list(payable.entries.select_related("of_payment").order_by("at", "id"))


def entries(user: Any) -> QuerySet[Entry]:
    """Ledger rows in the user's scope with what a list row shows, in one query; latest first."""
    return (
        Entry.objects.filter(org_id__in=sorted(visible_org_ids(user)))
        .select_related("org", "payable", "of_payment")
        .order_by("-at", "-id")
    )


def entry_for(user: Any, pk: int) -> Entry | None:
    return entries(user).select_related("payable__case", "window").filter(pk=pk).first()


def is_closed(org_id: int, day: dt.date) -> bool:
    return DayClose.objects.filter(org_id=org_id, day=day).exists()


# ---------------------------------------------------------------------------------------------- the day


@dataclass
class Collector:
    actor_id: int
    name: str
    payments: int = 0
    by_method: dict[str, Decimal] = field(default_factory=dict)
    collected: Decimal = ZERO


@dataclass
class Day:
    """日终对账 of one center and day: expected (payables raised), collected net of refunds and voids per
    method and per collector, and the deposit once the day is closed."""

    org_id: int
    day: dt.date
    expected: Decimal
    by_method: dict[str, Decimal]
    collected: Decimal
    waived: Decimal
    collectors: list[Collector]
    closed: DayClose | None

    @property
    def difference(self) -> Decimal | None:
        return None if self.closed is None else self.closed.deposited - self.collected


SIGN = {EntryKind.PAYMENT: 1, EntryKind.REFUND: -1, EntryKind.VOID: -1}


def reconciliation(org_id: int, day: dt.date) -> Day:
    """Three queries: the payables raised that day, the day's entries grouped, the close."""
    expected = (
        Payable.objects.filter(org_id=org_id, raised_on=day)
        .aggregate(s=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY))["s"]
        .quantize(FEN)
    )
    grouped = (
        Entry.objects.filter(org_id=org_id, day=day)
        .values("kind", "method", "actor_id", "actor_name", "of_payment__method")
        .annotate(s=Sum("amount"), n=Count("id"))
        .order_by("actor_name", "actor_id")
    )
    by_method: dict[str, Decimal] = {m: ZERO for m in Method.values}
    people: dict[int, Collector] = {}
    waived = ZERO
    for row in grouped:
        if row["kind"] == EntryKind.WAIVER:
            waived += row["s"].quantize(FEN)
            continue
        method = row["method"] or row["of_payment__method"] or Method.CASH
        signed = row["s"].quantize(FEN) * SIGN[row["kind"]]
        by_method[method] += signed
        person = people.setdefault(row["actor_id"], Collector(row["actor_id"], row["actor_name"]))
        person.by_method[method] = person.by_method.get(method, ZERO) + signed
        person.collected += signed
        if row["kind"] == EntryKind.PAYMENT:
            person.payments += row["n"]
    closed = DayClose.objects.select_related("closed_by__staff").filter(org_id=org_id, day=day).first()
    return Day(
        org_id=org_id,
        day=day,
        expected=expected,
        by_method=by_method,
        collected=sum(by_method.values(), ZERO),
        waived=waived,
        collectors=list(people.values()),
        closed=closed,
    )


# ---------------------------------------------------------------------------------------------- reports

DIMENSIONS = {"org": "org_id", "window": "payable__case__window_id", "item": "payable__item_code"}


def counts(
    org_ids: Iterable[int], start: dt.date, end: dt.date, by: str | Sequence[str] = ()
) -> dict[tuple[Any, ...], dict[str, int]]:
    """Fees at ``org_ids`` from ``start`` to ``end`` (collection days, both included) grouped ``by`` any of
    ``DIMENSIONS``: {(value, …): {"fees_collected_fen", "fees_refunded_fen", "fees_waived", "payments"}}.
    Amounts are whole fen so they add up exactly; collected is net of voids (a void undoes a payment), refunds
    are counted apart. One query."""
    dims = (by,) if isinstance(by, str) else tuple(by)
    ids = sorted(set(org_ids))
    if start > end or not ids:
        return {}
    named = {f"d_{d}": F(DIMENSIONS[d]) for d in dims}
    rows = (
        Entry.objects.filter(org_id__in=ids, day__gte=start, day__lte=end)
        .annotate(**named)
        .values(*named, "kind")
        .annotate(s=Sum("amount"), n=Count("id"))
        .order_by()
    )
    out: dict[tuple[Any, ...], dict[str, int]] = {}
    for row in rows:
        key = tuple(row[f"d_{d}"] for d in dims)
        figures = out.setdefault(
            key, {"fees_collected_fen": 0, "fees_refunded_fen": 0, "fees_waived": 0, "payments": 0}
        )
        fen = to_fen(row["s"])
        if row["kind"] == EntryKind.PAYMENT:
            figures["fees_collected_fen"] += fen
            figures["payments"] += row["n"]
        elif row["kind"] == EntryKind.VOID:
            figures["fees_collected_fen"] -= fen
            figures["payments"] -= row["n"]
        elif row["kind"] == EntryKind.REFUND:
            figures["fees_refunded_fen"] += fen
        else:
            figures["fees_waived"] += row["n"]
    return out


# ---------------------------------------------------------------------------------------------- supervision


def fee_attempts_since(org_ids: Iterable[int], since: dt.date, today: dt.date) -> list[dict[str, Any]]:
    """Refused fees on free cases (乱收费) from ``since`` to ``today``: case, center, who tried (user id), the
    day and the case's window, first attempts first. One query."""
    rows: Any = (
        FeeAttempt.objects.filter(org_id__in=sorted(set(org_ids)), day__gte=since, day__lte=today)
        .order_by("at", "id")
        .values("case_id", "case_number", "org_id", "actor_id", "day", "case__window_id")
    )
    return list(rows)


def center_for(user: Any, code: str | None) -> Org | None:
    """The center a reconciliation is asked for: by division code among the user's, else the user's own."""
    ids = sorted(visible_org_ids(user))
    if code:
        return Org.objects.filter(pk__in=ids, code=str(code)[:20]).first()
    staff = staff_of(user)
    return staff.org if staff is not None and staff.org_id in ids else None
