"""The audit trail (全程留痕) is append-only and hash-chained; a day's events are sealed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from bianmin.cases import actions
from bianmin.cases.audit import verify_all, verify_case
from bianmin.cases.models import AuditSeal, CaseEvent
from bianmin.conftest import at, person


def _life(w):  # noqa: ANN001, ANN202
    case = actions.register(
        actor=w.clerk,
        item_code="MZ001",
        applicant=person(),
        received_materials=["居民身份证", "户口簿", "家庭收入证明"],
        now=at(2026, 9, 28, 9),
    )
    actions.accept(case, actor=w.clerk, now=at(2026, 9, 28, 9, 5))
    actions.assign(case, actor=w.clerk, handler=w.handler, now=at(2026, 9, 28, 9, 10))
    return case


def test_each_event_links_to_the_previous_one(world):
    case = _life(world)
    events = list(case.events.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == "0" * 64
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert verify_case(case) is None


def test_an_edit_behind_the_applications_back_is_caught(world):
    case = _life(world)
    event = case.events.get(seq=2)
    # when someone edits the acceptance event's data directly in the database
    with connection.cursor() as cursor:
        table = CaseEvent._meta.db_table
        cursor.execute(
            f"UPDATE {table} SET data = %s WHERE id = %s", ['{"due_date": "2026-12-31"}', event.pk]
        )
    # then verification names the first broken link
    checked, broken = verify_all()
    assert broken is not None
    assert (broken.case, broken.seq, broken.problem) == (case.number, 2, "内容被改动")
    with pytest.raises(CommandError, match=case.number):
        call_command("audit_verify")


def test_a_deleted_event_is_caught(world):
    case = _life(world)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CaseEvent._meta.db_table} WHERE case_id = %s AND seq = 3", [case.pk])
    broken = verify_case(case)
    assert broken is not None and broken.seq == 3


def test_an_intact_trail_verifies(world, capsys):
    _life(world)
    call_command("audit_verify")
    assert "审计链完整" in capsys.readouterr().out


def test_the_daily_seal_is_idempotent_and_catches_a_rewritten_day(world, time_machine):
    case = _life(world)
    time_machine.move_to(at(2026, 9, 29, 8))
    call_command("audit_seal", "--date", "2026-09-28")
    seal = AuditSeal.objects.get(org=world.town, day=dt.date(2026, 9, 28))
    assert seal.event_count == 3
    # a second run changes nothing
    call_command("audit_seal", "--date", "2026-09-28")
    assert AuditSeal.objects.filter(org=world.town).count() == 1
    assert AuditSeal.objects.get(pk=seal.pk).root_hash == seal.root_hash
    # when the whole chain of a sealed day is rewritten consistently, only the seal shows it
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CaseEvent._meta.db_table} SET hash = %s WHERE case_id = %s AND seq = 3",
            ["f" * 64, case.pk],
        )
    _checked, broken = verify_all()
    assert broken is not None


def test_sealing_today_is_refused(world, time_machine):
    time_machine.move_to(at(2026, 9, 28, 12))
    with pytest.raises(CommandError):
        call_command("audit_seal", "--date", "2026-09-28")
