"""Before the clock starts: the one-time notice, supplement, acceptance or rejection (一次性告知、补正、受理)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from bianmin.cases.actions._base import (
    RECEIVED_FIELDS,
    Effect,
    Outcome,
    User,
    action,
    clean_text,
    handling_window,
    local_date,
    mark_received,
    missing_mandatory,
    perform,
    region_of,
    resolve_materials,
)
from bianmin.cases.deadlines import case_due
from bianmin.cases.events import actor_display
from bianmin.cases.models import (
    Case,
    CaseMaterial,
    CaseState,
    JointTask,
    Notice,
    NoticeType,
    OneTimeNoticeBreach,
)
from bianmin.cases.steps import Step
from bianmin.catalog.models import CaseKind
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Window
from bianmin.workdays.services import add_workdays, workdays_between

# 行政许可法 Art. 32(四): what is missing must be told on the spot or within five days.
ONE_TIME_NOTICE_DAYS = 5


@action(Step.NOTIFY_MISSING)
def notify_missing(
    case: Case | str, *, actor: User, also_missing: Iterable[Any] = (), now: dt.datetime | None = None
) -> Outcome:
    """一次性告知: one notice listing every missing mandatory material at once (行政许可法 Art. 32(四)).

    ``also_missing`` names materials that turned out unusable: marked received, or uploaded with an online
    application and not usable (网上预审). The notice says which ones were unusable, so the applicant knows
    the file they sent must be replaced. A later notice that asks for something the first notice did not
    name is recorded as a breach against the first notice's clerk.
    """
    refs = list(also_missing)

    def change(case: Case, now: dt.datetime) -> Effect:
        materials = list(case.materials.all())
        unusable = resolve_materials(materials, refs)
        for m in unusable:
            m.received, m.received_original, m.received_copies, m.received_at = False, False, 0, None
        CaseMaterial.objects.bulk_update(unusable, RECEIVED_FIELDS)
        missing = missing_mandatory(materials)
        if not missing:
            raise DomainError(
                "nothing_missing", _("必需材料已齐全，无需一次性告知，可直接受理"), kind="conflict"
            )
        event: dict[str, Any] = {"missing": [m.name for m in missing]}
        if unusable:
            event["unusable"] = [m.name for m in unusable]
        after = None
        first = case.notices.filter(type=NoticeType.ONE_TIME).order_by("issued_at", "id").first()
        if first is not None and first.issued_by_id is not None:
            named_first = {m["name"] for m in first.data.get("missing", [])}
            new_names = [m.name for m in missing if m.name not in named_first]
            if new_names:
                event["breach"] = {"clerk": first.issued_by_id, "materials": new_names}
                after = partial(_record_breach, first=first, materials=new_names)
        listed = [
            {
                "id": m.material_id,
                "name": m.name,
                "originals": m.originals,
                "copies": m.copies,
                "note": m.note,
                "unusable": m in unusable,
            }
            for m in missing
        ]
        notice = {
            "missing": listed,
            "registered_on": str(local_date(case.registered_at)),
            "clerk": actor_display(actor),
        }
        return Effect(event=event, notice=notice, after=after)

    return perform(Step.NOTIFY_MISSING, case, actor=actor, now=now, change=change)


def _record_breach(outcome: Outcome, *, first: Notice, materials: list[str]) -> None:
    """违反一次性告知: the later notice asked for materials the first one did not name."""
    assert outcome.notice is not None and first.issued_by_id is not None
    OneTimeNoticeBreach.objects.create(
        case=outcome.case,
        org_id=outcome.case.org_id,
        clerk_id=first.issued_by_id,
        first_notice=first,
        later_notice=outcome.notice,
        materials=materials,
        recorded_at=outcome.event.at,
    )


@action(Step.SUPPLEMENT)
def supplement(
    case: Case | str, *, actor: User, materials: Iterable[Any], now: dt.datetime | None = None
) -> Outcome:
    """补正: materials arrive; once nothing mandatory is missing the case is back to submitted."""
    refs = list(materials)
    if not refs:
        raise DomainError("materials_required", _("请选择补交的材料"))

    def change(case: Case, now: dt.datetime) -> Effect:
        checklist = list(case.materials.all())
        received = mark_received(resolve_materials(checklist, refs), now)
        if not received:
            raise DomainError("already_received", _("所选材料均已收取"), kind="conflict")
        still_missing = [m.name for m in missing_mandatory(checklist)]
        if not still_missing:
            case.state = CaseState.SUBMITTED
        return Effect(event={"received": received, "still_missing": still_missing})

    return perform(Step.SUPPLEMENT, case, actor=actor, now=now, change=change)


def _clock_start(case: Case, today: dt.date, region: str) -> dt.date:
    """The day the time limit counts from: normally the day of acceptance.

    行政许可法 Art. 32(四): when the applicant was not told within five (working) days what to supplement,
    the application counts as accepted on the day it was received. So a case accepted more than five working
    days after receipt, with no one-time notice inside those five days, is clocked from receipt.
    """
    received = local_date(case.registered_at)
    if workdays_between(received, today, region) <= ONE_TIME_NOTICE_DAYS:
        return today
    first = case.notices.filter(type=NoticeType.ONE_TIME).order_by("issued_at").first()
    if (
        first is not None
        and workdays_between(received, local_date(first.issued_at), region) <= ONE_TIME_NOTICE_DAYS
    ):
        return today
    return received


@action(Step.ACCEPT)
def accept(case: Case | str, *, actor: User, now: dt.datetime | None = None) -> Outcome:
    """受理: refused while a mandatory material is missing (the step's guard); the clock starts the day
    after (民法典 Art. 201)."""

    def change(case: Case, now: dt.datetime) -> Effect:
        today = local_date(now)
        region = region_of(case)
        start = _clock_start(case, today, region)
        snapshot = case.item_snapshot
        participants = snapshot.get("participants", [])
        if case.kind == CaseKind.JOINT:
            case.base_days = max(p["days"] for p in participants)
        elif case.kind == CaseKind.INSTANT:
            case.base_days = 0
        else:
            case.base_days = snapshot["promised_days"] or snapshot["statutory_days"]
        due = case_due(case.kind, start, case.base_days, region)
        case.accepted_at, case.accepted_on, case.accepted_by = now, start, actor
        case.due_date, case.due_provisional = due.date, due.provisional
        if case.first_contact_id is None:
            case.first_contact = actor
        if case.window_id is None:
            case.window = handling_window(case.org_id, snapshot["window_codes"], actor)
        if case.kind == CaseKind.JOINT:
            windows = {
                w.code: w
                for w in Window.objects.filter(
                    org_id=case.org_id, code__in=[p["window_code"] for p in participants]
                )
            }
            JointTask.objects.bulk_create(
                JointTask(
                    case=case,
                    window=windows.get(p["window_code"]),
                    window_code=p["window_code"],
                    task=p["task"],
                    days=p["days"],
                    due_date=add_workdays(start, p["days"], region).date,
                )
                for p in participants
            )
        event = {
            "due_date": str(case.due_date),
            "days": case.base_days,
            "deemed_accepted_on": str(start) if start != today else "",
            "provisional": case.due_provisional,
        }
        notice = {
            "registered_on": str(local_date(case.registered_at)),
            "accepted_on": str(start),
            "deemed": start != today,
            "days": case.base_days,
            "due_date": str(case.due_date),
            "provisional": case.due_provisional,
            "materials": [m.name for m in case.materials.all() if m.received],
        }
        return Effect(event=event, notice=notice)

    return perform(Step.ACCEPT, case, actor=actor, now=now, change=change)


@action(Step.REJECT)
def reject(case: Case | str, *, actor: User, reason: str, now: dt.datetime | None = None) -> Outcome:
    """不予受理: a written reason is mandatory (不予受理通知书); counts as 退回件."""
    reason = clean_text(reason, "reason_required", _("不予受理必须写明理由"))

    def change(case: Case, now: dt.datetime) -> Effect:
        case.close_reason, case.closed_at = reason, now
        notice = {"reason": reason, "registered_on": str(local_date(case.registered_at))}
        return Effect(event={"reason": reason}, notice=notice)

    return perform(Step.REJECT, case, actor=actor, now=now, change=change)
