"""Demo rosters and meetings: 象湖镇's leader, staff and holiday rotations, 下坪村's cadre on duty, this month
and next generated, the past days' duty logs, one swap, and the month's 例会 (its minutes scanned) and two
trainings, the next working day's already reminded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from bianmin.cases.pdf import render_pdf
from bianmin.duty import actions
from bianmin.duty.models import DutyEntry, DutyKind, MeetingKind, Presence
from bianmin.orgs.models import Org
from bianmin.workdays.services import get_calendar

TOWN = "360781100"
STATIONS = ("360781100201", "360781100202")
LOGS = [
    "接待群众咨询 %d 人次，无突发事件；下班前打扫大厅卫生，关好门窗电源。",
    "值班期间受理群众来电 %d 个，均已登记转相关窗口；大厅卫生已打扫。",
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build_duty(today: dt.date | None = None) -> int:
    """Rotations and two months of roster; returns the entries created (0 on a second run)."""
    today = today or timezone.localdate()
    town = Org.objects.filter(code=TOWN).first()
    if town is None or DutyEntry.objects.filter(org=town).exists():
        return 0
    users = {
        u.username: u for u in get_user_model().objects.filter(staff__isnull=False).select_related("staff")
    }
    director = users["director"]
    staff = lambda *names: [users[n].staff for n in names if n in users]  # noqa: E731
    actions.set_rotation(actor=director, org=town, kind=DutyKind.LEADER, staff=staff("leader", "director"))
    actions.set_rotation(
        actor=director,
        org=town,
        kind=DutyKind.STAFF,
        staff=staff("clerk", "xianghu01", "xianghu03", "xianghu04", "xianghu05", "xianghu09"),
    )
    actions.set_rotation(
        actor=director,
        org=town,
        kind=DutyKind.HOLIDAY,
        staff=staff("handler", "xianghu06", "xianghu07", "xianghu08"),
    )
    created = 0
    now = _at(today.replace(day=1), 8)
    months = [
        (today.year, today.month),
        (
            (today.replace(day=28) + dt.timedelta(days=7)).year,
            (today.replace(day=28) + dt.timedelta(days=7)).month,
        ),
    ]
    orgs = [town]
    for code in STATIONS:
        station = Org.objects.filter(code=code).first()
        members = list(station.staff.all().order_by("name")) if station is not None else []
        if station is not None and members:
            actions.set_rotation(actor=None, org=station, kind=DutyKind.STATION, staff=members)
            orgs.append(station)
    for org in orgs:
        for year, month in months:
            created += len(actions.generate_month(org, year, month, now=now))
    # The past staff-duty days have their log, written by the person on duty that evening.
    past = DutyEntry.objects.filter(org=town, kind=DutyKind.STAFF, date__lt=today).select_related(
        "staff__user"
    )
    for i, entry in enumerate(past.order_by("date")):
        actions.write_log(
            entry,
            actor=entry.staff.user,
            log=LOGS[i % 2] % (5 + i % 7),
            hall_cleaned=True,
            now=_at(entry.date, 17),
        )
    # One swap: the leader on duty's next working day handed to the director, who gives his own back.
    upcoming = list(
        DutyEntry.objects.filter(org=town, kind=DutyKind.LEADER, date__gt=today).order_by("date")[:2]
    )
    if len(upcoming) == 2 and upcoming[0].staff_id != upcoming[1].staff_id:
        actions.swap(
            upcoming[0],
            actor=director,
            to_staff=upcoming[1].staff,
            reason="到市里参加乡村振兴工作会议",
            other=upcoming[1],
            now=_at(today, 9),
        )
    _meetings(town, users, today)
    return created


def _meetings(town: Org, users: dict[str, Any], today: dt.date) -> None:
    director = users["director"]
    first = today.replace(day=1)
    held = actions.schedule_meeting(
        actor=director,
        org=town,
        kind=MeetingKind.MEETING,
        starts_at=_at(first + dt.timedelta(days=2), 16),
        topic="月度例会：通报上月办件和效能考核情况",
        place="便民服务中心会议室",
        now=_at(first, 9),
    )
    people = [u.staff for n, u in sorted(users.items()) if u.staff.org_id == town.pk]
    presence: dict[Any, str] = {s: Presence.PRESENT for s in people}
    if len(people) > 3:
        presence[people[1]] = Presence.LEAVE
        presence[people[2]] = Presence.ABSENT
    if held.starts_at <= timezone.now():
        actions.record_attendance(
            held, actor=director, presence=presence, now=held.starts_at + dt.timedelta(hours=2)
        )
        minutes = "一、通报上月办件量和按时办结率；二、点评窗口服务中存在的问题；三、部署本月赶场服务安排。"
        actions.record_minutes(
            held, actor=director, minutes=minutes, now=held.starts_at + dt.timedelta(hours=2)
        )
        # The signed minutes, scanned as a PDF, attached the same evening.
        scan = ContentFile(
            render_pdf(
                f"<h1>{held.topic}</h1><p>{held.starts_at:%Y-%m-%d %H:%M} {held.place}</p><p>{minutes}</p>"
            ),
            name="minutes.pdf",
        )
        actions.attach_minutes_file(
            held, actor=director, upload=scan, now=held.starts_at + dt.timedelta(hours=3)
        )
    actions.schedule_meeting(
        actor=director,
        org=town,
        kind=MeetingKind.TRAINING,
        starts_at=_at(today + dt.timedelta(days=7), 15),
        topic="业务培训：一次性告知和容缺受理",
        place="便民服务中心会议室",
        now=_at(today, 9),
    )
    # The next working day's training: on everyone's home page, reminded by the morning's command.
    next_day = get_calendar(town.region_code).add_workdays(today, 1).date
    actions.schedule_meeting(
        actor=director,
        org=town,
        kind=MeetingKind.TRAINING,
        starts_at=_at(next_day, 16),
        topic="窗口服务规范培训：文明用语和首问负责",
        place="便民服务中心会议室",
        now=_at(today, 8),
    )
    actions.send_meeting_reminders(today=today, now=_at(today, 7))
