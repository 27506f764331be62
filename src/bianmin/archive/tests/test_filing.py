"""立卷归档: archiving a case files it in a box of its window and year (issue 14; 000 篇2 "6、歸檔。窗口同意辦結的
事項轉辦結、歸檔,以便查閲"; 003 曾家镇 "各窗口要做好办理事项的记录统计和立卷归档工作")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from bianmin.archive import actions
from bianmin.archive.models import ArchiveRecord, Box, Retention
from bianmin.archive.tests.conftest import archived_case
from bianmin.conftest import at
from bianmin.lib.errors import DomainError

NOW = at(2026, 9, 28, 16)


def test_archived_cases_are_filed_in_the_box_of_their_window_and_year(archived: Any) -> None:
    """Box label 年度-窗口-盒号 (issue 14 part 4); each file numbered in its box (DA/T 22 件号)."""
    # when the filing runs
    assert actions.file_archived(now=NOW) == 4
    # then 象湖镇's three 民政 cases are files 1-3 of box 2026-MZ-001, 壬田镇's in its own box
    rows = ArchiveRecord.objects.filter(org=archived.town).select_related("box").order_by("seq")
    assert [(r.box.label, r.seq, r.number) for r in rows] == [
        ("2026-MZ-001", 1, "2026-MZ-001-001"),
        ("2026-MZ-001", 2, "2026-MZ-001-002"),
        ("2026-MZ-001", 3, "2026-MZ-001-003"),
    ]
    assert Box.objects.filter(org=archived.town2).get().label == "2026-MZ-001"
    # and running it again files nothing twice
    assert actions.file_archived(now=NOW) == 0
    assert ArchiveRecord.objects.count() == 4


def test_the_command_files_too_and_is_idempotent(archived: Any) -> None:
    call_command("archive_file")
    call_command("archive_file")
    assert ArchiveRecord.objects.count() == 4


@override_settings(ARCHIVE_BOX_CAPACITY=2)
def test_a_full_box_is_closed_and_the_next_file_opens_a_new_one(archived: Any) -> None:
    """ARCHIVE_BOX_CAPACITY files per box (issue 14: a new box when the current one reaches its capacity)."""
    actions.file_archived(now=NOW)
    boxes = list(Box.objects.filter(org=archived.town).order_by("seq"))
    assert [(b.label, b.records.count(), b.closed_at is not None) for b in boxes] == [
        ("2026-MZ-001", 2, True),
        ("2026-MZ-002", 1, False),
    ]


def test_retention_by_item_category_and_its_expiry(archived: Any, settings: Any) -> None:
    """保管期限 by item category, from the settings unless the director set one (issue 14); counted from the
    year after archiving (DA/T 22), so a 2026 file kept 10 years may go after 2036-12-31."""
    settings.ARCHIVE_RETENTION = {"*": "10y"}
    actions.file_archived(now=NOW)
    first = ArchiveRecord.objects.filter(org=archived.town).first()
    assert first is not None
    assert (first.retention, first.expires_on) == (Retention.Y10, dt.date(2036, 12, 31))
    # when the director keeps 低保 files (no category in the test catalog: "") permanently
    actions.set_retention(actor=archived.director, category="无类别", retention=Retention.PERMANENT)
    case = archived_case(archived, when=at(2026, 9, 29))
    case.item_snapshot["category"] = "无类别"
    case.save(update_fields=["item_snapshot"])
    actions.file_archived(now=at(2026, 9, 29, 17))
    record = ArchiveRecord.objects.get(case=case)
    assert (record.retention, record.expires_on) == (Retention.PERMANENT, None)


def test_only_the_director_sets_retention_and_only_to_a_known_period(world: Any) -> None:
    with pytest.raises(DomainError) as err:
        actions.set_retention(actor=world.clerk, category="行政给付", retention="30y")
    assert err.value.code == "permission_denied"
    with pytest.raises(DomainError) as err:
        actions.set_retention(actor=world.director, category="行政给付", retention="5y")
    assert err.value.code == "invalid_retention"
    with pytest.raises(DomainError) as err:
        actions.set_retention(actor=world.director, category=" ", retention="30y")
    assert err.value.code == "category_required"


def test_a_box_closed_early_makes_the_next_file_open_a_new_box(archived: Any) -> None:
    """An archivist may close a box early (issue 14 design)."""
    actions.file_archived(now=NOW)
    box = Box.objects.get(org=archived.town)
    actions.close_box(box, actor=archived.clerk, now=NOW)
    with pytest.raises(DomainError) as err:
        actions.close_box(box, actor=archived.clerk, now=NOW)
    assert err.value.code == "box_closed"
    case = archived_case(archived, when=at(2026, 9, 29))
    actions.file_archived(now=at(2026, 9, 29, 17))
    assert ArchiveRecord.objects.get(case=case).box.label == "2026-MZ-002"


def test_closing_refusals(archived: Any) -> None:
    actions.file_archived(now=NOW)
    box = Box.objects.get(org=archived.town)
    with pytest.raises(DomainError) as err:
        actions.close_box(box, actor=archived.supervisor)
    assert err.value.code == "permission_denied"
    with pytest.raises(DomainError) as err:
        actions.close_box(box, actor=archived.clerk2)
    assert err.value.code == "box_not_found"
    empty = Box.objects.create(
        org=archived.town, window_code="GT", year=2026, seq=1, label="2026-GT-001", capacity=5, opened_at=NOW
    )
    with pytest.raises(DomainError) as err:
        actions.close_box(empty, actor=archived.clerk)
    assert err.value.code == "box_empty"


def test_a_record_moves_only_to_an_open_box_of_the_same_window_and_year(archived: Any) -> None:
    actions.file_archived(now=NOW)
    box = Box.objects.get(org=archived.town)
    record = box.records.order_by("seq").last()
    assert record is not None
    with pytest.raises(DomainError) as err:
        actions.move_record(record, to=box, actor=archived.clerk)
    assert err.value.code == "same_box"
    other = Box.objects.create(
        org=archived.town, window_code="GT", year=2026, seq=1, label="2026-GT-001", capacity=5, opened_at=NOW
    )
    with pytest.raises(DomainError) as err:
        actions.move_record(record, to=other, actor=archived.clerk)
    assert err.value.code == "box_mismatch"
    actions.close_box(box, actor=archived.clerk, now=NOW)
    second = Box.objects.create(
        org=archived.town, window_code="MZ", year=2026, seq=2, label="2026-MZ-002", capacity=1, opened_at=NOW
    )
    moved = actions.move_record(record, to=second, actor=archived.clerk)
    assert (moved.box_id, moved.seq, moved.number) == (second.pk, 1, "2026-MZ-002-001")
    another = box.records.order_by("seq").first()
    with pytest.raises(DomainError) as err:
        actions.move_record(another, to=second, actor=archived.clerk)  # type: ignore[arg-type]
    assert err.value.code == "box_full"
    with pytest.raises(DomainError) as err:
        actions.move_record(moved, to=box, actor=archived.clerk)
    assert err.value.code == "box_closed"
