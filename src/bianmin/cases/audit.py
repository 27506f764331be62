"""Verifying the audit trail and sealing each day (电子监察: 全程留痕, 不可篡改)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from bianmin.cases.events import payload_of
from bianmin.cases.models import AuditSeal, Case, CaseEvent
from bianmin.lib.hashchain import GENESIS, link_hash, root_hash
from bianmin.orgs.models import Org


@dataclass(frozen=True)
class Break:
    """The first broken link found."""

    case: str
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"{self.case} #{self.seq}: {self.problem}"


def verify_case(case: Case) -> Break | None:
    case.refresh_from_db(fields=["event_count", "last_hash"])
    prev = GENESIS
    expected_seq = 1
    for event in case.events.order_by("seq").iterator():
        if event.seq != expected_seq:
            return Break(case.number, expected_seq, "环节缺失")
        if event.prev_hash != prev:
            return Break(case.number, event.seq, "前序哈希不符")
        if link_hash(prev, payload_of(event, case.number)) != event.hash:
            return Break(case.number, event.seq, "内容被改动")
        prev = event.hash
        expected_seq += 1
    if case.event_count != expected_seq - 1 or (case.event_count and case.last_hash != prev):
        return Break(case.number, expected_seq, "链尾与办件记录不符")
    return None


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def day_root(org: Org, day: dt.date) -> tuple[int, str]:
    start, end = _day_bounds(day)
    hashes = list(
        CaseEvent.objects.filter(org=org, at__gte=start, at__lt=end)
        .order_by("at", "id")
        .values_list("hash", flat=True)
    )
    return len(hashes), root_hash(hashes)


def verify_seal(seal: AuditSeal) -> Break | None:
    count, root = day_root(seal.org, seal.day)
    if (count, root) != (seal.event_count, seal.root_hash):
        return Break(
            f"{seal.org.code} {seal.day}", 0, f"日封存不符（封存 {seal.event_count} 条，现有 {count} 条）"
        )
    return None


def verify_all() -> tuple[int, Break | None]:
    """Recompute every chain and every seal; the first broken link, or None."""
    checked = 0
    for case in Case.objects.order_by("id").iterator():
        checked += 1
        broken = verify_case(case)
        if broken:
            return checked, broken
    for seal in AuditSeal.objects.select_related("org").order_by("day", "org_id"):
        broken = verify_seal(seal)
        if broken:
            return checked, broken
    return checked, None


def seal_day(org: Org, day: dt.date, now: dt.datetime) -> tuple[AuditSeal, bool]:
    """Store the day's root hash once; a second run leaves the first seal as it was."""
    existing = AuditSeal.objects.filter(org=org, day=day).first()
    if existing is not None:
        return existing, False
    count, root = day_root(org, day)
    try:
        with transaction.atomic():
            return AuditSeal.objects.create(
                org=org, day=day, event_count=count, root_hash=root, sealed_at=now
            ), True
    except IntegrityError:
        return AuditSeal.objects.get(org=org, day=day), False
