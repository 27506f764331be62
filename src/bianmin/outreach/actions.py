"""Every change of a market day or a home visit, one function each; pages, API and commands call these.

Each action checks the actor's right and scope, locks the row (``select_for_update``), checks the state
against the model's transition table and refuses with a ``DomainError`` carrying a stable code. Cases are
registered on site through ``bianmin.cases.actions.register`` with the outing's channel, and the link to
the outing is written in the same transaction.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases import actions as case_actions
from bianmin.cases.models import Channel
from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.lib.identity import clean_phone, clean_resident_id
from bianmin.lib.text import clean_person_name, number_text
from bianmin.orgs.models import Org, Staff
from bianmin.orgs.scope import check_scope, lock_in_scope
from bianmin.orgs.selectors import staff_of
from bianmin.outreach.models import (
    MARKET_OPENS,
    HomeVisit,
    MarketDay,
    MarketDayState,
    OutreachCase,
    VisitReason,
    VisitState,
)
from bianmin.outreach.selectors import CENTER_KINDS, default_place

MAX_COUNT = 100_000  # a log count above this is a typing slip, not a market day


# ---------------------------------------------------------------------------------------------- helpers


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _staff_of_center(org_id: int, staff: Iterable[Staff | int | None]) -> list[Staff]:
    """The named staff, each of whom must work at the center (本中心工作人员)."""
    wanted = {s.pk if isinstance(s, Staff) else s for s in staff if s is not None}
    found = list(Staff.objects.filter(pk__in=wanted, org_id=org_id))
    if len(found) != len(wanted):
        raise DomainError("staff_not_of_center", _("只能安排本中心的工作人员"))
    return found


def _on_site_staff(actor: Any, org_id: int) -> None:
    """Cases registered on site belong to the center: only its own staff register them there."""
    staff = staff_of(actor)
    if staff is None or staff.org_id != org_id:
        raise DomainError("not_center_staff", _("只有本中心的工作人员可以现场登记办件"), kind="forbidden")


# ---------------------------------------------------------------------------------------------- market days

_MARKET_DAY_NOT_FOUND = "market_day_not_found"


def _market_day_not_found() -> str:
    return _("找不到该赶场活动")


def _lock_market_day(event: MarketDay | int, actor: Any) -> MarketDay:
    return lock_in_scope(MarketDay.objects, event, actor, _MARKET_DAY_NOT_FOUND, _market_day_not_found())


def _still_open(event: MarketDay) -> None:
    if event.state == MarketDayState.ENDED:
        raise DomainError("market_day_ended", _("该赶场活动已散场，不能再修改"), kind="conflict")
    if event.state == MarketDayState.CANCELLED:
        raise DomainError("market_day_cancelled", _("该赶场活动已取消"), kind="conflict")


def _started(event: MarketDay, today: dt.date) -> None:
    if event.date > today:
        raise DomainError(
            "market_day_not_started",
            _("赶场日（%(date)s）还没到，不能记录活动") % {"date": f"{event.date:%Y-%m-%d}"},
            kind="conflict",
        )


def _center(org: Org) -> Org:
    if org.kind not in CENTER_KINDS:
        raise DomainError("not_a_center", _("只有便民服务中心安排赶场服务"))
    return org


def _plan(
    event: MarketDay, *, place: Any, starts_at: Any, leader: Any, team: Iterable[Any], notes: Any
) -> list[Staff]:
    """Set the event's place, start, notes and leader; return its team, checked, to be set once it is saved."""
    event.place = typed_text(place, max_length=60, code="place_required", message=_("请填写赶场地点"))
    if starts_at is not None and not isinstance(starts_at, dt.time):
        raise DomainError("invalid_start_time", _("开始时间格式不正确"))
    event.starts_at = starts_at or MARKET_OPENS
    event.notes = typed_text(notes, max_length=500)
    leaders = _staff_of_center(event.org_id, [leader])
    event.leader = leaders[0] if leaders else None
    return _staff_of_center(event.org_id, team)


def schedule_market_day(
    *,
    actor: Any,
    org: Org,
    date: dt.date,
    place: Any,
    starts_at: dt.time | None = None,
    leader: Staff | int | None = None,
    team: Iterable[Staff | int] = (),
    notes: Any = "",
    now: dt.datetime | None = None,
) -> MarketDay:
    """安排赶场: one market-day event of a center, on a day still to come, at a place not yet planned."""
    now = _now(now)
    require_permission(actor, "outreach.schedule_marketday", _("您没有安排赶场服务的权限"))
    check_scope(actor, org.pk, "org_not_found", _("找不到该中心"))
    _center(org)
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise DomainError("invalid_date", _("请填写赶场日期"))
    if date < timezone.localdate(now):
        raise DomainError("market_day_in_past", _("赶场日期已过，不能再安排"))
    event = MarketDay(org=org, date=date, scheduled_at=now, scheduled_by=actor)
    members = _plan(event, place=place, starts_at=starts_at, leader=leader, team=team, notes=notes)
    try:
        with transaction.atomic():
            event.save()
            event.team.set(members)
    except IntegrityError as exc:
        raise DomainError(
            "market_day_exists",
            _("%(date)s 在%(place)s已安排赶场服务") % {"date": f"{date:%Y-%m-%d}", "place": event.place},
            kind="conflict",
        ) from exc
    return event


def market_dates(org: Org, year: int, month: int) -> list[dt.date]:
    """The center's market days (``Org.market_days``) that exist in the month: no 31st in a 30-day month."""
    last = calendar.monthrange(year, month)[1]
    return sorted({dt.date(year, month, day) for day in (org.market_days or []) if 1 <= day <= last})


def schedule_month(
    org: Org, year: int, month: int, *, actor: Any = None, place: Any = "", now: dt.datetime | None = None
) -> list[MarketDay]:
    """安排一个月的赶场: an event on each of the center's market days in the month, from today on.

    Idempotent: a day that already has an event at the center (at any place) is left as it is, so running
    it twice, or after someone planned a day by hand, adds nothing. ``actor`` None is the monthly command."""
    now = _now(now)
    if actor is not None:
        require_permission(actor, "outreach.schedule_marketday", _("您没有安排赶场服务的权限"))
        check_scope(actor, org.pk, "org_not_found", _("找不到该中心"))
    _center(org)
    if not (1 <= month <= 12 and dt.MINYEAR < year < dt.MAXYEAR):
        raise DomainError("invalid_month", _("月份不正确"))
    if not org.market_days:
        raise DomainError("no_market_days", _("本中心没有设置赶场日（组织的“赶场日”）"), kind="conflict")
    today = timezone.localdate(now)
    where = typed_text(place, max_length=60) or default_place(org)
    created = []
    with transaction.atomic():
        Org.objects.select_for_update().filter(pk=org.pk).first()  # two runs at once plan each day once
        taken = set(
            MarketDay.objects.filter(org=org, date__year=year, date__month=month).values_list(
                "date", flat=True
            )
        )
        for day in market_dates(org, year, month):
            if day < today or day in taken:
                continue
            created.append(
                MarketDay.objects.create(org=org, date=day, place=where, scheduled_at=now, scheduled_by=actor)
            )
    return created


def plan_market_day(
    event: MarketDay | int,
    *,
    actor: Any,
    place: Any,
    starts_at: dt.time | None = None,
    leader: Staff | int | None = None,
    team: Iterable[Staff | int] = (),
    notes: Any = "",
    now: dt.datetime | None = None,
) -> MarketDay:
    """The place, start, leader in charge and team of an event that has not ended (带队领导、服务队)."""
    require_permission(actor, "outreach.schedule_marketday", _("您没有安排赶场服务的权限"))
    with transaction.atomic():
        locked = _lock_market_day(event, actor)
        _still_open(locked)
        members = _plan(locked, place=place, starts_at=starts_at, leader=leader, team=team, notes=notes)
        clash = MarketDay.objects.filter(org_id=locked.org_id, date=locked.date, place=locked.place)
        if clash.exclude(pk=locked.pk).exists():
            raise DomainError("market_day_exists", _("当天在该地点已安排赶场服务"), kind="conflict")
        locked.save(update_fields=["place", "starts_at", "notes", "leader"])
        locked.team.set(members)
    return locked


def _count(value: Any, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise DomainError(
            "invalid_count", _("“%(label)s”应为 0 到 %(max)d 的整数") % {"label": label, "max": MAX_COUNT}
        )
    return value


def record_log(
    event: MarketDay | int,
    *,
    actor: Any,
    people_served: int,
    consultations: int,
    disputes_mediated: int,
    follow_up_visits: int,
    note: Any = "",
    now: dt.datetime | None = None,
) -> MarketDay:
    """活动日志: what the day's service did, kept up to date while the event is open (000 篇9: 活动日志规范).

    The matters registered are not typed here: they are the cases linked to the event."""
    now = _now(now)
    require_permission(actor, "outreach.record_marketday", _("您没有记录赶场活动日志的权限"))
    counts = {
        "people_served": _count(people_served, _("服务群众")),
        "consultations": _count(consultations, _("解答咨询")),
        "disputes_mediated": _count(disputes_mediated, _("调解纠纷")),
        "follow_up_visits": _count(follow_up_visits, _("跟踪回访")),
    }
    with transaction.atomic():
        locked = _lock_market_day(event, actor)
        _still_open(locked)
        _started(locked, timezone.localdate(now))
        for name, value in counts.items():
            setattr(locked, name, value)
        locked.log_note = typed_text(note, max_length=2000)
        locked.log_updated_at, locked.log_updated_by = now, actor
        locked.save(update_fields=[*counts, "log_note", "log_updated_at", "log_updated_by"])
    return locked


def end_market_day(
    event: MarketDay | int, *, actor: Any, ends_at: dt.time | None = None, now: dt.datetime | None = None
) -> MarketDay:
    """散场: the service ends when the market does; the end time is recorded and the log is closed.

    An event ends only with its leader in charge on record (000 篇9: 每次便民服务活动必须有一名带队领导).
    Ended on the day, the end time is the moment it was ended unless given; ended later, it must be given."""
    now = _now(now)
    require_permission(actor, "outreach.record_marketday", _("您没有记录赶场活动日志的权限"))
    with transaction.atomic():
        locked = _lock_market_day(event, actor)
        _still_open(locked)
        today = timezone.localdate(now)
        _started(locked, today)
        if locked.leader_id is None:
            raise DomainError(
                "leader_required", _("每次赶场服务必须有一名带队领导：请先指定带队领导"), kind="conflict"
            )
        if ends_at is None:
            if locked.date != today:
                raise DomainError("end_time_required", _("请填写散场时间"))
            ends_at = timezone.localtime(now).time().replace(second=0, microsecond=0)
        if not isinstance(ends_at, dt.time):
            raise DomainError("end_time_required", _("请填写散场时间"))
        if ends_at <= locked.starts_at:
            raise DomainError("end_before_start", _("散场时间应晚于开始时间"))
        locked.ends_at, locked.state = ends_at, MarketDayState.ENDED
        locked.closed_at, locked.closed_by = now, actor
        locked.save(update_fields=["ends_at", "state", "closed_at", "closed_by"])
    return locked


def cancel_market_day(
    event: MarketDay | int, *, actor: Any, reason: Any, now: dt.datetime | None = None
) -> MarketDay:
    """取消: an event that did not take place (a market called off); one with cases on record did."""
    now = _now(now)
    require_permission(actor, "outreach.schedule_marketday", _("您没有安排赶场服务的权限"))
    reason = typed_text(reason, max_length=200, code="reason_required", message=_("请写明取消原因"))
    with transaction.atomic():
        locked = _lock_market_day(event, actor)
        _still_open(locked)
        if OutreachCase.objects.filter(market_day=locked).exists():
            raise DomainError(
                "market_day_has_cases",
                _("该赶场活动已登记办件，不能取消；请在散场时结束活动"),
                kind="conflict",
            )
        locked.state, locked.cancel_reason = MarketDayState.CANCELLED, reason
        locked.closed_at, locked.closed_by = now, actor
        locked.save(update_fields=["state", "cancel_reason", "closed_at", "closed_by"])
    return locked


def register_on_market_day(
    event: MarketDay | int,
    *,
    actor: Any,
    item_code: str,
    applicant: Mapping[str, Any],
    received_materials: Iterable[Any] = (),
    idempotency: case_actions.Idempotency | None = None,
    now: dt.datetime | None = None,
) -> case_actions.Outcome:
    """现场登记: a case registered at the market stall on the day, with the channel 赶场日服务, linked to
    the event in the same transaction. The case then goes on like any other (受理、办理…)."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock_market_day(event, actor)
        _still_open(locked)
        if locked.date != timezone.localdate(now):
            raise DomainError(
                "not_market_day_today",
                _("只能在赶场当天（%(date)s）现场登记") % {"date": f"{locked.date:%Y-%m-%d}"},
                kind="conflict",
            )
        _on_site_staff(actor, locked.org_id)
        outcome = case_actions.register(
            actor=actor,
            item_code=item_code,
            applicant=applicant,
            channel=Channel.MARKET_DAY,
            received_materials=received_materials,
            idempotency=idempotency,
            now=now,
        )
        OutreachCase.objects.get_or_create(
            case=outcome.case, defaults={"market_day": locked, "linked_at": now}
        )
    return outcome


# ---------------------------------------------------------------------------------------------- home visits

_VISIT_NOT_FOUND = "home_visit_not_found"


def _visit_not_found() -> str:
    return _("找不到该上门服务")


def _lock_visit(visit: HomeVisit | int, actor: Any) -> HomeVisit:
    return lock_in_scope(HomeVisit.objects, visit, actor, _VISIT_NOT_FOUND, _visit_not_found())


def _move(visit: HomeVisit, state: str) -> None:
    """Refuse a step the visit's state does not allow (``VISIT_TRANSITIONS``)."""
    if visit.can_become(state):
        return
    if visit.state == VisitState.REQUESTED:
        raise DomainError("visit_not_assigned", _("该上门服务尚未派员"), kind="conflict")
    if visit.state == VisitState.VISITED:
        raise DomainError("visit_done", _("该上门服务已完成"), kind="conflict")
    raise DomainError("visit_cancelled", _("该上门服务已取消"), kind="conflict")


def request_home_visit(
    *,
    actor: Any,
    requester_name: Any,
    requester_phone: Any,
    reason: str,
    matter: Any,
    address: Any,
    wished_at: dt.datetime,
    requester_id_number: Any = "",
    reason_note: Any = "",
    org: Org | None = None,
    now: dt.datetime | None = None,
) -> HomeVisit:
    """上门服务登记: who asks for a visit, why they cannot come (老年人、残疾人、患病), where and when.

    The ID number is optional and, when given, must pass the GB 11643 check. "Other" reasons are written
    out. The request belongs to the actor's own center unless a county role names one of its centers."""
    now = _now(now)
    require_permission(actor, "outreach.add_homevisit", _("您没有登记上门服务的权限"))
    staff = staff_of(actor)
    center = org or (staff.org if staff is not None else None)
    if center is None:
        raise DomainError("not_center_staff", _("只有中心工作人员可以登记上门服务"), kind="forbidden")
    check_scope(actor, center.pk, "org_not_found", _("找不到该中心"))
    _center(center)
    name = typed_text(
        clean_person_name(requester_name),
        max_length=100,
        code="requester_name_required",
        message=_("请填写申请人姓名"),
    )
    phone = clean_phone(str(requester_phone or ""))
    if phone is None:
        raise DomainError("invalid_phone", _("联系电话格式不正确"))
    if not phone:
        raise DomainError("requester_phone_required", _("请填写联系电话，以便上门前联系"))
    id_number = number_text(requester_id_number)
    if id_number:
        checked = clean_resident_id(id_number)
        if checked is None:
            raise DomainError("invalid_id_number", _("居民身份证号码不正确，请核对（GB 11643 校验位）"))
        id_number = checked
    if reason not in VisitReason.values:
        raise DomainError("invalid_reason", _("请选择上门原因"))
    note = typed_text(reason_note, max_length=200)
    if reason == VisitReason.OTHER and not note:
        raise DomainError("reason_note_required", _("上门原因为“其他”时，请写明情况"))
    if not isinstance(wished_at, dt.datetime) or timezone.is_naive(wished_at):
        raise DomainError("invalid_wished_at", _("请填写希望上门的时间"))
    if timezone.localdate(wished_at) < timezone.localdate(now):
        raise DomainError("wished_at_in_past", _("希望上门的时间已过，请重新约定"))
    return HomeVisit.objects.create(
        org=center,
        requester_name=name,
        requester_phone=phone,
        requester_id_number=id_number,
        reason=reason,
        reason_note=note,
        matter=typed_text(matter, max_length=200, code="matter_required", message=_("请填写需要办理的事项")),
        address=typed_text(address, max_length=200, code="address_required", message=_("请填写上门地址")),
        wished_at=wished_at,
        requested_at=now,
        requested_by=actor,
    )


def assign_home_visit(
    visit: HomeVisit | int, *, actor: Any, staff: Staff | int | None, now: dt.datetime | None = None
) -> HomeVisit:
    """派员: a staff member of the center goes (again, when someone else goes instead)."""
    now = _now(now)
    require_permission(actor, "outreach.assign_homevisit", _("您没有派员上门的权限"))
    with transaction.atomic():
        locked = _lock_visit(visit, actor)
        _move(locked, VisitState.ASSIGNED)
        if staff is None:
            raise DomainError("staff_required", _("请选择上门人员"))
        (locked.assigned_to,) = _staff_of_center(locked.org_id, [staff])
        locked.state, locked.assigned_at, locked.assigned_by = VisitState.ASSIGNED, now, actor
        locked.save(update_fields=["assigned_to", "state", "assigned_at", "assigned_by"])
    return locked


def record_home_visit(
    visit: HomeVisit | int,
    *,
    actor: Any,
    note: Any,
    visited_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> HomeVisit:
    """已上门: who went records when and what was done; a leader or clerk who dispatches may record it too."""
    now = _now(now)
    require_permission(actor, "outreach.record_homevisit", _("您没有记录上门情况的权限"))
    with transaction.atomic():
        locked = _lock_visit(visit, actor)
        _move(locked, VisitState.VISITED)
        assignee = locked.assigned_to.user_id if locked.assigned_to is not None else None
        if assignee != actor.pk and not actor.has_perm("outreach.assign_homevisit"):
            raise DomainError("not_your_visit", _("只有上门人员本人可以记录上门情况"), kind="forbidden")
        visited_at = visited_at or now
        if not isinstance(visited_at, dt.datetime) or timezone.is_naive(visited_at):
            raise DomainError("invalid_visited_at", _("上门时间格式不正确"))
        if visited_at > now:
            raise DomainError("visited_in_future", _("上门时间不能晚于现在"))
        locked.visit_note = typed_text(
            note, max_length=1000, code="visit_note_required", message=_("请写明上门情况")
        )
        locked.state, locked.visited_at, locked.closed_by = VisitState.VISITED, visited_at, actor
        locked.save(update_fields=["visit_note", "state", "visited_at", "closed_by"])
    return locked


def cancel_home_visit(
    visit: HomeVisit | int, *, actor: Any, reason: Any, now: dt.datetime | None = None
) -> HomeVisit:
    """取消: the citizen no longer needs the visit (came to the hall, matter settled…); the reason is kept."""
    now = _now(now)
    require_permission(actor, "outreach.assign_homevisit", _("您没有派员上门的权限"))
    reason = typed_text(reason, max_length=200, code="reason_required", message=_("请写明取消原因"))
    with transaction.atomic():
        locked = _lock_visit(visit, actor)
        _move(locked, VisitState.CANCELLED)
        if OutreachCase.objects.filter(home_visit=locked).exists():
            raise DomainError(
                "visit_has_cases", _("上门时已登记办件，不能取消；请记录上门情况"), kind="conflict"
            )
        locked.state, locked.cancel_reason = VisitState.CANCELLED, reason
        locked.cancelled_at, locked.closed_by = now, actor
        locked.save(update_fields=["state", "cancel_reason", "cancelled_at", "closed_by"])
    return locked


def register_on_home_visit(
    visit: HomeVisit | int,
    *,
    actor: Any,
    item_code: str,
    applicant: Mapping[str, Any],
    received_materials: Iterable[Any] = (),
    idempotency: case_actions.Idempotency | None = None,
    now: dt.datetime | None = None,
) -> case_actions.Outcome:
    """登记 during a visit: the case carries the channel 上门服务 and is linked to the visit, in one
    transaction. Only a visit someone was sent to is under way."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock_visit(visit, actor)
        # Under way is a visit someone was sent to and that is not over: one that could be recorded as done.
        _move(locked, VisitState.VISITED)
        _on_site_staff(actor, locked.org_id)
        outcome = case_actions.register(
            actor=actor,
            item_code=item_code,
            applicant=applicant,
            channel=Channel.HOME_VISIT,
            received_materials=received_materials,
            idempotency=idempotency,
            now=now,
        )
        OutreachCase.objects.get_or_create(
            case=outcome.case, defaults={"home_visit": locked, "linked_at": now}
        )
    return outcome
