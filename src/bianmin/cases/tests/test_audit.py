"""The audit trail (全程留痕) is append-only and hash-chained; a day's events are sealed and signed.

Every tampering test edits the database the way someone bypassing the actions would (``update()``, raw SQL,
a chain re-hashed by hand) and checks that ``audit_verify`` both catches it and names it by its kind.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from bianmin.cases import actions
from bianmin.cases.audit import ProblemKind, audit_ledger, day_root, seal_key, verify_all, verify_case
from bianmin.cases.events import payload_of
from bianmin.cases.models import AuditSeal, Case, CaseEvent, CaseState, Notice, NoticeType, Result
from bianmin.conftest import at, person
from bianmin.lib import sealing
from bianmin.lib.hashchain import link_hash

SEALED_DAY = dt.date(2026, 9, 28)


@pytest.fixture(autouse=True)
def _seal_key(settings: Any) -> None:
    """Seals in these tests are signed with a known key, never with a developer's key file."""
    settings.SEAL_KEY = "test-seal-key-not-for-production"


def _case(x: Any) -> Case:
    """The case an action returns: the case itself, or an outcome that carries it (``.case``)."""
    return x.case if hasattr(x, "case") else x


def _life(w: Any, applicant: dict[str, Any] | None = None) -> Case:
    """Clerk Li registers a 低保 application, accepts it and hands it to handler Chen, all on 28 September."""
    case = _case(
        actions.register(
            actor=w.clerk,
            item_code="MZ001",
            applicant=applicant or person(),
            received_materials=["居民身份证", "户口簿", "家庭收入证明"],
            now=at(2026, 9, 28, 9),
        )
    )
    actions.accept(case.number, actor=w.clerk, now=at(2026, 9, 28, 9, 5))
    actions.assign(case.number, actor=w.clerk, handler=w.handler, now=at(2026, 9, 28, 9, 10))
    return Case.objects.get(pk=case.pk)


def _concluded(w: Any) -> Case:
    case = _life(w)
    actions.conclude(case.number, actor=w.handler, result=Result.GRANTED, now=at(2026, 9, 28, 15))
    return Case.objects.get(pk=case.pk)


def _seal(time_machine: Any, day: dt.date = SEALED_DAY) -> AuditSeal:
    after = day + dt.timedelta(days=1)
    time_machine.move_to(at(after.year, after.month, after.day, 8))
    call_command("audit_seal", "--date", day.isoformat())
    return AuditSeal.objects.get(org__code="360781100", day=day)


def _codes(report: Any) -> list[str]:
    return sorted(p.code for p in report.problems)


def _rehash_from(case: Case, seq: int) -> str:
    """What someone with database access does to hide an edit: recompute every link from ``seq`` on."""
    events = list(case.events.order_by("seq"))
    prev = events[seq - 2].hash if seq > 1 else "0" * 64
    for event in events[seq - 1 :]:
        event.prev_hash = prev
        event.hash = link_hash(prev, payload_of(event, case.number))
        CaseEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash
    Case.objects.filter(pk=case.pk).update(last_hash=prev)
    return prev


# ------------------------------------------------------------------------------------------- chains


def test_each_event_links_to_the_previous_one(world):
    """全程留痕: each event's hash covers the previous one's (DESIGN.md Audit)."""
    case = _life(world)
    events = list(case.events.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == "0" * 64
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert verify_case(case) == []


def test_an_edit_behind_the_applications_back_is_caught(world):
    """全程留痕, 不可篡改 — DESIGN.md Audit: an event edited in place breaks its link."""
    case = _life(world)
    event = case.events.get(seq=2)
    # when someone edits the acceptance event's data directly in the database
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CaseEvent._meta.db_table} SET data = %s WHERE id = %s",
            ['{"due_date": "2026-12-31"}', event.pk],
        )
    # then verification names the broken link, and only that one (the next link still points at it)
    report = audit_ledger()
    broken = report.of_kind(ProblemKind.CHAIN_BROKEN)
    assert [(p.subject, p.seq, p.message) for p in broken] == [(case.number, 2, "内容被改动")]
    # and the edited due date no longer agrees with the case row either
    assert "case_row_mismatch:due_date" in _codes(report)
    assert verify_all()[1] is not None
    with pytest.raises(CommandError, match="chain_broken"):
        call_command("audit_verify")


def test_an_event_deleted_from_the_middle_is_caught(world):
    """全程留痕, 不可篡改 — DESIGN.md Audit: a missing link is named with its number."""
    case = _life(world)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CaseEvent._meta.db_table} WHERE case_id = %s AND seq = 2", [case.pk])
    problems = verify_case(case)
    assert [(p.kind, p.seq) for p in problems if p.kind == ProblemKind.CHAIN_BROKEN] == [
        (ProblemKind.CHAIN_BROKEN, 2)
    ]


# ------------------------------------------------------------------------------------------ case rows


def test_a_state_edited_in_the_database_is_caught(world, capsys):
    """全程留痕, 不可篡改 — DESIGN.md Audit: a case's state is what its last step made it."""
    case = _life(world)
    # when someone marks the case concluded without concluding it
    Case.objects.filter(pk=case.pk).update(state=CaseState.CONCLUDED)
    # then the case row disagrees with its chain, and the command names the field
    assert _codes(audit_ledger()) == ["case_row_mismatch:state"]
    with pytest.raises(CommandError):
        call_command("audit_verify")
    err = capsys.readouterr().err
    assert "[case_row_mismatch:state]" in err and case.number in err


def test_a_due_date_edited_in_the_database_is_caught(world):
    """全程留痕, 不可篡改 — DESIGN.md Audit: the due date is the one the last accept/extend/resume wrote."""
    case = _life(world)
    assert case.due_date is not None
    Case.objects.filter(pk=case.pk).update(due_date=case.due_date + dt.timedelta(days=30))
    assert _codes(audit_ledger()) == ["case_row_mismatch:due_date"]


def test_a_result_edited_in_the_database_is_caught(world):
    """全程留痕, 不可篡改 — DESIGN.md Audit: the result is the one the conclude step recorded."""
    case = _concluded(world)
    Case.objects.filter(pk=case.pk).update(result=Result.DENIED)
    assert _codes(audit_ledger()) == ["case_row_mismatch:result"]


def test_a_handler_swapped_in_the_database_is_caught(world):
    """全程留痕, 不可篡改 — DESIGN.md Audit: the handler is the one the last assign named."""
    case = _life(world)
    Case.objects.filter(pk=case.pk).update(handler=world.forester)
    assert _codes(audit_ledger()) == ["case_row_mismatch:handler"]


def test_an_instant_case_concluded_without_assignment_keeps_its_concluder_as_handler(world):
    """全程留痕 — DESIGN.md Audit: conclude makes its actor the handler when nobody was assigned (即收即办)."""
    case = _case(
        actions.register(
            actor=world.clerk,
            item_code="ZH001",
            applicant=person(),
            received_materials=["居民身份证", "户口簿", "家庭收入证明"],
        )
    )
    actions.accept(case.number, actor=world.clerk)
    actions.conclude(case.number, actor=world.clerk, result=Result.GRANTED)
    assert audit_ledger().ok
    Case.objects.filter(pk=case.pk).update(handler=world.handler)
    assert _codes(audit_ledger()) == ["case_row_mismatch:handler"]


# -------------------------------------------------------------------------------------------- notices


def test_a_notice_edited_in_the_database_is_caught(world):
    """全程留痕, 不可篡改 — DESIGN.md Audit: a notice's HTML is what was printed (its SHA-256 proves it)."""
    case = _life(world)
    notice = Notice.objects.get(case=case, type=NoticeType.ACCEPTANCE)
    Notice.objects.filter(pk=notice.pk).update(html=notice.html.replace("</body>", "<p>另附条件</p></body>"))
    report = audit_ledger()
    assert _codes(report) == ["notice_html_changed"]
    assert report.problems[0].subject == notice.number


def test_a_notice_number_gap_is_caught(world):
    """全程留痕, 不可篡改 — DESIGN.md Audit: notice numbers run 1..n per center, type and year (文书编号连续)."""
    for id_number in ("11010519491231002X", "360781199001011238", "110101199003074477"):
        _life(world, person(id_number=id_number))
    second = Notice.objects.get(type=NoticeType.ACCEPTANCE, seq=2)
    # when the second acceptance notice is removed from the database
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Notice._meta.db_table} WHERE id = %s", [second.pk])
    report = audit_ledger()
    assert _codes(report) == ["notice_number_gap"]
    assert "第 2 号" in report.problems[0].message


def test_the_last_notice_removed_is_a_gap_too(world):
    """全程留痕, 不可篡改 — DESIGN.md Audit: the number counter remembers the last notice issued."""
    _life(world)
    Notice.objects.filter(type=NoticeType.ACCEPTANCE).delete()
    assert _codes(audit_ledger()) == ["notice_number_gap"]


# ---------------------------------------------------------------------------------------------- seals


def test_the_daily_seal_is_signed_idempotent_and_holds_the_chain_tails(world, time_machine):
    """日封存 — DESIGN.md Audit: a seal is written once, with the day's root, tails and signature."""
    case = _life(world)
    seal = _seal(time_machine)
    assert seal.event_count == 3
    assert seal.tails == {case.number: [3, case.last_hash]}
    key = seal_key()
    assert seal.key_id == sealing.key_id(key) and len(seal.key_id) == 16
    # a second run changes nothing
    call_command("audit_seal", "--date", SEALED_DAY.isoformat())
    again = AuditSeal.objects.get(pk=seal.pk)
    assert AuditSeal.objects.filter(org=world.town).count() == 1
    assert (again.root_hash, again.tails, again.signature, again.sealed_at) == (
        seal.root_hash,
        seal.tails,
        seal.signature,
        seal.sealed_at,
    )
    assert audit_ledger().ok


def test_a_seal_holds_the_cases_that_moved_since_the_previous_seal(world, time_machine):
    """日封存 — DESIGN.md Audit: every event up to a sealed day is under some seal's tail, each case once
    per period it moved in, so seals do not grow with every case the center ever had."""
    first = _life(world)
    _seal(time_machine)
    second = _case(
        actions.register(
            actor=world.clerk,
            item_code="MZ001",
            applicant=person(id_number="360781199001011238"),
            received_materials=["居民身份证"],
            now=at(2026, 9, 29, 9),
        )
    )
    seal = _seal(time_machine, dt.date(2026, 9, 29))
    assert seal.tails == {second.number: [1, Case.objects.get(pk=second.pk).last_hash]}
    assert first.number not in seal.tails


def test_an_event_removed_from_the_end_is_caught_by_the_sealed_tails(world, time_machine):
    """全程留痕, 不可篡改 — DESIGN.md Audit: the seal remembers each chain's tail, so a chain cut short and
    its case row rewound to the previous event is still caught."""
    case = _life(world)
    _seal(time_machine)
    second = case.events.get(seq=2)
    # when the assignment is deleted and the case row rewound to match the shorter chain
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CaseEvent._meta.db_table} WHERE case_id = %s AND seq = 3", [case.pk])
    Case.objects.filter(pk=case.pk).update(
        event_count=2, last_hash=second.hash, state=CaseState.ACCEPTED, handler=None
    )
    # then the chain and the row agree with each other...
    assert verify_case(case) == []
    # ...but not with the seal: the sealed tail #3 is gone
    report = audit_ledger()
    truncated = report.of_kind(ProblemKind.CHAIN_TRUNCATED)
    assert [(p.subject, p.seq) for p in truncated] == [(case.number, 3)]
    assert _codes(report) == ["chain_truncated", "seal_mismatch"]


def test_a_day_rehashed_and_resealed_without_the_key_is_caught_by_the_signature(world, time_machine):
    """全程留痕, 不可篡改 — DESIGN.md Audit: a seal is signed with a key outside the database, so a day whose
    events, chains, root and tails were all recomputed by hand still fails."""
    case = _life(world)
    seal = _seal(time_machine)
    # when someone edits the acceptance event's due date, re-hashes the chain, rewrites the case row...
    accept = case.events.get(seq=2)
    data = {**accept.data, "due_date": "2026-12-31"}
    CaseEvent.objects.filter(pk=accept.pk).update(data=data)
    tail = _rehash_from(case, 2)
    Case.objects.filter(pk=case.pk).update(due_date=dt.date(2026, 12, 31))
    # ...and recomputes the day's seal (count, root and tails) but cannot sign it
    count, root = day_root(world.town, SEALED_DAY)
    AuditSeal.objects.filter(pk=seal.pk).update(
        event_count=count, root_hash=root, tails={case.number: [3, tail]}
    )
    assert verify_case(case) == []
    # then only the signature shows it
    report = audit_ledger()
    assert _codes(report) == ["seal_signature_invalid"]
    with pytest.raises(CommandError, match="seal_signature_invalid"):
        call_command("audit_verify")


def test_a_seal_signed_with_an_unknown_key_is_reported_as_such(world, time_machine):
    """全程留痕, 不可篡改 — DESIGN.md Audit: a seal re-signed with another key shows by its key id."""
    _life(world)
    seal = _seal(time_machine)
    forged_key = b"someone else's key"
    seal.key_id = sealing.key_id(forged_key)
    seal.signature = sealing.sign(
        forged_key,
        sealing.seal_message(
            org_code=world.town.code,
            day=seal.day.isoformat(),
            event_count=seal.event_count,
            root_hash=seal.root_hash,
            tails=seal.tails,
        ),
    )
    seal.save()
    report = audit_ledger()
    assert _codes(report) == ["seal_key_unknown"]
    assert seal.key_id in report.problems[0].message


def test_an_unsigned_seal_is_named(world, time_machine):
    """全程留痕, 不可篡改 — DESIGN.md Audit: a seal without a signature proves nothing and says so."""
    _life(world)
    seal = _seal(time_machine)
    AuditSeal.objects.filter(pk=seal.pk).update(signature="", key_id="")
    assert _codes(audit_ledger()) == ["seal_unsigned"]


def test_a_step_backdated_into_a_sealed_day_is_caught_by_the_seal_alone(world, time_machine):
    """全程留痕, 不可篡改 — DESIGN.md Audit: only the seal knows which events a day had. A step recorded
    through the actions but dated into a day already sealed leaves every chain and case row intact."""
    case = _life(world)
    _seal(time_machine)
    # when the handler concludes the case after the seal, dated back to the sealed day
    actions.conclude(case.number, actor=world.handler, result=Result.GRANTED, now=at(2026, 9, 28, 16))
    case.refresh_from_db()
    assert verify_case(case) == []
    report = audit_ledger()
    assert _codes(report) == ["seal_mismatch"]
    assert report.problems[0].subject == f"{world.town.code} {SEALED_DAY.isoformat()}"


def test_sealing_today_is_refused(world, time_machine):
    """日封存 — DESIGN.md Audit: only a finished day can be sealed."""
    time_machine.move_to(at(2026, 9, 28, 12))
    with pytest.raises(CommandError):
        call_command("audit_seal", "--date", "2026-09-28")


# ---------------------------------------------------------------------------------------------- clean


def test_a_clean_ledger_passes(world, time_machine, capsys):
    """全程留痕, 不可篡改 — DESIGN.md Audit: an untouched ledger, sealed and signed, verifies."""
    _concluded(world)
    _seal(time_machine)
    report = audit_ledger()
    assert report.ok, report.problems
    assert (report.cases, report.events, report.notices, report.seals) == (1, 4, 2, 3)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "审计链完整" in out and "1 件办件" in out


def test_verification_does_not_query_per_case_or_per_event(world, time_machine, django_assert_num_queries):
    """全程留痕 — DESIGN.md Audit: the nightly check reads cases with their events, notices and seals in a
    fixed number of queries, however many cases and events there are (no N+1)."""
    ids = ("11010519491231002X", "360781199001011238", "110101199003074477", "110101198001010010")
    for id_number in ids:
        _life(world, person(id_number=id_number))
    seal = _seal(time_machine)
    assert len(seal.tails) == len(ids)
    # cases + their events, notices, number counters, number groups, seals; then a root per seal (three
    # centers) and the tails of the one seal that has any; then the submitted reports' chain counters (none)
    with django_assert_num_queries(6 + 3 + 1 + 1):
        report = audit_ledger()
    assert report.ok, report.problems
    assert (report.cases, report.events, report.seals) == (4, 12, 3)
