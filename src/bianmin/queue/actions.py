"""Every change of the queue (排队叫号), one function each; the kiosk, the counter page, the API and the demo
call these.

Numbers are counted per business type and day under a lock of the business type's row, so two kiosks never
print the same number. Calling next takes the first waiting ticket with a conditional UPDATE (``state`` still
``waiting``) and moves on to the next one when another clerk got there first: two windows calling at once
never get the same ticket, on SQLite as on PostgreSQL. Every change writes its ``TicketEvent`` and bumps the
center's ``Board`` version in the same transaction, which is what the hall screen polls.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.appointments import actions as appointment_actions
from bianmin.appointments import selectors as appointment_selectors
from bianmin.cases.models import Case
from bianmin.lib.errors import DomainError, require_permission
from bianmin.orgs.models import Org, Window
from bianmin.orgs.scope import check_scope
from bianmin.queue import selectors
from bianmin.queue.models import (
    FIRST,
    Board,
    BusinessType,
    EventKind,
    Priority,
    Ticket,
    TicketCase,
    TicketEvent,
    TicketState,
)

CALL = "queue.call_ticket"
ISSUE = "queue.issue_ticket"
# Candidates read per round of call_next; a round whose every candidate was taken by another window reads again.
CANDIDATES = 5


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _bump(org_id: int) -> None:
    if not Board.objects.filter(org_id=org_id).update(version=F("version") + 1):
        Board.objects.get_or_create(org_id=org_id)
        Board.objects.filter(org_id=org_id).update(version=F("version") + 1)


def _event(
    ticket: Ticket, kind: str, now: dt.datetime, window: Window | None = None, actor: Any = None
) -> None:
    TicketEvent.objects.create(
        org_id=ticket.org_id, ticket=ticket, kind=kind, window=window, actor=actor if actor else None, at=now
    )


def _business_type(org: Org, business_type: BusinessType | int | str) -> BusinessType:
    pk = business_type.pk if isinstance(business_type, BusinessType) else business_type
    if not str(pk).isdigit():
        raise DomainError("business_type_not_found", _("本中心没有这个业务类型"), kind="not_found")
    found = BusinessType.objects.select_for_update().filter(pk=int(pk), org=org, active=True).first()
    if found is None:
        raise DomainError("business_type_not_found", _("本中心没有这个业务类型"), kind="not_found")
    return found


def issue(
    *,
    org: Org,
    business_type: BusinessType | int | str,
    priority: str = Priority.NORMAL,
    now: dt.datetime | None = None,
    actor: Any = None,
    appointment: Any = None,
) -> Ticket:
    """取号: the next number of ``business_type`` today. From the kiosk ``actor`` is None; a clerk taking a
    number for a visitor needs the right and the center in their scope."""
    now = _now(now)
    if actor is not None:
        require_permission(actor, ISSUE, _("没有取号的权限"))
        check_scope(actor, org.pk, "center_not_found", _("找不到该中心"))
    if priority not in Priority.values or (priority == Priority.APPOINTMENT and appointment is None):
        raise DomainError("invalid_priority", _("请选择正确的优先类别"))
    day = timezone.localdate(now)
    with transaction.atomic():
        kind = _business_type(org, business_type)  # locked: one number at a time per business type
        last = Ticket.objects.filter(business_type=kind, day=day).aggregate(m=Max("seq"))["m"] or 0
        seq = last + 1
        ticket = Ticket.objects.create(
            org=org,
            business_type=kind,
            day=day,
            seq=seq,
            number=f"{kind.prefix}{seq:03d}",
            token=secrets.token_hex(6),
            priority=priority,
            first=priority in FIRST,
            appointment=appointment,
            issued_at=now,
        )
        _event(ticket, EventKind.ISSUED, now, actor=actor)
        _bump(org.pk)
    return ticket


def check_in(*, org: Org, code: Any, now: dt.datetime | None = None, actor: Any = None) -> Ticket:
    """预约签到: the booking with ``code`` is checked in (``appointments.actions.check_in``) and gets a priority
    ticket of the business type its window serves, in one transaction: a refused ticket leaves the booking
    unchecked."""
    now = _now(now)
    booked = appointment_selectors.by_code(code)
    if booked is None or booked.org_id != org.pk:
        raise DomainError("appointment_not_found", _("找不到该预约，请核对预约码"), kind="not_found")
    kind = selectors.type_for_window(org, booked.window_id)
    if kind is None:
        raise DomainError("no_business_type", _("本中心尚未设置取号业务，请到综合窗口咨询"), kind="conflict")
    with transaction.atomic():
        appointment = appointment_actions.check_in(code, now, actor)
        return issue(
            org=org,
            business_type=kind,
            priority=Priority.APPOINTMENT,
            now=now,
            actor=actor,
            appointment=appointment,
        )


def _window(actor: Any, window: Window | int) -> Window:
    require_permission(actor, CALL, _("没有叫号的权限"))
    pk = window.pk if isinstance(window, Window) else window
    found = Window.objects.filter(pk=pk, active=True).select_related("org").first()
    if found is None:
        raise DomainError("window_not_found", _("找不到该窗口"), kind="not_found")
    check_scope(actor, found.org_id, "window_not_found", _("找不到该窗口"))
    return found


def _current(window: Window) -> Ticket:
    found = (
        Ticket.objects.select_for_update()
        .filter(window=window, state=TicketState.CALLED)
        .order_by("-called_at")
        .first()
    )
    if found is None:
        raise DomainError("no_current_ticket", _("本窗口当前没有正在办理的号"), kind="conflict")
    return found


def _close(ticket: Ticket, state: str, kind: str, now: dt.datetime, actor: Any, window: Window) -> Ticket:
    ticket.state = state
    ticket.finished_at = now
    ticket.save(update_fields=["state", "finished_at"])
    _event(ticket, kind, now, window=window, actor=actor)
    return ticket


def call_next(*, actor: Any, window: Window | int, now: dt.datetime | None = None) -> Ticket:
    """叫号: the window's ticket in service is finished and the next one called — a ticket transferred to this
    window first, then green channel and appointments, then the others in the order they were taken."""
    now = _now(now)
    window = _window(actor, window)
    day = timezone.localdate(now)
    with transaction.atomic():
        for current in Ticket.objects.select_for_update().filter(window=window, state=TicketState.CALLED):
            _close(current, TicketState.DONE, EventKind.FINISHED, now, actor, window)
        while True:
            candidates = list(selectors.waiting_for(window, day).values_list("pk", flat=True)[:CANDIDATES])
            if not candidates:
                # Refused as a whole: the ticket in service stays in service (finish it on its own).
                raise DomainError("queue_empty", _("当前没有等候的号"), kind="conflict")
            for pk in candidates:
                # Taken only if still waiting: another window calling at the same moment takes another one.
                taken = Ticket.objects.filter(pk=pk, state=TicketState.WAITING).update(
                    state=TicketState.CALLED,
                    window=window,
                    target_window=None,
                    called_by=actor,
                    called_at=now,
                    calls=F("calls") + 1,
                )
                if taken:
                    Ticket.objects.filter(pk=pk, first_called_at__isnull=True).update(first_called_at=now)
                    ticket = Ticket.objects.get(pk=pk)
                    _event(ticket, EventKind.CALLED, now, window=window, actor=actor)
                    _bump(window.org_id)
                    return ticket


def recall(*, actor: Any, window: Window | int, now: dt.datetime | None = None) -> Ticket:
    """重呼: the ticket in service at the window is announced again."""
    now = _now(now)
    window = _window(actor, window)
    with transaction.atomic():
        ticket = _current(window)
        ticket.calls += 1
        ticket.save(update_fields=["calls"])
        _event(ticket, EventKind.RECALLED, now, window=window, actor=actor)
        _bump(window.org_id)
    return ticket


def skip(*, actor: Any, window: Window | int, now: dt.datetime | None = None) -> Ticket:
    """过号: the person called did not come; the ticket is closed as a no-show."""
    now = _now(now)
    window = _window(actor, window)
    with transaction.atomic():
        ticket = _close(_current(window), TicketState.SKIPPED, EventKind.SKIPPED, now, actor, window)
        _bump(window.org_id)
    return ticket


def finish(*, actor: Any, window: Window | int, now: dt.datetime | None = None) -> Ticket:
    """办理完毕: the ticket in service at the window is done (calling next does this too)."""
    now = _now(now)
    window = _window(actor, window)
    with transaction.atomic():
        ticket = _close(_current(window), TicketState.DONE, EventKind.FINISHED, now, actor, window)
        _bump(window.org_id)
    return ticket


def transfer(
    *, actor: Any, window: Window | int, to_window: Window | int | str, now: dt.datetime | None = None
) -> Ticket:
    """转窗口: the ticket in service goes to another window of the center, which calls it before its queue."""
    now = _now(now)
    window = _window(actor, window)
    if isinstance(to_window, Window):
        target = to_window if to_window.org_id == window.org_id and to_window.active else None
    else:
        target = Window.objects.filter(org_id=window.org_id, code=str(to_window)[:20], active=True).first()
    if target is None:
        raise DomainError("target_window_not_found", _("本中心没有这个窗口"), kind="not_found")
    if target.pk == window.pk:
        raise DomainError("same_window", _("不能转到本窗口"))
    with transaction.atomic():
        ticket = _current(window)
        ticket.state = TicketState.WAITING
        ticket.window = None
        ticket.target_window = target
        ticket.save(update_fields=["state", "window", "target_window"])
        _event(ticket, EventKind.TRANSFERRED, now, window=window, actor=actor)
        _bump(window.org_id)
    return ticket


def record_case(*, actor: Any, case: Case, now: dt.datetime | None = None) -> TicketCase | None:
    """排队号→办件: a case registered at intake by a clerk who is serving a ticket is linked to that ticket
    (the counter's intake calls this after a successful registration). None when the clerk serves no ticket:
    not every case starts from a number."""
    now = _now(now)
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    ticket = selectors.serving(actor, timezone.localdate(now))
    if ticket is None:
        return None
    with transaction.atomic():
        link, _created = TicketCase.objects.get_or_create(
            ticket=ticket, case=case, defaults={"created_at": now}
        )
    return link
