"""Every change of a roster or a meeting, one function each; pages, API and the command call these.

Each action checks the actor's right and scope, works in one transaction (rows locked where two people may
race) and refuses with a ``DomainError`` carrying a stable code. Generation only ever adds the days a kind
of duty still lacks, so it can be re-run at will and never overwrites a hand edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.duty.models import (
    DAY_OFF_KINDS,
    DutyEntry,
    DutyKind,
    DutyRotation,
    DutySwap,
    EntrySource,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MeetingReminder,
    Presence,
    RotationMember,
)
from bianmin.duty.selectors import kinds_for, month_days, reminders_due
from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.lib.uploads import check_upload
from bianmin.orgs.models import Org, Staff
from bianmin.orgs.scope import check_scope, lock_in_scope
from bianmin.orgs.selectors import staff_of
from bianmin.workdays.services import get_calendar

# Rotations count from a fixed Monday, so a month continues where the last one left off.
ROTATION_EPOCH = dt.date(2004, 1, 5)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _require(actor: Any, perm: str, message: str) -> None:
    """No actor is the system itself (the demo, the monthly command), which needs no right."""
    if actor is not None:
        require_permission(actor, perm, message)


def _staff_of_org(org_id: int, staff: Iterable[Staff | int | None]) -> list[Staff]:
    """The named staff, in the order given, each working at the org (本中心/本站工作人员)."""
    wanted = [s.pk if isinstance(s, Staff) else s for s in staff if s is not None]
    found = {s.pk: s for s in Staff.objects.filter(pk__in=wanted, org_id=org_id)}
    if any(pk not in found for pk in wanted):
        raise DomainError("staff_not_of_org", _("只能安排本单位的工作人员值班"))
    return [found[pk] for pk in wanted]


def _kind(org: Org, kind: Any) -> str:
    if kind not in kinds_for(org):
        raise DomainError("invalid_duty_kind", _("该单位没有这一类值班"))
    return str(kind)


def _roster_org(actor: Any, org: Org) -> Org:
    _require(actor, "duty.edit_roster", _("只有中心主任可以编排值班表"))
    check_scope(actor, org.pk, "org_not_found", _("找不到该单位"))
    return org


# ---------------------------------------------------------------------------------------------- rotations


@transaction.atomic
def set_rotation(
    *, actor: Any, org: Org, kind: str, staff: Iterable[Staff | int], now: dt.datetime | None = None
) -> DutyRotation:
    """轮值顺序: the staff a kind of duty rotates through, in order (a name may not repeat)."""
    _roster_org(actor, org)
    kind = _kind(org, kind)
    members = _staff_of_org(org.pk, staff)
    if len({m.pk for m in members}) != len(members):
        raise DomainError("rotation_repeats", _("轮值顺序中同一人只能出现一次"))
    rotation, _created = DutyRotation.objects.select_for_update().get_or_create(
        org=org, kind=kind, defaults={"updated_at": _now(now)}
    )
    rotation.updated_at = _now(now)
    rotation.save(update_fields=["updated_at"])
    rotation.members.all().delete()
    RotationMember.objects.bulk_create(
        RotationMember(rotation=rotation, staff=s, position=i) for i, s in enumerate(members)
    )
    return rotation


def _index(kind: str, day: dt.date, workdays_since: int) -> int:
    """Where in the rotation ``day`` falls: daily kinds by the working days (or days off) since the epoch,
    staff duty by the week (值班人员 rotate weekly)."""
    days = (day - ROTATION_EPOCH).days
    if kind == DutyKind.STAFF:
        return days // 7
    if kind in DAY_OFF_KINDS:
        return days - workdays_since
    return workdays_since


@transaction.atomic
def generate_month(
    org: Org, year: int, month: int, *, actor: Any = None, now: dt.datetime | None = None
) -> list[DutyEntry]:
    """Fill the month's roster from the org's rotations: the days a kind of duty still lacks, nothing else.

    Working days from the calendar (调休 Saturdays are working days, the National Day holiday is not):
    leader, staff and station duty on working days, holiday duty on the others. A kind with no rotation
    is left empty (the roster page shows it 未排班). Returns the entries created.
    """
    if actor is not None:
        _roster_org(actor, org)
    # Serialise two generations of one org (the rotation rows are the lock).
    list(DutyRotation.objects.select_for_update().filter(org=org).values_list("pk", flat=True))
    rotation = {
        kind: [m.staff_id for m in RotationMember.objects.filter(rotation__org=org, rotation__kind=kind)]
        for kind in kinds_for(org)
    }
    days = month_days(year, month)
    taken = set(
        DutyEntry.objects.filter(org=org, date__gte=days[0], date__lte=days[-1]).values_list("date", "kind")
    )
    cal = get_calendar(org.region_code)
    stamp = _now(now)
    created = []
    for day in days:
        workday = cal.is_workday(day)
        since = cal.workdays_between(ROTATION_EPOCH, day)
        for kind, members in rotation.items():
            if not members or (kind in DAY_OFF_KINDS) == workday or (day, kind) in taken:
                continue
            staff_id = members[_index(kind, day, since) % len(members)]
            created.append(
                DutyEntry(
                    org=org,
                    date=day,
                    kind=kind,
                    staff_id=staff_id,
                    source=EntrySource.GENERATED,
                    updated_at=stamp,
                    updated_by=actor,
                )
            )
    DutyEntry.objects.bulk_create(created)
    return created


@transaction.atomic
def regenerate_month(
    org: Org, year: int, month: int, *, actor: Any, now: dt.datetime | None = None
) -> tuple[int, int]:
    """按新轮值重排: after a rotation changed, the month's generated days from today on follow the new
    order; a hand edit or a swap (``MANUAL``), a day whose duty log is written and the days already past
    are kept as they are. Then the days still lacking are filled (``generate_month``). Returns (changed,
    created)."""
    _roster_org(actor, org)
    list(DutyRotation.objects.select_for_update().filter(org=org).values_list("pk", flat=True))
    stamp = _now(now)
    today = timezone.localdate(stamp)
    rotation = {
        kind: [m.staff_id for m in RotationMember.objects.filter(rotation__org=org, rotation__kind=kind)]
        for kind in kinds_for(org)
    }
    days = month_days(year, month)
    cal = get_calendar(org.region_code)
    changed = 0
    entries = DutyEntry.objects.select_for_update().filter(
        org=org, date__gte=max(days[0], today), date__lte=days[-1], source=EntrySource.GENERATED, log=""
    )
    for entry in entries:
        members = rotation.get(entry.kind) or []
        if not members:
            continue
        since = cal.workdays_between(ROTATION_EPOCH, entry.date)
        staff_id = members[_index(entry.kind, entry.date, since) % len(members)]
        if staff_id != entry.staff_id:
            entry.staff_id = staff_id
            entry.updated_at = stamp
            entry.updated_by = actor
            entry.save(update_fields=["staff", "updated_at", "updated_by"])
            changed += 1
    created = generate_month(org, year, month, actor=actor, now=stamp)
    return changed, len(created)


# ---------------------------------------------------------------------------------------------- hand edits

_ENTRY_NOT_FOUND = "duty_entry_not_found"


def _lock_entry(entry: DutyEntry | int, actor: Any) -> DutyEntry:
    return lock_in_scope(DutyEntry.objects, entry, actor, _ENTRY_NOT_FOUND, _("找不到该值班安排"))


@transaction.atomic
def assign(
    *,
    actor: Any,
    org: Org,
    date: dt.date,
    kind: str,
    staff: Staff | int,
    note: Any = "",
    now: dt.datetime | None = None,
) -> DutyEntry:
    """手工编排: put someone on a day's duty (a new day or a changed one); generation never undoes it."""
    _roster_org(actor, org)
    kind = _kind(org, kind)
    person = _staff_of_org(org.pk, [staff])[0]
    note_text = typed_text(note, max_length=200)
    entry = DutyEntry.objects.select_for_update().filter(org=org, date=date, kind=kind).first()
    if entry is None:
        entry = DutyEntry(org=org, date=date, kind=kind)
    entry.staff = person
    entry.note = note_text
    entry.source = EntrySource.MANUAL
    entry.updated_at = _now(now)
    entry.updated_by = actor
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:  # a generation or another edit created the day meanwhile
        raise DomainError("roster_changed", _("值班表刚被修改，请刷新后重试"), kind="conflict") from exc
    return entry


@transaction.atomic
def swap(
    entry: DutyEntry | int,
    *,
    actor: Any,
    to_staff: Staff | int,
    reason: Any,
    other: DutyEntry | int | None = None,
    now: dt.datetime | None = None,
) -> list[DutySwap]:
    """调班: ``to_staff`` takes the entry's duty; with ``other`` (a day ``to_staff`` holds) the two trade
    days. Both people, the reason and who recorded it are kept on a ``DutySwap`` per changed day."""
    _require(actor, "duty.edit_roster", _("只有中心主任可以登记调班"))
    locked = _lock_entry(entry, actor)
    why = typed_text(reason, max_length=200, code="reason_required", message=_("请填写调班原因"))
    person = _staff_of_org(locked.org_id, [to_staff])[0]
    if person.pk == locked.staff_id:
        raise DomainError("swap_same_staff", _("调班的两人不能是同一人"))
    stamp = _now(now)
    changes = [(locked, person)]
    if other is not None:
        partner = _lock_entry(other, actor)
        if partner.org_id != locked.org_id or partner.pk == locked.pk:
            raise DomainError("swap_other_invalid", _("只能与本单位另一天的值班对调"))
        if partner.staff_id != person.pk:
            raise DomainError("swap_other_not_theirs", _("对调的那一天须是接班人本人的值班"))
        changes.append((partner, locked.staff))
    swaps = []
    for row, new_staff in changes:
        swaps.append(
            DutySwap(
                entry=row,
                from_staff_id=row.staff_id,
                to_staff=new_staff,
                reason=why,
                swapped_at=stamp,
                swapped_by=actor,
            )
        )
        row.staff = new_staff
        row.source = EntrySource.MANUAL
        row.updated_at = stamp
        row.updated_by = actor
        row.save(update_fields=["staff", "source", "updated_at", "updated_by"])
    return DutySwap.objects.bulk_create(swaps)


@transaction.atomic
def write_log(
    entry: DutyEntry | int,
    *,
    actor: Any,
    log: Any,
    hall_cleaned: bool = False,
    now: dt.datetime | None = None,
) -> DutyEntry:
    """值班记录 (003 太湖乡): the person on duty (or the director) writes what happened, hall cleaning
    included; not before the day itself."""
    _require(actor, "duty.write_dutylog", _("您没有填写值班记录的权限"))
    locked = _lock_entry(entry, actor)
    me = staff_of(actor)
    if not (actor.has_perm("duty.edit_roster") or (me is not None and me.pk == locked.staff_id)):
        raise DomainError("not_on_duty", _("只有当天的值班人可以填写值班记录"), kind="forbidden")
    stamp = _now(now)
    if locked.date > timezone.localdate(stamp):
        raise DomainError("duty_not_started", _("还没到值班日，不能填写值班记录"), kind="conflict")
    locked.log = typed_text(log, max_length=2000, code="log_required", message=_("请填写值班记录"))
    locked.hall_cleaned = bool(hall_cleaned)
    locked.log_at = stamp
    locked.log_by = actor
    locked.save(update_fields=["log", "hall_cleaned", "log_at", "log_by"])
    return locked


# ---------------------------------------------------------------------------------------------- meetings


@transaction.atomic
def schedule_meeting(
    *,
    actor: Any,
    org: Org,
    kind: str,
    starts_at: dt.datetime,
    topic: Any,
    place: Any = "",
    now: dt.datetime | None = None,
) -> Meeting:
    """安排例会/培训 at a center."""
    _require(actor, "duty.schedule_meeting", _("您没有安排例会与培训的权限"))
    check_scope(actor, org.pk, "org_not_found", _("找不到该单位"))
    if kind not in MeetingKind.values:
        raise DomainError("invalid_meeting_kind", _("请选择例会或培训"))
    if not isinstance(starts_at, dt.datetime):
        raise DomainError("invalid_start_time", _("时间格式不正确"))
    return Meeting.objects.create(
        org=org,
        kind=kind,
        starts_at=starts_at,
        topic=typed_text(topic, max_length=200, code="topic_required", message=_("请填写议题")),
        place=typed_text(place, max_length=60),
        scheduled_at=_now(now),
        scheduled_by=actor,
    )


def _lock_meeting(meeting: Meeting | int, actor: Any) -> Meeting:
    return lock_in_scope(Meeting.objects, meeting, actor, "meeting_not_found", _("找不到该例会或培训"))


@transaction.atomic
def record_attendance(
    meeting: Meeting | int,
    *,
    actor: Any,
    presence: Mapping[Staff | int, str],
    notes: Mapping[Staff | int, str] | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    """出席情况: present, absent or on leave per staff member of the center; not before the meeting."""
    _require(actor, "duty.record_meeting", _("您没有记录出席情况的权限"))
    locked = _lock_meeting(meeting, actor)
    if locked.starts_at > _now(now):
        raise DomainError("meeting_not_started", _("会议还没开始，不能记录出席"), kind="conflict")
    people = _staff_of_org(locked.org_id, presence.keys())
    by_pk = {(k.pk if isinstance(k, Staff) else k): v for k, v in presence.items()}
    note_by_pk = {(k.pk if isinstance(k, Staff) else k): v for k, v in (notes or {}).items()}
    for person in people:
        value = by_pk[person.pk]
        if value not in Presence.values:
            raise DomainError("invalid_presence", _("出席情况应为出席、缺席或请假"))
        MeetingAttendance.objects.update_or_create(
            meeting=locked,
            staff=person,
            defaults={"presence": value, "note": typed_text(note_by_pk.get(person.pk), max_length=100)},
        )
    return locked


@transaction.atomic
def record_minutes(
    meeting: Meeting | int, *, actor: Any, minutes: Any, now: dt.datetime | None = None
) -> Meeting:
    """会议记录 attached to a meeting that has taken place."""
    _require(actor, "duty.record_meeting", _("您没有填写会议记录的权限"))
    locked = _lock_meeting(meeting, actor)
    stamp = _now(now)
    if locked.starts_at > stamp:
        raise DomainError("meeting_not_started", _("会议还没开始，不能填写会议记录"), kind="conflict")
    locked.minutes = typed_text(
        minutes, max_length=10000, code="minutes_required", message=_("请填写会议记录")
    )
    locked.minutes_at = stamp
    locked.minutes_by = actor
    locked.save(update_fields=["minutes", "minutes_at", "minutes_by"])
    return locked


def _checked_file(upload: Any) -> tuple[str, str]:
    """(content type, extension) of an uploaded minutes file, checked as case materials are (``check_upload``)."""
    if upload is None or not getattr(upload, "size", 0):
        raise DomainError("file_required", _("请选择会议记录文件"))
    return check_upload(upload)


@transaction.atomic
def attach_minutes_file(
    meeting: Meeting | int, *, actor: Any, upload: Any, now: dt.datetime | None = None
) -> Meeting:
    """会议记录附件: the minutes as a scan or PDF, after the meeting; a new file replaces the old one (which is
    removed once the change is committed)."""
    _require(actor, "duty.record_meeting", _("您没有填写会议记录的权限"))
    locked = _lock_meeting(meeting, actor)
    stamp = _now(now)
    if locked.starts_at > stamp:
        raise DomainError("meeting_not_started", _("会议还没开始，不能上传会议记录"), kind="conflict")
    content_type, extension = _checked_file(upload)
    old = locked.minutes_file.name if locked.minutes_file else ""
    locked.minutes_file.save(f"minutes-{locked.pk}{extension}", upload, save=False)
    new = locked.minutes_file.name
    locked.minutes_file_type = content_type
    locked.minutes_at = stamp
    locked.minutes_by = actor
    try:
        with transaction.atomic():
            locked.save(update_fields=["minutes_file", "minutes_file_type", "minutes_at", "minutes_by"])
    except Exception:
        default_storage.delete(new)
        raise
    # The old file goes once the change is committed; the new one is removed when its row cannot be saved.
    transaction.on_commit(lambda: default_storage.delete(old) if old and old != new else None)
    return locked


def send_meeting_reminders(*, today: dt.date, now: dt.datetime | None = None) -> int:
    """提醒: one reminder per meeting and staff member of its center, for the meetings due a reminder on
    ``today`` (``MEETING_REMINDER_WORKDAYS`` working days before, not yet begun); idempotent — a pair
    reminded already is left alone (two runs at once record each pair once). Returns the number of new
    pairs found."""
    stamp = _now(now)
    rows = [
        MeetingReminder(meeting_id=meeting_id, staff_id=staff_id, reminded_at=stamp)
        for meeting_id, staff_id in reminders_due(today, stamp)
    ]
    with transaction.atomic():
        MeetingReminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
