"""The one transition helper every case action runs through, and the helpers the actions share.

``perform`` takes a step of the lifecycle table (``cases.lifecycle``) and the action's own change: it checks
the right, locks the case, checks the state and the step's guard, applies the change, issues the step's
notice, records the hash-chained event and saves only the columns that changed, all in one transaction.
The caller gets an ``Outcome`` (case, event, notice) and never hunts for what the action wrote.

A refusal raises ``DomainError`` with a stable code and a plain message, and writes nothing. The case row
is locked for the whole transaction, so two clerks acting at once are served one after the other and the
second sees the first's result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.db.models import Count, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bianmin.cases.deadlines import case_due
from bianmin.cases.events import record_event
from bianmin.cases.guards import MAX_EXTENSION_DAYS
from bianmin.cases.lifecycle import TRANSITION, Transition
from bianmin.cases.models import Case, CaseEvent, CaseMaterial, CaseState, Channel, Notice, TaskState
from bianmin.cases.notices import issue_notice
from bianmin.cases.selectors import in_scope
from bianmin.cases.steps import Step
from bianmin.catalog.models import ServiceItem
from bianmin.lib.errors import DomainError
from bianmin.lib.text import join_names
from bianmin.orgs.models import Org, Window
from bianmin.orgs.selectors import staff_of
from bianmin.workdays.services import add_workdays, workdays_between

__all__ = ["MAX_EXTENSION_DAYS"]

if TYPE_CHECKING:
    from django.contrib.auth.models import User
else:
    User = Any


@dataclass
class Outcome:
    """What an action did: the case as saved, the event it recorded, the notice it issued (if any), and the
    action's own result (the finished joint task, the revealed number)."""

    case: Case
    event: CaseEvent
    notice: Notice | None = None
    value: Any = None
    replayed: bool = False  # a retried registration answered with the first one's case


@dataclass
class Effect:
    """An action's own change, returned to ``perform``: what its event and its notice record."""

    event: dict[str, Any] = field(default_factory=dict)
    notice: dict[str, Any] = field(default_factory=dict)
    value: Any = None
    # Rows that point at what the step wrote (its notice, its event), written in the same transaction.
    after: Callable[[Outcome], None] | None = None


# Every action function, by its step: the API and the counter call them through this table.
ACTIONS: dict[Step, Callable[..., Outcome]] = {}
F = TypeVar("F", bound=Callable[..., Outcome])


def action(step: Step) -> Callable[[F], F]:
    """Register the function that implements ``step``; one per step of the lifecycle table."""

    def register(func: F) -> F:
        if step in ACTIONS:
            raise RuntimeError(f"two actions for {step}")
        ACTIONS[step] = func
        return func

    return register


# ---------------------------------------------------------------------------------------------- perform


def current_time(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def local_date(now: dt.datetime) -> dt.date:
    return timezone.localdate(now)


_LOCK_SQL: dict[str, str] = {}


def _lock_sql(connection: Any) -> str:
    """The row lock's SQL (the case and its org in one statement), compiled by the ORM once per database:
    building this sixty-column join was the biggest share of an action's own time."""
    sql = _LOCK_SQL.get(connection.alias)
    if sql is None:
        query = Case.objects.select_for_update(of=("self",)).select_related("org").filter(number="")
        sql, params = query.query.sql_with_params()
        if list(params) != [""]:  # a programming error: the lock must take exactly the number
            raise RuntimeError(f"unexpected lock parameters {params!r}")
        _LOCK_SQL[connection.alias] = sql
    return sql


_CASE_COLUMNS = [f.attname for f in Case._meta.concrete_fields]
_ORG_COLUMNS = [f.attname for f in Org._meta.concrete_fields]


def lock_case(case: Case | str, actor: Any) -> Case:
    """Re-read and lock the case inside the current transaction; unknown and out-of-scope are alike 404."""
    number = case.number if isinstance(case, Case) else str(case)
    connection = transaction.get_connection()
    with connection.cursor() as cursor:
        cursor.execute(_lock_sql(connection), [number[:50]])
        row = cursor.fetchone()
    found = None
    if row is not None:
        width = len(_CASE_COLUMNS)
        found = Case.from_db(connection.alias, _CASE_COLUMNS, _converted(connection, Case, row[:width]))
        found.org = Org.from_db(connection.alias, _ORG_COLUMNS, _converted(connection, Org, row[width:]))
    if found is None or not in_scope(found, actor):
        raise DomainError("case_not_found", _("找不到该办件"), kind="not_found")
    return found


_CONVERTERS: dict[tuple[str, str], list[tuple[Any, list[Any]]]] = {}


def _converted(connection: Any, model: Any, values: tuple[Any, ...]) -> list[Any]:
    """Database values as the model's fields read them (SQLite hands back JSON as text, booleans as ints,
    times as strings; PostgreSQL needs little), with the converters the ORM's own row iterator uses."""
    key = (connection.alias, model._meta.label)
    converters = _CONVERTERS.get(key)
    if converters is None:
        converters = []
        for field in model._meta.concrete_fields:
            col = field.get_col(model._meta.db_table)
            converters.append(
                (col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
            )
        _CONVERTERS[key] = converters
    out = []
    for (col, convert_all), value in zip(converters, values, strict=True):
        for convert in convert_all:
            value = convert(value, col, connection)
        out.append(value)
    return out


def values_of(case: Case) -> dict[str, Any]:
    return {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields}


def finish(
    case: Case,
    step: Step,
    *,
    actor: Any,
    now: dt.datetime,
    from_state: str,
    before: dict[str, Any] | None,
    effect: Effect,
    notice_type: str | None = None,
) -> Outcome:
    """Issue the step's notice, record its event and save the columns that changed (``before`` is the row
    as it was locked; None for a row just inserted, of which only the chain's tail changes)."""
    notice = None
    data = dict(effect.event)
    if notice_type is not None:
        notice = issue_notice(case, notice_type, actor=actor, now=now, data=effect.notice)
        data["notice"] = notice.number
    event = record_event(
        case, step, actor=actor, now=now, from_state=from_state, to_state=case.state, data=data
    )
    after = values_of(case)
    changed = {"event_count", "last_hash"}
    if before is not None:
        changed |= {name for name, value in after.items() if before[name] != value}
    case.save(update_fields=sorted(n.removesuffix("_id") if n.endswith("_id") else n for n in changed))
    outcome = Outcome(case, event, notice, effect.value)
    if effect.after is not None:
        effect.after(outcome)
    return outcome


def perform(
    step: Step,
    case: Case | str,
    *,
    actor: Any,
    now: dt.datetime | None,
    change: Callable[[Case, dt.datetime], Effect],
) -> Outcome:
    """Run one transition of the lifecycle table with the action's own ``change``; see the module doc."""
    transition: Transition = TRANSITION[step]
    now = current_time(now)
    with transaction.atomic():
        if actor is None or not actor.has_perm(transition.permission):
            raise DomainError("permission_denied", transition.denied, kind="forbidden")
        locked = lock_case(case, actor)
        if transition.reads:
            prefetch_related_objects([locked], *transition.reads)
        today = local_date(now)
        refusal = transition.refusal(locked, actor, today)
        if refusal is not None:
            raise refusal
        before = values_of(locked)
        from_state = locked.state
        effect = change(locked, now)
        if len(transition.targets) == 1:
            (locked.state,) = transition.targets
        elif not transition.targets:
            locked.state = from_state
        elif locked.state not in transition.targets:  # a programming error, never a user's
            raise RuntimeError(f"{step} left the case in {locked.state}")
        outcome = finish(
            locked,
            step,
            actor=actor,
            now=now,
            from_state=from_state,
            before=before,
            effect=effect,
            notice_type=transition.notice,
        )
        if locked.channel == Channel.ESCALATION and locked.state in SETTLING:
            settle_downstream(locked, actor=actor, now=now)
        return outcome


# The county's case reaching one of these states settles the town's case that escalated it.
SETTLING = frozenset({CaseState.CONCLUDED, CaseState.REJECTED, CaseState.WITHDRAWN, CaseState.RETURNED})


def settle_downstream(upstream: Case, *, actor: Any, now: dt.datetime) -> None:
    """The county decided (or returned) an escalated case: the town's case waiting on it takes the result
    — or goes back to the state it was escalated from — as the system's step on its own ledger, in the same
    transaction. The working days the county held it are added to the proxy leg (county time excluded)."""
    waiting = (
        Case.objects.select_for_update(of=("self",))
        .select_related("org")
        .filter(upstream_case=upstream, state=CaseState.ESCALATED)
    )
    today = local_date(now)
    for town in waiting:
        before = values_of(town)
        region = region_of(town)
        data: dict[str, Any] = {"upstream": upstream.number, "upstream_state": upstream.state}
        if town.forwarded_at is not None and town.escalated_at is not None:
            held = max(workdays_between(local_date(town.escalated_at), today, region), 0)
            town.proxy_paused_days += held
            start = local_date(town.forwarded_at)
            town.proxy_due_date = add_workdays(start, town.proxy_days + town.proxy_paused_days, region).date
            data.update(county_days=held, proxy_due_date=str(town.proxy_due_date))
        if upstream.state == CaseState.RETURNED:
            step = Step.UPSTREAM_RETURNED
            escalation = town.events.filter(type=Step.ESCALATE).order_by("-seq").first()
            town.state = escalation.from_state if escalation is not None else CaseState.SUBMITTED
            data["reason"] = upstream.close_reason
        else:
            step = Step.UPSTREAM_SETTLED
            town.state = upstream.state
            if upstream.state == CaseState.CONCLUDED:
                town.result, town.result_reason = upstream.result, upstream.result_reason
                town.certificate_name = upstream.certificate_name
                town.certificate_number = upstream.certificate_number
                town.concluded_at = now
                data.update(result=upstream.result, reason=upstream.result_reason)
            else:
                town.close_reason, town.closed_at = upstream.close_reason, now
                data["reason"] = upstream.close_reason
        finish(
            town,
            step,
            actor=actor,
            now=now,
            from_state=CaseState.ESCALATED,
            before=before,
            effect=Effect(data),
        )


# ---------------------------------------------------------------------------------------------- helpers


def require(actor: Any, perm: str, message: Any) -> None:
    """Refuse unless the actor holds ``perm`` (for registration, which has no case to lock yet)."""
    if actor is None or not actor.has_perm(perm):
        raise DomainError("permission_denied", message, kind="forbidden")


def clean_text(value: Any, code: str, message: str, *, max_length: int = 1000) -> str:
    text = str(value or "").strip()
    if not text:
        raise DomainError(code, message)
    if len(text) > max_length:
        raise DomainError(
            code,
            ngettext("%(message)s（不超过 %(max)d 字）", "%(message)s（不超过 %(max)d 字）", max_length)
            % {"message": message, "max": max_length},
        )
    return text


def materials_by_key(materials: Iterable[CaseMaterial]) -> dict[str, CaseMaterial]:
    keyed: dict[str, CaseMaterial] = {}
    for m in materials:
        if m.material_id is not None:
            keyed[str(m.material_id)] = m
        keyed[m.name] = m
    return keyed


def resolve_materials(materials: Case | list[CaseMaterial], refs: Iterable[Any]) -> list[CaseMaterial]:
    """Materials named by their catalog id or their name; an unknown reference is refused."""
    keyed = materials_by_key(materials.materials.all() if isinstance(materials, Case) else materials)
    found: list[CaseMaterial] = []
    unknown = []
    for ref in refs:
        m = keyed.get(str(ref).strip())
        if m is None:
            unknown.append(str(ref))
        elif m not in found:
            found.append(m)
    if unknown:
        raise DomainError(
            "unknown_material",
            _("该事项没有这些材料：%(names)s") % {"names": join_names(unknown)},
            materials=unknown,
        )
    return found


def missing_mandatory(materials: Iterable[CaseMaterial]) -> list[CaseMaterial]:
    return [m for m in materials if m.mandatory and not m.received]


def set_received(material: CaseMaterial, now: dt.datetime) -> None:
    """Record a material as received in full (its originals and copies), without saving it."""
    material.received = True
    material.received_original = material.originals > 0
    material.received_copies = material.copies
    material.received_at = now


RECEIVED_FIELDS = ["received", "received_original", "received_copies", "received_at"]


def mark_received(materials: Iterable[CaseMaterial], now: dt.datetime) -> list[str]:
    fresh = [m for m in materials if not m.received]
    for m in fresh:
        set_received(m, now)
    CaseMaterial.objects.bulk_update(fresh, RECEIVED_FIELDS)
    return [m.name for m in fresh]


def prime(case: Case, relation: str, rows: list[Any]) -> None:
    """Hand ``case.<relation>.all()`` the rows just written, as ``prefetch_related`` would, so the page or
    the API answer that reads them next does not query them again."""
    queryset = getattr(case, relation).all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    cache = {**getattr(case, "_prefetched_objects_cache", {}), relation: queryset}
    case._prefetched_objects_cache = cache  # type: ignore[attr-defined]


def region_of(case: Case) -> str:
    return case.org.region_code


def handling_window(org_id: int, window_codes: list[str], actor: Any) -> Window | None:
    """The actor's own window when it handles the item, else the center's window for it (一窗受理)."""
    staff = staff_of(actor)
    windows = Window.objects.filter(org_id=org_id, code__in=window_codes, active=True)
    if staff is None:
        return windows.order_by("number").first()
    return (
        windows.annotate(mine=Count("posts", filter=Q(posts__staff=staff)))
        .order_by("-mine", "number")
        .first()
    )


def item_enabled(item: ServiceItem, org: Org) -> bool:
    return item.enabled_at.filter(pk=org.pk).exists()


def reschedule(case: Case) -> None:
    """Recompute the case's and its open tasks' due dates from acceptance and the days counted so far."""
    if case.accepted_on is None:
        return
    region = region_of(case)
    shift = case.extended_days + case.suspended_days
    due = case_due(case.kind, case.accepted_on, case.base_days + shift, region)
    case.due_date, case.due_provisional = due.date, due.provisional
    tasks = list(case.tasks.filter(state=TaskState.OPEN))
    for task in tasks:
        task.due_date = add_workdays(case.accepted_on, task.days + shift, region).date
    if tasks:
        case.tasks.model.objects.bulk_update(tasks, ["due_date"])
