"""Helpers shared by the case actions; see the package docstring.

Every change of a case's life, one function each (办件流程: 登记→受理→交办→承办→办结→送达→归档).

Each action checks the actor's right, the actor's scope and the case's state, then writes the change,
its hash-chained event and its notice in one transaction. A refusal raises ``DomainError`` with a stable
code and a plain message, and writes nothing. The case row is locked for the whole transaction, so two
clerks acting at once are served one after the other and the second sees the first's result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bianmin.cases.deadlines import case_due
from bianmin.cases.models import (
    Case,
    CaseMaterial,
    CaseState,
    TaskState,
)
from bianmin.catalog.models import ServiceItem
from bianmin.lib.errors import DomainError
from bianmin.lib.text import join_names
from bianmin.orgs.models import Org, OrgKind
from bianmin.orgs.selectors import staff_of, visible_orgs
from bianmin.workdays.services import add_workdays

MAX_EXTENSION_DAYS = 10  # 行政许可法 Art. 42: one extension of at most 10 working days


# ---------------------------------------------------------------------------------------------- helpers


def current_time(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def require(actor: Any, perm: str, message: str) -> None:
    """Refuse unless the actor holds ``perm``; ``message`` is already translated by the caller."""
    if actor is None or not actor.has_perm(perm):
        raise DomainError("permission_denied", message, kind="forbidden")


def state_error(case: Case, action_label: str) -> DomainError:
    """``action_label`` is a translated verb phrase, ``pgettext("case action", …)`` at the call site."""
    return DomainError(
        "invalid_state",
        _("办件当前状态为“%(state)s”，不能%(action)s")
        % {"state": str(CaseState(case.state).label), "action": action_label},
        kind="conflict",
        state=case.state,
    )


def expect(case: Case, states: Iterable[str], action_label: str) -> None:
    if case.state not in set(states):
        raise state_error(case, action_label)


def case_scope(actor: Any) -> Q:
    """Cases an actor may see: their centers' (county roles: the county's), plus their station's."""
    scope = Q(org__in=visible_orgs(actor))
    staff = staff_of(actor)
    if staff is not None and staff.org.kind == OrgKind.VILLAGE:
        scope |= Q(station_id=staff.org_id)
    return scope


def lock_case(case: Case | str, actor: Any) -> Case:
    """Re-read and lock the case inside the current transaction; unknown and out-of-scope are alike 404."""
    number = case.number if isinstance(case, Case) else case
    found = (
        Case.objects.select_for_update(of=("self",))
        .select_related("org")
        .filter(case_scope(actor), number=number)
        .first()
    )
    if found is None:
        raise DomainError("case_not_found", _("找不到该办件"), kind="not_found")
    return found


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


def mark_received(materials: Iterable[CaseMaterial], now: dt.datetime) -> list[str]:
    names = []
    for m in materials:
        if not m.received:
            set_received(m, now)
            m.save(update_fields=["received", "received_original", "received_copies", "received_at"])
            names.append(m.name)
    return names


def local_date(now: dt.datetime) -> dt.date:
    return timezone.localdate(now)


def region_of(case: Case) -> str:
    return case.org.region_code


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
    for task in case.tasks.filter(state=TaskState.OPEN):
        task.due_date = add_workdays(case.accepted_on, task.days + shift, region).date
        task.save(update_fields=["due_date"])
