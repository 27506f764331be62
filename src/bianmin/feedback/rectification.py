"""整改 after a 差评: opened with the rating, owned by the center's director, due in working days, ended by a
follow-up call (回访) and a check.

国办发〔2019〕51号: every 差评 is verified, rectified and the citizen called back; the period is set locally
(``BIANMIN_RECTIFICATION_DAYS``, 15 working days by default, counted on the county's workday calendar).
002 天彭镇: the 督查组 issues a numbered 整改通知书 with a time limit (限期整改) — the number is given here.

Owner: 002 has the supervision group hand the notice to the center, and 000 篇2 has the center's leader give
the 批示 on each matter, so the center's director (中心主任) owns it by default (then the duty leader, then —
in a center with neither — nobody until a supervisor assigns one). A supervisor may assign another owner.

States: open (整改中) → rectified (已整改待核实: measures recorded) → closed (已核实办结: a supervisor or the
director checked it, after at least one follow-up call). Overdue is derived: open after its deadline.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.numbering import next_value
from bianmin.feedback.models import FollowUpCall, Rating, Rectification, RectificationState
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org
from bianmin.orgs.roles import Role
from bianmin.orgs.selectors import visible_org_ids
from bianmin.workdays.services import add_workdays

User = get_user_model()
OWNER_ROLES = (Role.DIRECTOR, Role.DUTY_LEADER)


def rectification_days() -> int:
    return int(settings.BIANMIN.get("RECTIFICATION_DAYS", 15))


def default_owner(org_id: int) -> Any:
    """The center's director, else its duty leader (first by name), else None (a supervisor assigns)."""
    for role in OWNER_ROLES:
        found = (
            User.objects.filter(is_active=True, groups__name=role, staff__org_id=org_id)
            .order_by("staff__name", "pk")
            .first()
        )
        if found is not None:
            return found
    return None


def open_rectification(rating: Rating, *, now: dt.datetime) -> Rectification:
    """Inside the rating's transaction: number the 整改通知书 and set the deadline in working days."""
    org = Org.objects.only("code", "short_name", "name", "region").get(pk=rating.org_id)
    local = timezone.localtime(now)
    seq = next_value(f"rectification:{org.code}:{local.year}")
    # A document number, like the case notices' (cases.notices): Chinese in every language.
    number = f"{org.short_name or org.name}整改〔{local.year}〕{seq:04d}号"
    deadline = add_workdays(local.date(), rectification_days(), org.region_code).date
    return Rectification.objects.create(
        rating=rating,
        org=org,
        number=number,
        year=local.year,
        seq=seq,
        owner=default_owner(org.pk),
        opened_at=now,
        deadline=deadline,
    )


def of_rating(rating: Rating) -> Rectification:
    """The rectification a step on ``rating`` acts on; a rating without one (not a 差评) is refused."""
    rect = Rectification.objects.filter(rating=rating).select_related("rating").first()
    if rect is None:
        raise DomainError("no_rectification", _("该评价无需整改"), kind="conflict")
    return rect


def _locked(rect: Rectification) -> Rectification:
    return Rectification.objects.select_for_update().get(pk=rect.pk)


def _in_scope(actor: Any, rect: Rectification) -> bool:
    return rect.org_id in visible_org_ids(actor)


def may_handle(actor: Any, rect: Rectification) -> bool:
    """The owner, or a leader with the right to handle rectifications at that center."""
    if not _in_scope(actor, rect):
        return False
    return rect.owner_id == actor.pk or actor.has_perm("feedback.handle_rectification")


def assign_owner(rect: Rectification, *, actor: Any, owner: Any, now: dt.datetime) -> Rectification:
    """A supervisor names who rectifies: a member of the center's staff."""
    if not actor.has_perm("feedback.assign_rectification") or not _in_scope(actor, rect):
        raise DomainError("forbidden", _("只有监察人员可以指派整改责任人"), kind="forbidden")
    if (
        owner is None
        or not User.objects.filter(pk=owner.pk, is_active=True, staff__org_id=rect.org_id).exists()
    ):
        raise DomainError("invalid_owner", _("整改责任人应为本中心在职工作人员"))
    with transaction.atomic():
        rect = _locked(rect)
        if rect.state == RectificationState.CLOSED:
            raise DomainError("rectification_closed", _("整改已核实办结，不能再指派"), kind="conflict")
        rect.owner = owner
        rect.save(update_fields=["owner"])
    return rect


def record_measures(rect: Rectification, *, actor: Any, measures: str, now: dt.datetime) -> Rectification:
    """整改措施: what was done; the rectification then waits for its check (open → rectified)."""
    if not may_handle(actor, rect):
        raise DomainError("forbidden", _("只有整改责任人或中心领导可以填报整改措施"), kind="forbidden")
    measures = str(measures or "").strip()
    if not measures:
        raise DomainError("measures_required", _("请填写整改措施"))
    if len(measures) > 2000:
        raise DomainError("measures_too_long", _("整改措施不超过 2000 字"))
    with transaction.atomic():
        rect = _locked(rect)
        if rect.state == RectificationState.CLOSED:
            raise DomainError("rectification_closed", _("整改已核实办结"), kind="conflict")
        rect.measures = measures
        rect.state = RectificationState.RECTIFIED
        rect.rectified_at = now
        rect.rectified_by = actor
        rect.save(update_fields=["measures", "state", "rectified_at", "rectified_by"])
    return rect


def record_call(
    rect: Rectification,
    *,
    actor: Any,
    called_on: dt.date,
    response: str,
    satisfied: bool,
    now: dt.datetime,
) -> FollowUpCall:
    """回访: the call back to the citizen; not in the future, not before the rating."""
    if not may_handle(actor, rect):
        raise DomainError("forbidden", _("只有整改责任人或中心领导可以登记回访"), kind="forbidden")
    response = str(response or "").strip()
    if not response:
        raise DomainError("response_required", _("请记录群众的意见"))
    if len(response) > 1000:
        raise DomainError("response_too_long", _("群众意见不超过 1000 字"))
    if not isinstance(called_on, dt.date):
        raise DomainError("invalid_date", _("请填写回访日期"))
    local_today = timezone.localtime(now).date()
    rated_on = timezone.localtime(rect.rating.created_at).date()
    if called_on > local_today or called_on < rated_on:
        raise DomainError("invalid_date", _("回访日期应在评价之后、今天之前"))
    with transaction.atomic():
        rect = _locked(rect)
        if rect.state == RectificationState.CLOSED:
            raise DomainError("rectification_closed", _("整改已核实办结"), kind="conflict")
        return FollowUpCall.objects.create(
            rectification=rect,
            called_on=called_on,
            caller=actor,
            response=response,
            satisfied=bool(satisfied),
            recorded_at=now,
        )


def close_rectification(rect: Rectification, *, actor: Any, note: str, now: dt.datetime) -> Rectification:
    """核实办结: measures recorded and the citizen called back (国办发〔2019〕51号), checked by a supervisor or
    the director — never by the owner alone."""
    if not actor.has_perm("feedback.verify_rectification") or not _in_scope(actor, rect):
        raise DomainError("forbidden", _("只有监察人员或中心主任可以核实整改"), kind="forbidden")
    note = str(note or "").strip()[:300]
    with transaction.atomic():
        rect = _locked(rect)
        if rect.state == RectificationState.CLOSED:
            raise DomainError("rectification_closed", _("整改已核实办结"), kind="conflict")
        if rect.state != RectificationState.RECTIFIED:
            raise DomainError("not_rectified", _("请先填报整改措施"), kind="conflict")
        if not rect.calls.exists():
            raise DomainError("call_required", _("核实前须回访群众"), kind="conflict")
        rect.state = RectificationState.CLOSED
        rect.closed_at = now
        rect.closed_by = actor
        rect.close_note = note
        rect.save(update_fields=["state", "closed_at", "closed_by", "close_note"])
    return rect


def close_for_exclusion(rating: Rating, *, actor: Any, now: dt.datetime) -> None:
    """A rating found malicious or mistaken needs no rectification: its open one is closed with the finding."""
    Rectification.objects.filter(rating=rating).exclude(state=RectificationState.CLOSED).update(
        state=RectificationState.CLOSED,
        closed_at=now,
        closed_by=actor,
        close_note=_("评价已认定为%(kind)s，不再整改") % {"kind": rating.get_excluded_display()},
    )
