"""例会/培训 (003 每月例会; 000 篇8 季度例会、业务培训): the minutes as a file, checked by its content like every
upload, and the reminders — one per meeting and staff member, ``MEETING_REMINDER_WORKDAYS`` working days
before (by the calendar: the National Day holiday does not count), recorded by an idempotent command, while
the home page lists upcoming meetings live."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from bianmin.conftest import at, make_staff
from bianmin.duty import actions, selectors
from bianmin.duty.models import Meeting, MeetingKind, MeetingReminder
from bianmin.lib.errors import DomainError
from bianmin.orgs.roles import Role

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


@pytest.fixture(autouse=True)
def _uploads(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MEETING_REMINDER_WORKDAYS = 2


def meeting(
    world: Any, when: dt.datetime, topic: str = "第四季度例会", org: Any = None, actor: Any = None
) -> Meeting:
    return actions.schedule_meeting(
        actor=actor or world.director,
        org=org or world.town,
        kind=MeetingKind.MEETING,
        starts_at=when,
        topic=topic,
        place="二楼会议室",
        now=at(2026, 9, 1, 9),
    )


def town_staff(world: Any) -> set[int]:
    return {
        u.staff.pk
        for u in (world.clerk, world.handler, world.forester, world.leader, world.director, world.supervisor)
    }


# ------------------------------------------------------------------------------------------- minutes file


def test_minutes_file_is_typed_by_its_content(world: Any, client: Any, time_machine: Any) -> None:
    """A scan named .pdf that is a PNG is kept as image/png; a text file named .pdf is refused."""
    m = meeting(world, at(2026, 10, 12, 16))
    time_machine.move_to(at(2026, 10, 12, 18), tick=False)
    client.force_login(world.leader)
    url = f"/counter/meetings/{m.pk}/"
    fake = SimpleUploadedFile("minutes.pdf", b"just text, not a PDF", content_type="application/pdf")
    page = client.post(url, {"step": "minutes_file", "file": fake})
    assert page.status_code == 200 and "不是 PDF、JPG 或 PNG 文件" in page.content.decode()
    assert not Meeting.objects.get(pk=m.pk).minutes_file
    scan = SimpleUploadedFile("minutes.pdf", PNG, content_type="application/pdf")
    assert client.post(url, {"step": "minutes_file", "file": scan}).status_code == 302
    saved = Meeting.objects.get(pk=m.pk)
    assert saved.minutes_file_type == "image/png" and saved.minutes_file.name.endswith(".png")
    assert saved.minutes_by == world.leader
    html = client.get(url).content.decode()
    assert f"/counter/meetings/{m.pk}/minutes-file/" in html
    got = client.get(f"/counter/meetings/{m.pk}/minutes-file/")
    assert got.status_code == 200 and got["Content-Type"] == "image/png"
    assert got["X-Content-Type-Options"] == "nosniff" and b"".join(got.streaming_content) == PNG
    # a PDF replaces it and the old file is gone
    old = saved.minutes_file.path
    with django_capture_on_commit():
        actions.attach_minutes_file(
            m, actor=world.director, upload=SimpleUploadedFile("m.pdf", PDF), now=at(2026, 10, 13, 9)
        )
    import os

    assert not os.path.exists(old)
    assert Meeting.objects.get(pk=m.pk).minutes_file_type == "application/pdf"
    # someone of another town does not find it
    client.force_login(world.clerk2)
    assert client.get(f"/counter/meetings/{m.pk}/minutes-file/").status_code == 404


def django_capture_on_commit() -> Any:
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_minutes_file_refusals(world: Any, settings: Any) -> None:
    m = meeting(world, at(2026, 10, 12, 16))
    cases = [
        (world.director, SimpleUploadedFile("m.pdf", PDF), at(2026, 10, 12, 9), "meeting_not_started"),
        (world.clerk, SimpleUploadedFile("m.pdf", PDF), at(2026, 10, 12, 18), "permission_denied"),
        (world.director, None, at(2026, 10, 12, 18), "file_required"),
        (world.clerk2, SimpleUploadedFile("m.pdf", PDF), at(2026, 10, 12, 18), "permission_denied"),
    ]
    for actor, upload, now, code in cases:
        with pytest.raises(DomainError) as err:
            actions.attach_minutes_file(m, actor=actor, upload=upload, now=now)
        assert err.value.code == code
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(DomainError) as err:
        actions.attach_minutes_file(
            m, actor=world.director, upload=SimpleUploadedFile("m.pdf", PDF), now=at(2026, 10, 12, 18)
        )
    assert err.value.code == "file_too_large"
    assert not Meeting.objects.get(pk=m.pk).minutes_file


# ------------------------------------------------------------------------------------------- reminders


def test_reminders_two_working_days_before_each_staff_once(world: Any) -> None:
    """A meeting on Thursday 15 October 2026: nobody is reminded on Monday the 12th (three working days
    before), everyone of 象湖镇 on Tuesday the 13th, once — a second run records nothing; 壬田镇 nobody."""
    m = meeting(world, at(2026, 10, 15, 9))
    assert actions.send_meeting_reminders(today=dt.date(2026, 10, 12), now=at(2026, 10, 12, 7)) == 0
    assert actions.send_meeting_reminders(today=dt.date(2026, 10, 13), now=at(2026, 10, 13, 7)) == 6
    assert set(MeetingReminder.objects.filter(meeting=m).values_list("staff_id", flat=True)) == town_staff(
        world
    )
    assert actions.send_meeting_reminders(today=dt.date(2026, 10, 14), now=at(2026, 10, 14, 7)) == 0
    assert MeetingReminder.objects.count() == 6
    # once the meeting has begun there is nothing left to remind of
    assert selectors.reminders_due(dt.date(2026, 10, 15), at(2026, 10, 15, 10)) == []


def test_reminder_days_are_working_days_across_the_national_day_holiday(world: Any, settings: Any) -> None:
    """000 篇8 季度例会 on Friday 9 October 2026: with the holiday of 1–7 October, two working days before is
    Wednesday 30 September (8 and 9 October are the two working days); on the 29th it is three. With the
    setting at 3, the 29th is the day."""
    meeting(world, at(2026, 10, 9, 15))
    assert selectors.reminders_due(dt.date(2026, 9, 29), at(2026, 9, 29, 7)) == []
    assert len(selectors.reminders_due(dt.date(2026, 9, 30), at(2026, 9, 30, 7))) == 6
    settings.MEETING_REMINDER_WORKDAYS = 3
    assert len(selectors.reminders_due(dt.date(2026, 9, 29), at(2026, 9, 29, 7))) == 6


def test_the_command_is_idempotent(world: Any, time_machine: Any) -> None:
    meeting(world, at(2026, 10, 15, 9))
    boss2 = make_staff("wu2", world.town2, Role.DIRECTOR, "壬田主任")
    meeting(world, at(2026, 10, 15, 10), org=world.town2, topic="壬田镇例会", actor=boss2)
    time_machine.move_to(at(2026, 10, 13, 7, 30), tick=False)
    call_command("meeting_reminders")
    call_command("meeting_reminders")
    pairs = list(MeetingReminder.objects.values_list("meeting__org_id", "staff__org_id"))
    assert len(pairs) == 6 + 2 and all(a == b for a, b in pairs)  # 壬田镇's two for their own meeting


def test_home_lists_upcoming_meetings_live_and_marks_reminders(
    world: Any, client: Any, time_machine: Any
) -> None:
    """Without the command the home page already lists the meeting due a reminder; after it, 已提醒."""
    m = meeting(world, at(2026, 10, 15, 9), topic="窗口服务规范培训")
    later = meeting(world, at(2026, 10, 23, 9), topic="十月例会")
    time_machine.move_to(at(2026, 10, 13, 8), tick=False)
    client.force_login(world.clerk)
    home = client.get("/counter/").content.decode()
    assert f'id="upcoming-meeting-{m.pk}"' in home and "窗口服务规范培训" in home
    assert f'id="upcoming-meeting-{later.pk}"' not in home  # not yet two working days away
    assert "已提醒" not in home
    call_command("meeting_reminders")
    home = client.get("/counter/").content.decode()
    assert "已提醒" in home
    assert "窗口服务规范培训" in client.get("/counter/meetings/").content.decode()
    client.force_login(world.clerk2)
    assert "窗口服务规范培训" not in client.get("/counter/").content.decode()


def test_upcoming_meetings_over_the_api(world: Any, api: Any, time_machine: Any) -> None:
    m = meeting(world, at(2026, 10, 15, 9), topic="窗口服务规范培训")
    time_machine.move_to(at(2026, 10, 13, 8), tick=False)
    api.force_authenticate(world.clerk)
    got = api.get("/api/v1/meetings/upcoming/").json()
    assert [(x["id"], x["reminded"], x["minutes_file"]) for x in got] == [(m.pk, False, None)]
    call_command("meeting_reminders")
    assert api.get("/api/v1/meetings/upcoming/").json()[0]["reminded"] is True
    api.force_authenticate(world.clerk2)
    assert api.get("/api/v1/meetings/upcoming/").json() == []
