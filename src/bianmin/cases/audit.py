"""Verifying the ledger and sealing each day (电子监察: 全程留痕, 不可篡改).

Four things must agree, and each can be edited in the database by someone who bypasses the actions:

- each case's events form an unbroken hash chain (``events.py``);
- each case row says what its chain says (state, due date, result, handler, chain tail);
- each notice (文书) is still the HTML that was printed, and its numbers run without a gap;
- each daily seal (日封存) still matches its day, still finds the chain tails it recorded, and carries a
  signature made with a key kept outside the database, so a day re-hashed end to end is still caught.

``audit_ledger`` checks all of them and returns every problem, each with a stable kind code (for scripts
and tests) and a plain message (for people). ``seal_day`` writes a day's seal once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _

from bianmin.cases.events import payload_of
from bianmin.cases.models import AuditSeal, Case, CaseEvent, Counter, Notice, NoticeType
from bianmin.cases.steps import Step
from bianmin.lib import sealing
from bianmin.lib.hashchain import GENESIS, link_hash, root_hash
from bianmin.orgs.models import Org

BATCH = 500
# The steps that set a case's due date and write the new one into their event's data.
DUE_DATE_STEPS = frozenset(
    {Step.ACCEPT, Step.EXTEND, Step.APPROVE_EXTENSION, Step.RESUME, Step.RECOMPUTE_DUE}
)
# Enough missing numbers to act on; the rest are counted, not listed.
GAP_LIST_MAX = 20


class ProblemKind(StrEnum):
    """What went wrong, as a stable code scripts and tests can rely on."""

    CHAIN_BROKEN = "chain_broken"  # an event was edited, removed from the middle or relinked
    CHAIN_TRUNCATED = "chain_truncated"  # events were removed from the end of a chain after sealing
    CHAIN_REWRITTEN = "chain_rewritten"  # a sealed chain tail now has another hash
    CASE_ROW_MISMATCH = "case_row_mismatch"  # a case field disagrees with its chain
    NOTICE_HTML_CHANGED = "notice_html_changed"
    NOTICE_NUMBER_GAP = "notice_number_gap"
    SEAL_MISMATCH = "seal_mismatch"  # the day's events no longer give the sealed count and root
    SEAL_UNSIGNED = "seal_unsigned"
    SEAL_KEY_UNKNOWN = "seal_key_unknown"
    SEAL_SIGNATURE_INVALID = "seal_signature_invalid"


@dataclass(frozen=True)
class Problem:
    """One finding: its kind, what it is about (a case, a notice, a seal) and what is wrong."""

    kind: ProblemKind
    subject: str
    message: str
    seq: int = 0
    field: str = ""

    @property
    def code(self) -> str:
        return f"{self.kind}:{self.field}" if self.field else str(self.kind)

    def __str__(self) -> str:
        where = f"{self.subject} #{self.seq}" if self.seq else self.subject
        return f"[{self.code}] {where}：{self.message}"


@dataclass
class Report:
    """What ``audit_ledger`` looked at and every problem it found."""

    cases: int = 0
    events: int = 0
    notices: int = 0
    seals: int = 0
    problems: list[Problem] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def kinds(self) -> set[str]:
        return {p.kind.value for p in self.problems}

    def of_kind(self, kind: ProblemKind) -> list[Problem]:
        return [p for p in self.problems if p.kind == kind]


# ------------------------------------------------------------------------------------------ the key


def seal_key() -> bytes:
    """The key that signs seals: ``BIANMIN_SEAL_KEY``, else the key file under the var directory."""
    return sealing.load_key(settings.SEAL_KEY, settings.SEAL_KEY_FILE)


def _message(seal: AuditSeal, org_code: str) -> bytes:
    return sealing.seal_message(
        org_code=org_code,
        day=seal.day.isoformat(),
        event_count=seal.event_count,
        root_hash=seal.root_hash,
        tails=seal.tails,
    )


# --------------------------------------------------------------------------------------- the chains


def _check_chain(number: str, events: list[CaseEvent]) -> Iterator[Problem]:
    """Every link on its own: a change to one event is reported once, not again for each event after it."""
    prev = GENESIS
    expected = 1
    for event in events:
        if event.seq != expected:
            if event.seq == expected + 1:
                missing = _("第 %(seq)d 个环节缺失") % {"seq": expected}
            else:
                missing = _("第 %(first)d 至 %(last)d 个环节缺失") % {
                    "first": expected,
                    "last": event.seq - 1,
                }
            yield Problem(ProblemKind.CHAIN_BROKEN, number, missing, seq=expected)
        elif event.prev_hash != prev:
            yield Problem(ProblemKind.CHAIN_BROKEN, number, _("前序哈希不符"), seq=event.seq)
        if link_hash(event.prev_hash, payload_of(event, number)) != event.hash:
            yield Problem(ProblemKind.CHAIN_BROKEN, number, _("内容被改动"), seq=event.seq)
        prev = event.hash
        expected = event.seq + 1


def _told_by_chain(events: list[CaseEvent]) -> dict[str, Any]:
    """What the case row must say, read from its events alone."""
    state = ""
    due = ""
    result = ""
    assigned: str | None = None
    concluder: Any = None
    for event in events:
        if event.to_state:
            state = event.to_state
        if event.type in DUE_DATE_STEPS and "due_date" in event.data:
            value = event.data["due_date"]
            due = "" if value in (None, "", "None") else str(value)
        if event.type == Step.ASSIGN:
            assigned = str(event.data.get("handler", ""))
        elif event.type == Step.CONCLUDE:
            result = str(event.data.get("result", ""))
            concluder = event.actor
        elif event.type == Step.UPSTREAM_SETTLED:  # the county's result, taken over by the town's case
            result = str(event.data.get("result", ""))
    return {"state": state, "due_date": due, "result": result, "assigned": assigned, "concluder": concluder}


def _field_label(name: str) -> str:
    if name == "event_count":
        return _("留痕环节数")
    if name == "last_hash":
        return _("链尾哈希")
    return str(Case._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


def _row_mismatch(case: Case, name: str, actual: str, expected: str) -> Problem:
    label = _field_label(name)
    return Problem(
        ProblemKind.CASE_ROW_MISMATCH,
        case.number,
        _("%(field)s与留痕不符：办件记录为“%(actual)s”，留痕为“%(expected)s”")
        % {"field": label, "actual": actual or "—", "expected": expected or "—"},
        field=name,
    )


def _check_row(case: Case, events: list[CaseEvent]) -> Iterator[Problem]:
    """The case row is a summary of its chain; a field edited behind the actions' back disagrees with it."""
    if not events:
        yield Problem(ProblemKind.CHAIN_TRUNCATED, case.number, _("办件没有任何留痕环节"))
        return
    told = _told_by_chain(events)
    if case.state != told["state"]:
        yield _row_mismatch(case, "state", case.state, told["state"])
    due = case.due_date.isoformat() if case.due_date else ""
    if due != told["due_date"]:
        yield _row_mismatch(case, "due_date", due, told["due_date"])
    if case.result != told["result"]:
        yield _row_mismatch(case, "result", case.result, told["result"])
    handler = case.handler.get_username() if case.handler is not None else ""
    # conclude makes its actor the handler when nobody was assigned (即办件, 即收即办).
    if told["assigned"] is not None:
        handler_ok, expected_handler = handler == told["assigned"], told["assigned"]
    elif told["concluder"] is not None:
        handler_ok = case.handler_id == told["concluder"].pk
        expected_handler = told["concluder"].get_username()
    else:
        handler_ok, expected_handler = case.handler_id is None, ""
    if not handler_ok:
        yield _row_mismatch(case, "handler", handler, expected_handler)
    tail = events[-1]
    if case.event_count != tail.seq:
        yield _row_mismatch(case, "event_count", str(case.event_count), str(tail.seq))
    if case.last_hash != tail.hash:
        yield _row_mismatch(case, "last_hash", case.last_hash, tail.hash)


def _events() -> Any:
    return CaseEvent.objects.select_related("actor").order_by("seq")


def verify_case(case: Case) -> list[Problem]:
    """Every problem of one case: its chain, and its row against its chain."""
    case = Case.objects.select_related("handler").get(pk=case.pk)
    events = list(_events().filter(case=case))
    return [*_check_chain(case.number, events), *_check_row(case, events)]


def _check_cases(report: Report) -> None:
    """All cases, a batch at a time: one query for the cases and one for their events per batch."""
    cases = (
        Case.objects.select_related("handler")
        .only(
            "number",
            "state",
            "due_date",
            "result",
            "event_count",
            "last_hash",
            "handler__username",
        )
        .prefetch_related(Prefetch("events", queryset=_events()))
        .order_by("id")
    )
    for case in cases.iterator(chunk_size=BATCH):
        events = list(case.events.all())
        report.cases += 1
        report.events += len(events)
        report.problems.extend(_check_chain(case.number, events))
        report.problems.extend(_check_row(case, events))


# ---------------------------------------------------------------------------------------- notices


def _check_notices(report: Report) -> None:
    """文书: the stored HTML is what was printed, and each year's numbers per type run 1..n."""
    rows = Notice.objects.order_by("id").values_list("number", "html", "sha256")
    for number, html, stored in rows.iterator(chunk_size=BATCH):
        report.notices += 1
        if hashlib.sha256(html.encode()).hexdigest() != stored:
            report.problems.append(
                Problem(ProblemKind.NOTICE_HTML_CHANGED, number, _("文书内容与出具时的哈希不符"))
            )
    # The counter remembers the last number issued, so a notice removed from the end shows too.
    issued = dict(Counter.objects.filter(key__startswith="notice:").values_list("key", "value"))
    groups = (
        Notice.objects.values("org_id", "org__code", "type", "year")
        .annotate(count=Count("id"), top=Max("seq"))
        .order_by("org__code", "type", "year")
    )
    for group in groups:
        key = f"notice:{group['org__code']}:{group['type']}:{group['year']}"
        top = max(group["top"], issued.pop(key, 0))
        if group["count"] == top:
            continue  # numbers are unique per (org, type, year), so n numbers up to n are 1..n
        present = set(
            Notice.objects.filter(org_id=group["org_id"], type=group["type"], year=group["year"]).values_list(
                "seq", flat=True
            )
        )
        missing = [n for n in range(1, top + 1) if n not in present]
        _report_gap(report, group["org__code"], group["type"], group["year"], missing)
    for key, value in issued.items():  # every notice of a numbered series is gone
        parts = key.split(":")
        if len(parts) == 4 and value > 0:
            _report_gap(report, parts[1], parts[2], int(parts[3]), list(range(1, value + 1)))


def _notice_label(notice_type: str) -> str:
    try:
        return str(NoticeType(notice_type).label)
    except ValueError:
        return notice_type


def _report_gap(report: Report, org_code: str, notice_type: str, year: int, missing: list[int]) -> None:
    shown = "、".join(str(n) for n in missing[:GAP_LIST_MAX])
    if len(missing) > GAP_LIST_MAX:
        shown += " …"
    report.problems.append(
        Problem(
            ProblemKind.NOTICE_NUMBER_GAP,
            f"{org_code} {_notice_label(notice_type)} {year}",
            _("文书编号不连续，缺少第 %(numbers)s 号（共 %(count)d 个）")
            % {"numbers": shown, "count": len(missing)},
        )
    )


# ------------------------------------------------------------------------------------------- seals


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def day_root(org: Org | int, day: dt.date) -> tuple[int, str]:
    """The number of an org's events of a day and the root hash over them, in the order they happened."""
    start, end = _day_bounds(day)
    hashes = list(
        CaseEvent.objects.filter(org=org, at__gte=start, at__lt=end)
        .order_by("at", "id")
        .values_list("hash", flat=True)
    )
    return len(hashes), root_hash(hashes)


def day_tails(org: Org, day: dt.date) -> dict[str, list[Any]]:
    """链尾: [event count, last hash] at the end of ``day`` of every case of ``org`` with events since
    the previous signed seal (all its cases, for the first one).

    Every event up to the end of a sealed day is then covered by some seal's tail at or after it, so a
    chain cut short later is caught, while a seal holds only the cases that moved since the last one
    instead of every case the center ever had (which would grow the seals without bound).
    """
    _start, end = _day_bounds(day)
    moved = CaseEvent.objects.filter(org=org, at__lt=end)
    previous = (
        AuditSeal.objects.filter(org=org, day__lt=day)
        .exclude(signature="")
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    if previous is not None:
        moved = moved.filter(at__gte=_day_bounds(previous)[1])
    last_seq = (
        CaseEvent.objects.filter(case_id=OuterRef("case_id"), at__lt=end).order_by("-seq").values("seq")[:1]
    )
    tails = CaseEvent.objects.filter(case_id__in=moved.values("case_id"), seq=Subquery(last_seq)).values_list(
        "case__number", "seq", "hash"
    )
    return {number: [seq, hash_] for number, seq, hash_ in tails}


def _check_tails(seal: AuditSeal) -> Iterator[Problem]:
    """Each sealed tail must still be in its chain: the event with that number exists, with that hash."""
    items = sorted(seal.tails.items())
    for i in range(0, len(items), BATCH):
        chunk = items[i : i + BATCH]
        found = {
            (number, seq): hash_
            for number, seq, hash_ in CaseEvent.objects.filter(
                case__number__in=[number for number, _tail in chunk],
                seq__in={int(tail[0]) for _number, tail in chunk},
            ).values_list("case__number", "seq", "hash")
        }
        for number, (seq, sealed_hash) in chunk:
            now = found.get((number, int(seq)))
            if now is None:
                yield Problem(
                    ProblemKind.CHAIN_TRUNCATED,
                    number,
                    _("%(day)s 日封存时该办件已有 %(count)d 个环节，现第 %(count)d 个环节已不存在")
                    % {"day": seal.day.isoformat(), "count": int(seq)},
                    seq=int(seq),
                )
            elif now != sealed_hash:
                yield Problem(
                    ProblemKind.CHAIN_REWRITTEN,
                    number,
                    _("该环节的哈希与 %(day)s 日封存的链尾不符，留痕在封存后被重算")
                    % {"day": seal.day.isoformat()},
                    seq=int(seq),
                )


def _check_signature(seal: AuditSeal, org_code: str, keys: dict[str, bytes]) -> Iterator[Problem]:
    subject = f"{org_code} {seal.day.isoformat()}"
    if not seal.signature or not seal.key_id:
        yield Problem(ProblemKind.SEAL_UNSIGNED, subject, _("日封存没有签名"))
    elif seal.key_id not in keys:
        yield Problem(
            ProblemKind.SEAL_KEY_UNKNOWN,
            subject,
            _("日封存由未知密钥 %(key_id)s 签名（密钥已更换，或封存不是本系统写的）")
            % {"key_id": seal.key_id},
        )
    elif not sealing.signature_valid(keys[seal.key_id], _message(seal, org_code), seal.signature):
        yield Problem(
            ProblemKind.SEAL_SIGNATURE_INVALID,
            subject,
            _("日封存签名无效：封存内容在签名后被改动或重算"),
        )


def verify_seal(seal: AuditSeal, keys: dict[str, bytes] | None = None) -> list[Problem]:
    """Every problem of one seal: its day, its tails, its signature."""
    if keys is None:
        key = seal_key()
        keys = {sealing.key_id(key): key}
    org_code = seal.org.code
    problems = []
    count, root = day_root(seal.org_id, seal.day)
    subject = f"{org_code} {seal.day.isoformat()}"
    if count != seal.event_count:
        problems.append(
            Problem(
                ProblemKind.SEAL_MISMATCH,
                subject,
                _("日封存记录当天 %(sealed)d 个环节，现有 %(now)d 个")
                % {"sealed": seal.event_count, "now": count},
            )
        )
    elif root != seal.root_hash:
        problems.append(Problem(ProblemKind.SEAL_MISMATCH, subject, _("当天留痕的根哈希与日封存不符")))
    problems.extend(_check_tails(seal))
    problems.extend(_check_signature(seal, org_code, keys))
    return problems


def _check_seals(report: Report) -> None:
    keys: dict[str, bytes] = {}
    seals = AuditSeal.objects.select_related("org").order_by("day", "org_id")
    for seal in seals.iterator(chunk_size=100):
        if not keys:  # read (or create) the key only when there is a seal to check
            key = seal_key()
            keys[sealing.key_id(key)] = key
        report.seals += 1
        report.problems.extend(verify_seal(seal, keys))


# ------------------------------------------------------------------------------------------ entry points


def audit_ledger() -> Report:
    """Check every chain, case row, notice and seal; every problem found, not only the first."""
    report = Report()
    _check_cases(report)
    _check_notices(report)
    _check_seals(report)
    _check_other_apps(report)
    return report


def _check_other_apps(report: Report) -> None:
    """Other apps' own chains (the submitted reports): each app with an ``audit`` module adds its problems."""
    for config in apps.get_app_configs():
        if config.name != __package__ and module_has_submodule(config.module, "audit"):
            import_module(f"{config.name}.audit").check(report)


def verify_all() -> tuple[int, Problem | None]:
    """The number of cases checked and the first problem, or None: for callers that only need a yes/no."""
    report = audit_ledger()
    return report.cases, next(iter(report.problems), None)


def seal_day(org: Org, day: dt.date, now: dt.datetime) -> tuple[AuditSeal, bool]:
    """日封存: store the day's root hash, chain tails and signature once; a second run leaves the first
    seal as it was (a seal is a record of what the day looked like when it was sealed)."""
    existing = AuditSeal.objects.filter(org=org, day=day).first()
    if existing is not None:
        return existing, False
    key = seal_key()
    try:
        with transaction.atomic():
            count, root = day_root(org, day)
            seal = AuditSeal(org=org, day=day, event_count=count, root_hash=root, sealed_at=now)
            seal.tails = day_tails(org, day)
            seal.key_id = sealing.key_id(key)
            seal.signature = sealing.sign(key, _message(seal, org.code))
            seal.save(force_insert=True)
            return seal, True
    except IntegrityError:
        return AuditSeal.objects.get(org=org, day=day), False
