"""Every change of a booking: book, move, cancel, check in, record no-shows, close and reopen slots.

Booking takes the row lock of every window the slot could go to (``select_for_update`` on ``Window``, in
window order so two bookings never wait on each other crosswise) and only then counts the places taken: of
people racing for the last place, one at a time counts and books, the rest are told ``slot_full``. On SQLite
the write lock taken at BEGIN serialises them the same way. Each change writes its ``AppointmentEvent`` in
the same transaction; the SMS is requested in that transaction too (``notify.enqueue``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.appointments import selectors
from bianmin.appointments.models import (
    HOLDING_STATES,
    Appointment,
    AppointmentEvent,
    AppointmentState,
    BookingChannel,
    EventKind,
    SlotClosure,
)
from bianmin.catalog.models import ServiceItem
from bianmin.lib.errors import DomainError, require_permission, typed_text
from bianmin.lib.identity import clean_phone, clean_resident_id
from bianmin.lib.text import clean_person_name, number_text
from bianmin.notify import actions as notify
from bianmin.notify.kinds import MessageKind
from bianmin.notify.models import Message
from bianmin.orgs.models import Org, Window
from bianmin.orgs.scope import check_scope
from bianmin.workdays.services import add_workdays

# Letters and digits that cannot be mistaken for one another when read out on the phone (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6

BOOK = "appointments.book_appointment"
CHECK_IN = "appointments.check_in_appointment"
CLOSE = "appointments.close_slots"


def _not_found() -> DomainError:
    return DomainError("appointment_not_found", _("找不到该预约，请核对预约码和手机号"), kind="not_found")


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Appointment.objects.filter(code=code).exists():
            return code


def _person(name: Any, phone: Any, id_number: Any) -> dict[str, str]:
    clean_name = typed_text(
        clean_person_name(name), max_length=100, code="name_required", message=_("请填写姓名")
    )
    clean = clean_phone(str(phone or ""))
    if clean is None:
        raise DomainError("invalid_phone", _("联系电话格式不正确"))
    if not clean:
        raise DomainError("phone_required", _("请填写联系电话，用于接收预约短信和取消预约"))
    number = clean_resident_id(number_text(id_number))
    if number is None:
        raise DomainError("invalid_id_number", _("居民身份证号码不正确，请核对（GB 11643 校验位）"))
    return {"name": clean_name, "phone": clean, "id_number": number}


def _event(appointment: Appointment, kind: str, actor: Any, now: dt.datetime, note: str = "") -> None:
    AppointmentEvent.objects.create(
        appointment=appointment,
        kind=kind,
        at=now,
        actor=actor if actor is not None else None,
        note=note[:200],
    )


def _notify(appointment: Appointment, kind: str, cause: str, now: dt.datetime) -> None:
    """The SMS to the person (预约成功/变更/取消), requested from the notify app in the change's own
    transaction; ``cause`` makes the source unique, so a retried change never sends twice."""
    notify.enqueue(
        kind,
        org=appointment.org,
        recipient_phone=appointment.phone,
        recipient_name=appointment.name,
        params={
            "date": appointment.date.isoformat(),
            "time": f"{appointment.start:%H:%M}",
            "item": appointment.item_name,
            "code": appointment.code,
            "window": str(appointment.window),
        },
        source=f"appointment:{appointment.pk}:{cause}",
        now=now,
    )


def _slot_place(
    org: Org, item: ServiceItem, day: Any, start: Any, window: Window | None, now: dt.datetime
) -> tuple[Window, dt.time, dt.time, dt.datetime]:
    """Lock the windows the slot may go to, then pick the one with the most places left (the one asked for,
    when one was): (window, start, end, end as a moment). Refuses a slot that does not exist, is past,
    closed or full."""
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise DomainError("invalid_date", _("请选择预约日期"))
    if not isinstance(start, dt.time):
        raise DomainError("invalid_start", _("请选择预约时段"))
    conf = selectors.settings_for(org)
    if day not in selectors.booking_days(org, now, conf):
        raise DomainError("day_not_bookable", _("该日期不能预约（非工作日，或不在可预约的日期内）"))
    windows = selectors.item_windows(org, item)
    if window is not None:
        if window.pk not in {w.pk for w in windows}:
            raise DomainError("window_not_for_item", _("该窗口不受理此事项"))
        windows = [window]
    if not windows:
        raise DomainError("item_has_no_window", _("本中心没有受理此事项的窗口，不能预约"))
    locked = list(Window.objects.select_for_update().filter(pk__in=[w.pk for w in windows]).order_by("pk"))
    table = selectors.slot_tables(org, locked, [day], now, conf)[day]
    slot = next((s for s in table if s.start == start.replace(second=0, microsecond=0)), None)
    if slot is None:
        raise DomainError("no_such_slot", _("该时段不在办公时间内，请重新选择"))
    if slot.past:
        raise DomainError("slot_past", _("该时段已过，请重新选择"))
    if slot.closed:
        raise DomainError("slot_closed", _("该时段已停止预约，请选择其他时段"), kind="conflict")
    free = [(w, left) for w, left in slot.windows if left > 0]
    if not free:
        raise DomainError("slot_full", _("该时段已约满，请选择其他时段"), kind="conflict")
    chosen = max(free, key=lambda pair: (pair[1], -pair[0].number))[0]
    tz = timezone.get_current_timezone()
    return chosen, slot.start, slot.end, dt.datetime.combine(day, slot.end).replace(tzinfo=tz)


def book(
    *,
    actor: Any,
    org: Org,
    item: ServiceItem,
    date: Any,
    start: Any,
    name: Any,
    phone: Any,
    id_number: Any,
    channel: str = BookingChannel.ONLINE,
    window: Window | None = None,
    now: dt.datetime | None = None,
) -> Appointment:
    """预约: a citizen online (``actor`` None, channel online) or a clerk for them (电话预约登记, 000 篇8)."""
    now = now or timezone.now()
    if channel not in BookingChannel.values:
        raise DomainError("invalid_channel", _("预约方式不正确"))
    if actor is None:
        if channel != BookingChannel.ONLINE:
            raise DomainError("channel_not_allowed", _("群众只能网上预约"))
    else:
        require_permission(actor, BOOK, _("没有为群众登记预约的权限"))
        check_scope(actor, org.pk, "center_not_found", _("找不到该中心"))
    if item is None or not selectors.bookable_items(org).filter(pk=item.pk).exists():
        raise DomainError("item_not_bookable", _("该事项在本中心不能预约"))
    if window is not None and window.org_id != org.pk:
        raise DomainError("window_not_for_item", _("该窗口不受理此事项"))
    person = _person(name, phone, id_number)
    if channel == BookingChannel.ONLINE:
        reopens = selectors.online_booking_reopens(person["id_number"], now)
        if reopens is not None:
            raise DomainError(
                "booking_blocked",
                _("近期多次预约未到，%(day)s 前不能网上预约，可到中心现场办理或致电中心")
                % {"day": reopens.isoformat()},
                kind="forbidden",
                reopens=reopens.isoformat(),
            )
    with transaction.atomic():
        chosen, start_time, end_time, ends_at = _slot_place(org, item, date, start, window, now)
        if Appointment.objects.filter(
            org=org, item=item, date=date, id_number=person["id_number"], state__in=HOLDING_STATES
        ).exists():
            raise DomainError("already_booked", _("您当天已预约过此事项"), kind="conflict")
        appointment = Appointment.objects.create(
            org=org,
            window=chosen,
            item=item,
            item_name=item.current.name if item.current else item.code,
            code=_new_code(),
            date=date,
            start=start_time,
            end=end_time,
            ends_at=ends_at,
            channel=channel,
            booked_at=now,
            booked_by=actor,
            **person,
        )
        _event(appointment, EventKind.BOOKED, actor, now)
        _notify(appointment, MessageKind.APPOINTMENT_BOOKED, "booked", now)
    return appointment


def _lock(appointment: Appointment | int, actor: Any) -> Appointment:
    pk = appointment.pk if isinstance(appointment, Appointment) else appointment
    locked = Appointment.objects.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise _not_found()
    if actor is not None:
        check_scope(actor, locked.org_id, "appointment_not_found", _("找不到该预约"))
    return locked


def _require_open(appointment: Appointment, now: dt.datetime, message: Any) -> None:
    state = appointment.state_at(now)
    if state == AppointmentState.CANCELLED:
        raise DomainError("already_cancelled", _("该预约已取消"), kind="conflict")
    if state == AppointmentState.ARRIVED:
        raise DomainError("already_arrived", _("该预约已签到"), kind="conflict")
    if state == AppointmentState.NO_SHOW or appointment.starts_at <= now:
        raise DomainError("slot_started", message, kind="conflict")


def cancel(
    appointment: Appointment | int, *, actor: Any, now: dt.datetime | None = None, note: str = ""
) -> Appointment:
    """取消预约, by the citizen (``actor`` None; the caller checked code and phone) or by a clerk, until the
    slot begins. The place is free again at once."""
    now = now or timezone.now()
    if actor is not None:
        require_permission(actor, BOOK, _("没有取消预约的权限"))
    note = typed_text(note, max_length=200)
    with transaction.atomic():
        locked = _lock(appointment, actor)
        _require_open(locked, now, _("预约时段已开始，不能再取消"))
        locked.state = AppointmentState.CANCELLED
        locked.cancelled_at = now
        locked.save(update_fields=["state", "cancelled_at"])
        _event(locked, EventKind.CANCELLED, actor, now, note)
        _notify(locked, MessageKind.APPOINTMENT_CANCELLED, "cancelled", now)
    return locked


def move(
    appointment: Appointment | int,
    *,
    actor: Any,
    date: Any,
    start: Any,
    window: Window | None = None,
    now: dt.datetime | None = None,
) -> Appointment:
    """改约: the same booking (and code) to another slot of the same center and item, until the slot begins."""
    now = now or timezone.now()
    if actor is not None:
        require_permission(actor, BOOK, _("没有为群众改约的权限"))
    with transaction.atomic():
        locked = _lock(appointment, actor)
        _require_open(locked, now, _("预约时段已开始，不能再改约"))
        if (
            date == locked.date
            and isinstance(start, dt.time)
            and start.replace(second=0, microsecond=0) == locked.start
        ):
            raise DomainError("same_slot", _("新时段与原时段相同"))
        # Out of the count while the new slot is chosen: moving within a full slot's neighbour must not
        # count the person's own old place against them.
        locked.state = AppointmentState.CANCELLED
        locked.save(update_fields=["state"])
        chosen, start_time, end_time, ends_at = _slot_place(locked.org, locked.item, date, start, window, now)
        before = f"{locked.date.isoformat()} {locked.start:%H:%M}"
        locked.state = AppointmentState.BOOKED
        locked.window, locked.date, locked.start, locked.end, locked.ends_at = (
            chosen,
            date,
            start_time,
            end_time,
            ends_at,
        )
        locked.moves += 1
        locked.save(update_fields=["state", "window", "date", "start", "end", "ends_at", "moves"])
        _event(locked, EventKind.MOVED, actor, now, _("原时段 %(slot)s") % {"slot": before})
        _notify(locked, MessageKind.APPOINTMENT_CHANGED, f"moved:{locked.moves}", now)
    return locked


def check_in(code: Any, now: dt.datetime, actor: Any = None) -> Appointment:
    """到达签到: the person with this code is here (the queue's kiosk, or a clerk). From
    ``checkin_early_minutes`` before the slot until its end; returns the booking, marked arrived."""
    if actor is not None:
        require_permission(actor, CHECK_IN, _("没有为预约群众签到的权限"))
    found = selectors.by_code(code)
    if found is None:
        raise _not_found()
    with transaction.atomic():
        locked = _lock(found, actor)
        state = locked.state_at(now)
        if state == AppointmentState.ARRIVED:
            raise DomainError("already_arrived", _("该预约已签到"), kind="conflict")
        if state == AppointmentState.CANCELLED:
            raise DomainError("already_cancelled", _("该预约已取消"), kind="conflict")
        if state == AppointmentState.NO_SHOW:
            raise DomainError("slot_ended", _("预约时段已结束，请重新取号或预约"), kind="conflict")
        early = selectors.settings_for(locked.org).checkin_early_minutes
        if now < locked.starts_at - dt.timedelta(minutes=early):
            raise DomainError(
                "too_early",
                _("预约时间为 %(day)s %(start)s，请在开始前 %(minutes)d 分钟内签到")
                % {"day": locked.date.isoformat(), "start": f"{locked.start:%H:%M}", "minutes": early},
                kind="conflict",
            )
        locked.state = AppointmentState.ARRIVED
        locked.arrived_at = now
        locked.save(update_fields=["state", "arrived_at"])
        _event(locked, EventKind.ARRIVED, actor, now)
    return locked


def record_no_shows(now: dt.datetime, org: Org | None = None) -> int:
    """记录爽约: every booking whose slot ended by ``now`` without an arrival. Idempotent: a conditional
    update per booking, so two runs at once record each one once."""
    due = Appointment.objects.filter(state=AppointmentState.BOOKED, ends_at__lte=now)
    if org is not None:
        due = due.filter(org=org)
    recorded = 0
    for pk in due.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            if Appointment.objects.filter(pk=pk, state=AppointmentState.BOOKED, ends_at__lte=now).update(
                state=AppointmentState.NO_SHOW
            ):
                AppointmentEvent.objects.create(appointment_id=pk, kind=EventKind.NO_SHOW, at=now)
                recorded += 1
    return recorded


def remind_upcoming(now: dt.datetime, org: Org | None = None) -> int:
    """预约提醒: an SMS to everyone booked for the next working day (a Friday run reminds Monday's, and a
    调休 Saturday's when it is one). Once each: the message's source names the booking and its date, so a
    second run adds nothing, and a booking moved to another day is reminded of its new day. Returns how many
    reminders were newly requested."""
    today = timezone.localdate(now)
    orgs = [org] if org is not None else list(Org.objects.filter(pk__in=Appointment.objects.values("org")))
    requested = 0
    for center in orgs:
        upto = add_workdays(today, 1, center.region_code).date
        due = Appointment.objects.filter(
            org=center, state=AppointmentState.BOOKED, date__gt=today, date__lte=upto
        ).select_related("org", "window")
        for appointment in due.order_by("date", "start", "pk"):
            source = f"appointment:{appointment.pk}:reminder:{appointment.date.isoformat()}"
            if Message.objects.filter(source=source).exists():
                continue
            with transaction.atomic():
                _notify(appointment, MessageKind.APPOINTMENT_REMINDER, f"reminder:{appointment.date}", now)
            requested += 1
    return requested


def close_slots(
    *,
    actor: Any,
    org: Org,
    date: dt.date,
    reason: Any,
    window: Window | None = None,
    start: dt.time | None = None,
    now: dt.datetime | None = None,
) -> SlotClosure:
    """停止预约: no new bookings for the slot (or the day, or one window's day). Bookings already made stay;
    the day list shows them so the center can call those people."""
    now = now or timezone.now()
    require_permission(actor, CLOSE, _("没有停止预约的权限"))
    check_scope(actor, org.pk, "center_not_found", _("找不到该中心"))
    text = typed_text(reason, max_length=200, code="reason_required", message=_("请写明停止预约的原因"))
    if window is not None and window.org_id != org.pk:
        raise DomainError("window_not_found", _("本中心没有这个窗口"))
    if date < timezone.localdate(now):
        raise DomainError("date_past", _("不能停止已过日期的预约"))
    with transaction.atomic():
        if SlotClosure.objects.filter(org=org, date=date, window=window, start=start).exists():
            raise DomainError("already_closed", _("该时段已停止预约"), kind="conflict")
        return SlotClosure.objects.create(
            org=org, date=date, window=window, start=start, reason=text, closed_by=actor, closed_at=now
        )


def reopen_slots(closure: SlotClosure | int, *, actor: Any) -> None:
    """恢复预约: the closure is removed."""
    require_permission(actor, CLOSE, _("没有恢复预约的权限"))
    pk = closure.pk if isinstance(closure, SlotClosure) else closure
    with transaction.atomic():
        found = SlotClosure.objects.select_for_update().filter(pk=pk).first()
        if found is None:
            raise DomainError("closure_not_found", _("找不到该停约记录"), kind="not_found")
        check_scope(actor, found.org_id, "closure_not_found", _("找不到该停约记录"))
        found.delete()
