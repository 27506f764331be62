"""Every change of attendance and leave, one function each; pages, API and commands call these.

Each action checks the actor's right, locks what it changes and refuses with a ``DomainError`` carrying a
stable code. Times come from the caller's ``now``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bianmin.attendance.models import (
    LEAVE_STEPS,
    ApproverRole,
    AttendanceSettings,
    EmptyWindowAlert,
    LeaveApprover,
    LeaveEvent,
    LeaveEventKind,
    LeaveKind,
    LeavePolicy,
    LeaveRequest,
    LeaveState,
    Session,
    SignIn,
    Trip,
)
from bianmin.attendance.policies import FALLBACK, PRESETS, PolicyRow
from bianmin.attendance.schedule import (
    count_half_days,
    hours_on,
    session_at,
    session_bounds,
    slot_key,
    working_slots,
)
from bianmin.attendance.selectors_cover import cover_now, empty_half_days
from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.orgs.models import Org, OrgKind, Staff, Whereabouts, Window
from bianmin.orgs.roles import Role, roles_of
from bianmin.orgs.scope import lock_in_scope
from bianmin.orgs.selectors import staff_of
from bianmin.workdays.services import get_calendar, is_workday


def _own_staff(actor: Any) -> Staff:
    staff = staff_of(actor)
    if staff is None:
        raise DomainError("not_staff", _("只有中心工作人员需要签到和请假"), kind="forbidden")
    return staff


# ---------------------------------------------------------------------------------------------- sign-in


def _session_now(staff: Staff, now: dt.datetime) -> tuple[dt.date, str]:
    local = timezone.localtime(now)
    day = local.date()
    if not is_workday(day, staff.org.region_code):
        raise DomainError("not_workday", _("今天不是工作日，无需签到"), kind="conflict")
    session = session_at(hours_on(staff.org, day), local.time())
    if session is None:
        raise DomainError("sessions_over", _("今天的上下午办公时间都已结束"), kind="conflict")
    return day, session


@transaction.atomic
def sign_in(actor: Any, now: dt.datetime) -> SignIn:
    """签到 for the half day ``now`` falls in (上午 until its end, then 下午); once per half day."""
    require_permission(actor, "attendance.sign_in", _("没有签到权限"))
    staff = _own_staff(actor)
    day, session = _session_now(staff, now)
    try:
        with transaction.atomic():
            row = SignIn.objects.create(staff=staff, day=day, session=session, signed_in_at=now)
    except IntegrityError:
        raise DomainError(
            "already_signed_in",
            _("%(session)s已签到") % {"session": Session(session).label},
            kind="conflict",
        ) from None
    # A whereabouts typed by hand (开会 …) is an override until the person's own sign-in says they are back.
    Staff.objects.filter(pk=staff.pk).exclude(whereabouts=Whereabouts.ON_DUTY).update(
        whereabouts=Whereabouts.ON_DUTY, whereabouts_note=""
    )
    return row


@transaction.atomic
def sign_out(actor: Any, now: dt.datetime) -> SignIn:
    """签退 of the current half day; signing out before its end counts as leaving early."""
    require_permission(actor, "attendance.sign_in", _("没有签到权限"))
    staff = _own_staff(actor)
    day, session = _session_now(staff, now)
    row = SignIn.objects.select_for_update().filter(staff=staff, day=day, session=session).first()
    if row is None:
        raise DomainError("not_signed_in", _("本时段尚未签到，不能签退"), kind="conflict")
    if row.signed_out_at is not None:
        raise DomainError("already_signed_out", _("本时段已签退"), kind="conflict")
    row.signed_out_at = now
    row.save(update_fields=["signed_out_at"])
    return row


@transaction.atomic
def start_trip(actor: Any, reason: Any, now: dt.datetime) -> Trip:
    """中途外出, with its reason (003 太湖乡: 需在签到册上注明外出事由); the board shows 外出."""
    require_permission(actor, "attendance.sign_in", _("没有签到权限"))
    staff = Staff.objects.select_for_update().get(pk=_own_staff(actor).pk)
    text = typed_text(reason, max_length=100, code="reason_required", message=_("外出须注明事由"))
    if Trip.objects.filter(staff=staff, ended_at__isnull=True).exists():
        raise DomainError("trip_open", _("已登记外出，请先登记返回"), kind="conflict")
    # The board reads the open trip itself (selectors_cover); nothing is copied onto the staff row.
    return Trip.objects.create(staff=staff, started_at=now, reason=text)


@transaction.atomic
def end_trip(actor: Any, now: dt.datetime) -> Trip:
    require_permission(actor, "attendance.sign_in", _("没有签到权限"))
    staff = Staff.objects.select_for_update().get(pk=_own_staff(actor).pk)
    trip = Trip.objects.filter(staff=staff, ended_at__isnull=True).first()
    if trip is None:
        raise DomainError("no_open_trip", _("没有未返回的外出登记"), kind="conflict")
    trip.ended_at = now
    trip.save(update_fields=["ended_at"])
    if staff.whereabouts == Whereabouts.OUT and staff.whereabouts_note == trip.reason[:100]:
        # written onto the staff row by trips recorded before the board read trips itself
        staff.whereabouts, staff.whereabouts_note = Whereabouts.ON_DUTY, ""
        staff.save(update_fields=["whereabouts", "whereabouts_note"])
    return trip


# ---------------------------------------------------------------------------------------------- leave


@transaction.atomic
def load_policy(org: Org, preset: str) -> list[LeavePolicy]:
    """Replace a center's leave table with one of the seeds' (``policies.PRESETS``); idempotent."""
    if preset not in PRESETS:
        raise DomainError("unknown_preset", _("没有这套请假审批规则"))
    chosen = PRESETS[preset]
    Org.objects.select_for_update().filter(pk=org.pk).first()
    LeavePolicy.objects.filter(org=org).delete()
    rows = [
        LeavePolicy.objects.create(
            org=org,
            min_half_days=row.min_half_days,
            max_half_days=row.max_half_days,
            approver=row.approver,
            external_body=row.external_body,
        )
        for row in chosen.rows
    ]
    AttendanceSettings.objects.update_or_create(
        org=org, defaults={"late_leave": chosen.late_leave, "filing_office": chosen.filing_office}
    )
    return rows


def approver_for(org: Org, half_days: int) -> PolicyRow:
    """The row of the center's table that covers a leave of ``half_days`` working half days."""
    for row in LeavePolicy.objects.filter(org=org).order_by("min_half_days"):
        if row.covers(half_days):
            return PolicyRow(row.min_half_days, row.max_half_days, row.approver, row.external_body)
    return FALLBACK


def _session(value: Any, label: str) -> str:
    if value not in Session.values:
        raise DomainError("invalid_session", _("%(label)s应为上午或下午") % {"label": label})
    return str(value)


@transaction.atomic
def request_leave(
    actor: Any,
    *,
    kind: Any,
    start_day: dt.date,
    start_session: Any,
    end_day: dt.date,
    end_session: Any,
    reason: Any,
    sick_record: Any = "",
    replacement: Any = "",
    now: dt.datetime,
) -> LeaveRequest:
    """请假 for oneself, in half days; its length (working days only) names the approver. A village
    station's agent asks the village head and names who stands in (003 曾家镇 第十条: 村(社区)便民服务代办员
    请假由村主任审批,并及时补充人员上岗)."""
    require_permission(actor, "attendance.request_leave", _("没有请假权限"))
    staff = _own_staff(actor)
    if kind not in LeaveKind.values:
        raise DomainError("invalid_kind", _("请选择请假类别"))
    first = (start_day, _session(start_session, _("开始时段")))
    last = (end_day, _session(end_session, _("结束时段")))
    if slot_key(last) < slot_key(first):
        raise DomainError("invalid_period", _("结束时间不能早于开始时间"))
    if (end_day - start_day).days > 366:
        raise DomainError("invalid_period", _("请假期间不能超过一年"))
    today = timezone.localtime(now).date()
    if abs((start_day - today).days) > 366 or abs((end_day - today).days) > 366:
        raise DomainError("invalid_period", _("请假日期应在前后一年之内"))
    half_days = count_half_days(staff.org, first, last)
    if half_days == 0:
        raise DomainError("no_workdays", _("所请期间没有工作日，无需请假"))
    record = typed_text(sick_record, max_length=100)
    stand_in = typed_text(replacement, max_length=40)
    if staff.org.kind == OrgKind.VILLAGE:
        if not stand_in:
            raise DomainError("replacement_required", _("代办员请假须指定顶岗人员"))
        row = PolicyRow(1, None, ApproverRole.VILLAGE_HEAD)
    else:
        row = approver_for(staff.org, half_days)
    leave = LeaveRequest.objects.create(
        staff=staff,
        org=staff.org,
        kind=kind,
        start_day=start_day,
        start_session=first[1],
        end_day=end_day,
        end_session=last[1],
        half_days=half_days,
        reason=typed_text(reason, max_length=200, code="reason_required", message=_("请填写请假事由")),
        sick_record=record,
        replacement=stand_in,
        approver=row.approver,
        requested_at=now,
        requested_by=actor,
    )
    _event(leave, LeaveEventKind.REQUESTED, actor, now)
    return leave


def _event(leave: LeaveRequest, kind: str, actor: Any, now: dt.datetime, note: str = "") -> None:
    """The leave's log (its page's approval chain), written with the change it records."""
    LeaveEvent.objects.create(leave=leave, kind=kind, at=now, by=actor, note=note[:200])


def designations(actor: Any) -> dict[int, set[str]]:
    """The roles the actor is designated to approve leave as, per center (one query)."""
    found: dict[int, set[str]] = {}
    if actor is None or not actor.is_authenticated:
        return found
    for org_id, role in LeaveApprover.objects.filter(user=actor).values_list("org_id", "role"):
        found.setdefault(org_id, set()).add(role)
    return found


def may_decide(actor: Any, leave: LeaveRequest, designated: dict[int, set[str]] | None = None) -> bool:
    """The one the table names: the director for 中心主任 and 报上级 (who records the answer from above),
    a designated 分管领导 or 党委书记 for theirs. ``designated`` (from ``designations``) spares a query per
    leave on a list."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    staff = staff_of(actor)
    roles = (designations(actor) if designated is None else designated).get(leave.org_id, set())
    is_director = (
        staff is not None and staff.org_id == leave.org_id and Role.DIRECTOR in roles_of(actor)
    ) or ApproverRole.DIRECTOR in roles
    if leave.approver in (ApproverRole.DIRECTOR, ApproverRole.EXTERNAL):
        return is_director and actor.has_perm("attendance.decide_leave")
    return leave.approver in roles


def _lock_leave(leave: LeaveRequest | int, actor: Any) -> LeaveRequest:
    pk = leave.pk if isinstance(leave, LeaveRequest) else leave
    locked = LeaveRequest.objects.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise DomainError("leave_not_found", _("找不到该请假"), kind="not_found")
    staff = staff_of(actor)
    own = staff is not None and staff.org_id == locked.org_id
    if not (actor.is_superuser or own or locked.org_id in designations(actor)):
        raise DomainError("leave_not_found", _("找不到该请假"), kind="not_found")
    return locked


def _pending(leave: LeaveRequest) -> None:
    if leave.state != LeaveState.PENDING:
        raise DomainError(
            "leave_decided", _("该请假已%(state)s") % {"state": leave.get_state_display()}, kind="conflict"
        )


@transaction.atomic
def approve_leave(
    actor: Any, leave: LeaveRequest | int, *, now: dt.datetime, note: Any = "", external_approval: Any = ""
) -> LeaveRequest:
    locked = _lock_leave(leave, actor)
    _check_decide(actor, locked, now)
    if locked.kind == LeaveKind.SICK and not locked.sick_record:
        raise DomainError("sick_record_required", _("病假须凭医院病历卡核实，请先登记病历"))
    external = typed_text(external_approval, max_length=100)
    if locked.approver == ApproverRole.EXTERNAL and not external:
        raise DomainError("external_approval_required", _("一周以上的请假须报上级审批，请登记上级批复"))
    locked.state = LeaveState.APPROVED
    locked.decided_at, locked.decided_by = now, actor
    locked.decision_note = typed_text(note, max_length=200)
    locked.external_approval = external
    locked.save()
    _event(
        locked, LeaveEventKind.APPROVED, actor, now, " ".join(filter(None, [locked.decision_note, external]))
    )
    return locked


@transaction.atomic
def refuse_leave(actor: Any, leave: LeaveRequest | int, *, now: dt.datetime, note: Any) -> LeaveRequest:
    locked = _lock_leave(leave, actor)
    _check_decide(actor, locked, now)
    locked.state = LeaveState.REFUSED
    locked.decided_at, locked.decided_by = now, actor
    locked.decision_note = typed_text(
        note, max_length=200, code="note_required", message=_("请填写不批准的理由")
    )
    locked.save()
    _event(locked, LeaveEventKind.REFUSED, actor, now, locked.decision_note)
    return locked


@transaction.atomic
def note_sick_record(actor: Any, leave: LeaveRequest | int, record: Any, *, now: dt.datetime) -> LeaveRequest:
    """病历卡核实: the sick leave's record, noted by its owner or the approver before approval."""
    locked = _lock_leave(leave, actor)
    check_sick_record(actor, locked, now)
    locked.sick_record = typed_text(
        record, max_length=100, code="record_required", message=_("请填写病历记录")
    )
    locked.save(update_fields=["sick_record"])
    _event(locked, LeaveEventKind.SICK_RECORD, actor, now, locked.sick_record)
    return locked


# ---------------------------------------------------------------------------------------------- completion


def _step_allowed(leave: LeaveRequest, step: str) -> None:
    if not leave.can(step):
        raise DomainError(
            f"cannot_{step}",
            _("该请假%(state)s，不能%(step)s")
            % {"state": leave.get_state_display(), "step": STEP_NAMES[step]},
            kind="conflict",
        )


STEP_NAMES = {
    "approve": _lazy("批准"),
    "refuse": _lazy("不批准"),
    "withdraw": _lazy("撤回"),
    "cancel": _lazy("取消"),
    "end_early": _lazy("提前销假"),
}


def leave_bounds(leave: LeaveRequest) -> tuple[dt.datetime, dt.datetime]:
    """When the leave begins (its first half day's start) and ends (its last half day's end)."""
    begins, _ends = session_bounds(hours_on(leave.org, leave.start_day), leave.start_day, leave.start_session)
    _begins, ends = session_bounds(hours_on(leave.org, leave.end_day), leave.end_day, leave.end_session)
    return begins, ends


def _own_leave(actor: Any, leave: LeaveRequest) -> None:
    if leave.requested_by_id != actor.pk:
        raise DomainError("not_the_applicant", _("只有请假人本人可以撤回或取消请假"), kind="forbidden")


def check_withdraw(actor: Any, leave: LeaveRequest, now: dt.datetime) -> None:
    """撤回 is the applicant's, while the leave waits for its decision."""
    _own_leave(actor, leave)
    _step_allowed(leave, "withdraw")


def check_cancel(actor: Any, leave: LeaveRequest, now: dt.datetime) -> None:
    """取消 is the applicant's, for an approved leave not yet begun."""
    _own_leave(actor, leave)
    _step_allowed(leave, "cancel")
    if now >= leave_bounds(leave)[0]:
        raise DomainError("leave_started", _("请假已经开始，不能取消；请审批人办理提前销假"), kind="conflict")


def check_end_early(actor: Any, leave: LeaveRequest, now: dt.datetime) -> list[tuple[dt.date, str]]:
    """提前销假 is the approver's, for a leave under way with half days still to come; the half days kept."""
    _step_allowed(leave, "end_early")
    if not may_decide(actor, leave):
        raise DomainError(
            "not_the_approver",
            _("提前销假由审批人(%(approver)s)办理") % {"approver": leave.get_approver_display()},
            kind="forbidden",
        )
    begins, ends = leave_bounds(leave)
    if not begins <= now < ends:
        raise DomainError("leave_not_running", _("只有正在休的请假可以提前销假"), kind="conflict")
    calendar = get_calendar(leave.org.region_code)
    taken = [
        slot
        for slot in working_slots(
            calendar, (leave.start_day, leave.start_session), (leave.end_day, leave.end_session)
        )
        if session_bounds(hours_on(leave.org, slot[0]), slot[0], slot[1])[0] <= now
    ]
    if not taken or len(taken) == leave.half_days:
        raise DomainError("leave_ending", _("请假已到最后半天，无需提前销假"), kind="conflict")
    return taken


def _check_decide(actor: Any, leave: LeaveRequest, now: dt.datetime) -> None:
    _pending(leave)
    if not may_decide(actor, leave):
        raise DomainError(
            "not_the_approver",
            _("该请假应由%(approver)s审批") % {"approver": leave.get_approver_display()},
            kind="forbidden",
        )


def check_sick_record(actor: Any, leave: LeaveRequest, now: dt.datetime) -> None:
    """病历卡核实 is noted by the applicant or the approver while the leave waits for its decision."""
    _pending(leave)
    if leave.requested_by_id != actor.pk and not may_decide(actor, leave):
        raise DomainError("permission_denied", _("只有请假人或审批人可以登记病历"), kind="forbidden")


GUARDS = {
    "record": check_sick_record,
    "approve": _check_decide,
    "refuse": _check_decide,
    "withdraw": check_withdraw,
    "cancel": check_cancel,
    "end_early": check_end_early,
}


def allowed_steps(actor: Any, leave: LeaveRequest, now: dt.datetime) -> set[str]:
    """The steps the leave's page offers the actor: those whose guard (the action's own) lets them through."""
    found = set()
    for step, guard in GUARDS.items():
        try:
            guard(actor, leave, now)
        except DomainError:
            continue
        found.add(step)
    return found


@transaction.atomic
def withdraw_leave(
    actor: Any, leave: LeaveRequest | int, *, now: dt.datetime, note: Any = ""
) -> LeaveRequest:
    """撤回: the applicant takes back a leave not yet decided."""
    locked = _lock_leave(leave, actor)
    check_withdraw(actor, locked, now)
    locked.state = LEAVE_STEPS["withdraw"][1]
    locked.save(update_fields=["state"])
    _event(locked, LeaveEventKind.WITHDRAWN, actor, now, typed_text(note, max_length=200))
    return locked


@transaction.atomic
def cancel_leave(actor: Any, leave: LeaveRequest | int, *, now: dt.datetime, note: Any = "") -> LeaveRequest:
    """取消: the applicant gives up an approved leave before it begins (once begun, the approver ends it)."""
    locked = _lock_leave(leave, actor)
    check_cancel(actor, locked, now)
    locked.state = LEAVE_STEPS["cancel"][1]
    locked.save(update_fields=["state"])
    _event(locked, LeaveEventKind.CANCELLED, actor, now, typed_text(note, max_length=200))
    return locked


@transaction.atomic
def end_leave_early(
    actor: Any, leave: LeaveRequest | int, *, now: dt.datetime, note: Any = ""
) -> LeaveRequest:
    """提前销假: the approver ends a running leave; it keeps the half days begun by ``now`` (the one under way
    included, so coming back mid-morning is neither late nor absent) and the period first approved is kept
    on the leave. The board and attendance read the shorter period from then on."""
    locked = _lock_leave(leave, actor)
    taken = check_end_early(actor, locked, now)
    locked.planned_end_day, locked.planned_end_session = locked.end_day, locked.end_session
    locked.planned_half_days = locked.half_days
    locked.end_day, locked.end_session = taken[-1]
    locked.half_days = len(taken)
    locked.save()
    _event(locked, LeaveEventKind.ENDED_EARLY, actor, now, typed_text(note, max_length=200))
    return locked


# ---------------------------------------------------------------------------------------------- 空岗提醒


@transaction.atomic
def record_empty_window_alerts(org: Org, now: dt.datetime, *, since: dt.date | None = None) -> int:
    """Write one 空岗提醒 per window and half day of today (or from ``since``) left empty by ``now`` — from
    the sign-ins and trips (``empty_half_days``) and from the board under way (which also reads hand-typed
    whereabouts). Idempotent: a half day already recorded is left as it is; the number written is returned."""
    today = timezone.localdate(now)
    found: dict[tuple[int, dt.date, str], tuple[Window, dt.datetime, int, str]] = {}
    for empty in empty_half_days(org, min(since or today, today), today, now=now):
        found[(empty.window.pk, empty.day, empty.session)] = (
            empty.window,
            empty.since,
            empty.minutes,
            empty.away,
        )
    moment, covers = cover_now(org, now)
    for cover in covers:
        if cover.empty and moment.session is not None:
            key = (cover.window.pk, moment.day, moment.session)
            found.setdefault(key, (cover.window, now, 0, cover.away_text()[:200]))
    written = 0
    for (_window_id, day, session), (window, since, minutes, away) in sorted(
        found.items(), key=lambda kv: kv[0]
    ):
        try:
            with transaction.atomic():
                _alert, created = EmptyWindowAlert.objects.get_or_create(
                    window=window,
                    day=day,
                    session=session,
                    defaults={
                        "org": org,
                        "since": since,
                        "minutes": minutes,
                        "away": away,
                        "recorded_at": now,
                    },
                )
        except IntegrityError:
            created = False  # recorded at the same moment by another run
        written += int(created)
    return written


@transaction.atomic
def acknowledge_alert(
    actor: Any, alert: EmptyWindowAlert | int, *, now: dt.datetime, note: Any = ""
) -> EmptyWindowAlert:
    """The director or duty leader confirms having seen a 空岗提醒, saying what was done."""
    require_permission(actor, "attendance.acknowledge_alert", _("没有确认空岗提醒的权限"))
    locked = lock_in_scope(EmptyWindowAlert.objects, alert, actor, "alert_not_found", _("找不到该空岗提醒"))
    if locked.acknowledged_at is not None:
        raise DomainError("alert_acknowledged", _("该空岗提醒已确认"), kind="conflict")
    locked.acknowledged_at, locked.acknowledged_by = now, actor
    locked.note = typed_text(note, max_length=200)
    locked.save(update_fields=["acknowledged_at", "acknowledged_by", "note"])
    return locked
