"""例会/培训: 003 每月例会, 000 篇8 季度例会与业务培训 — scheduled, attendance per staff, minutes attached."""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.conftest import at
from bianmin.duty import actions, selectors
from bianmin.duty.models import MeetingAttendance, MeetingKind, Presence
from bianmin.lib.errors import DomainError

pytestmark = pytest.mark.django_db


def test_quarterly_meeting_attendance_and_minutes(world: Any) -> None:
    """000 篇8: 每季度召开一次例会 — scheduled by the director, attendance recorded after it starts, minutes kept."""
    meeting = actions.schedule_meeting(
        actor=world.director,
        org=world.town,
        kind=MeetingKind.MEETING,
        starts_at=at(2026, 10, 12, 16),
        topic="第四季度例会：窗口服务规范",
        now=at(2026, 10, 8),
    )
    with pytest.raises(DomainError) as refused:
        actions.record_attendance(
            meeting,
            actor=world.director,
            presence={world.clerk.staff: Presence.PRESENT},
            now=at(2026, 10, 12, 9),
        )
    assert refused.value.code == "meeting_not_started"
    actions.record_attendance(
        meeting,
        actor=world.leader,
        presence={world.clerk.staff: Presence.PRESENT, world.handler.staff: Presence.LEAVE},
        notes={world.handler.staff: "病假"},
        now=at(2026, 10, 12, 17),
    )
    # Corrected once more: the record is one row per person.
    actions.record_attendance(
        meeting, actor=world.leader, presence={world.handler.staff: Presence.ABSENT}, now=at(2026, 10, 12, 18)
    )
    rows = {a.staff.name: a.presence for a in MeetingAttendance.objects.filter(meeting=meeting)}
    assert rows == {"李窗口": Presence.PRESENT, "陈承办": Presence.ABSENT}
    actions.record_minutes(meeting, actor=world.leader, minutes="学习窗口服务规范", now=at(2026, 10, 12, 18))
    listed: Any = selectors.meetings(world.clerk).get(pk=meeting.pk)
    assert listed.minutes == "学习窗口服务规范" and listed.present == 1 and listed.recorded == 2
    assert not selectors.meetings(world.clerk2).filter(pk=meeting.pk).exists()


def test_meeting_refusals(world: Any) -> None:
    with pytest.raises(DomainError) as refused:
        actions.schedule_meeting(
            actor=world.clerk,
            org=world.town,
            kind=MeetingKind.TRAINING,
            starts_at=at(2026, 10, 12),
            topic="培训",
        )
    assert refused.value.code == "permission_denied"
    with pytest.raises(DomainError) as refused:
        actions.schedule_meeting(
            actor=world.director,
            org=world.town,
            kind=MeetingKind.TRAINING,
            starts_at=at(2026, 10, 12),
            topic=" ",
        )
    assert refused.value.code == "topic_required"
    meeting = actions.schedule_meeting(
        actor=world.director,
        org=world.town,
        kind=MeetingKind.TRAINING,
        starts_at=at(2026, 10, 12),
        topic="业务培训",
    )
    with pytest.raises(DomainError) as refused:
        actions.record_attendance(
            meeting,
            actor=world.director,
            presence={world.clerk2.staff: Presence.PRESENT},
            now=at(2026, 10, 13),
        )
    assert refused.value.code == "staff_not_of_org"
    with pytest.raises(DomainError) as refused:
        actions.record_minutes(meeting, actor=world.clerk2, minutes="x", now=at(2026, 10, 13))
    assert refused.value.code == "permission_denied"
