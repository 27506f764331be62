"""The three-level network (三级便民服务网络): a villager's matter goes village → town → county and back.

A village agent (代办员) registers a proxy case (代办件) with the villager's authorisation; it stays at the
station until the agent forwards it with a hand-over slip (代办件交接单, ``forward``) and the town's clerk
signs for it (``receive``), after which it is a normal case of the town. What the town cannot decide it
escalates (上报件, ``escalate``): a linked case opens at the county center, whose decision — or return to
the town (``return_escalation``) — settles the town's case in the same transaction (``_base.settle_
downstream``). The result goes back the way it came: the town hands it to the agent with a receipt
(``return_to_agent``), the agent to the villager (``hand_back``). Every leg is an event in each ledger.

The center's own part of a proxy case, from forwarding to the result back with the agent, has its own limit
(003 曾家镇全程代办制度 四: 7 working days, a county setting ``Org.proxy_days``), the county's time excluded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from bianmin.cases.actions._base import (
    Effect,
    Outcome,
    User,
    action,
    clean_text,
    finish,
    handling_window,
    item_enabled,
    local_date,
    perform,
    prime,
    region_of,
    resolve_materials,
)
from bianmin.cases.models import (
    Case,
    CaseMaterial,
    CaseState,
    Channel,
    DeliveryMethod,
    GreenChannel,
    NoticeType,
)
from bianmin.cases.notices import issue_notice
from bianmin.cases.numbering import new_query_code, next_case_number
from bianmin.cases.steps import Step
from bianmin.catalog.models import DecidingLevel
from bianmin.catalog.selectors import version_snapshot
from bianmin.lib.errors import DomainError
from bianmin.lib.text import clean_person_name
from bianmin.orgs.models import Org
from bianmin.workdays.services import add_workdays

MAX_PIECES = 99


def _count(value: Any, name: str, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if isinstance(value, bool) or not 0 <= number <= MAX_PIECES:
        raise DomainError(
            "invalid_count",
            _("“%(name)s”的%(field)s应为 0 到 %(max)d 之间的整数")
            % {"name": name, "field": field, "max": MAX_PIECES},
        )
    return number


def _handed_over(case: Case, rows: Iterable[Mapping[str, Any]], now: dt.datetime) -> list[dict[str, Any]]:
    """The materials the agent hands to the town, as the slip lists them (name, originals, copies, pages),
    recorded as received on the case's checklist."""
    sheet: list[dict[str, Any]] = []
    changed: list[CaseMaterial] = []
    for row in rows:
        if not isinstance(row, Mapping):
            raise DomainError("invalid_handover", _("交接的材料应逐项列出：材料、原件份数、复印件份数、页数"))
        (material,) = resolve_materials(case, [row.get("material", "")])
        originals = _count(row.get("originals", 0), material.name, _("原件份数"))
        copies = _count(row.get("copies", 0), material.name, _("复印件份数"))
        pages = _count(row.get("pages", 0), material.name, _("页数"))
        if originals + copies == 0:
            raise DomainError(
                "nothing_handed_over", _("“%(name)s”未交接原件或复印件") % {"name": material.name}
            )
        material.received, material.received_at = True, now
        material.received_original, material.received_copies = originals > 0, copies
        material.pages = pages
        changed.append(material)
        sheet.append({"name": material.name, "originals": originals, "copies": copies, "pages": pages})
    if not sheet:
        raise DomainError("handover_empty", _("交接单至少应列出一项材料"))
    CaseMaterial.objects.bulk_update(
        changed, ["received", "received_at", "received_original", "received_copies", "pages"]
    )
    return sheet


def proxy_limit(case: Case) -> int:
    """The county's proxy limit in working days (``Org.proxy_days`` of the county the case's center is in)."""
    days = Org.objects.filter(code=case.org.region_code).values_list("proxy_days", flat=True).first()
    return int(days if days is not None else 7)


@action(Step.FORWARD)
def forward(
    case: Case | str,
    *,
    actor: User,
    handed_over: Iterable[Mapping[str, Any]],
    note: str = "",
    now: dt.datetime | None = None,
) -> Outcome:
    """报送: the agent takes the villager's materials to the town with a 代办件交接单 listing each one;
    the proxy leg's clock starts (its due date beside the item's own)."""
    rows = list(handed_over or [])
    note = str(note or "").strip()[:500]

    def change(case: Case, now: dt.datetime) -> Effect:
        sheet = _handed_over(case, rows, now)
        today = local_date(now)
        case.forwarded_at = now
        case.proxy_days = proxy_limit(case)
        case.proxy_due_date = add_workdays(today, case.proxy_days, region_of(case)).date
        data = {
            "handed_over": sheet,
            "proxy_days": case.proxy_days,
            "proxy_due_date": str(case.proxy_due_date),
        }
        return Effect(
            event={**data, "note": note}, notice={**data, "note": note, "station": _station_name(case)}
        )

    return perform(Step.FORWARD, case, actor=actor, now=now, change=change)


def _station_name(case: Case) -> str:
    if case.station_id is None:
        return ""
    return Org.objects.filter(pk=case.station_id).values_list("name", flat=True).first() or ""


@action(Step.RECEIVE)
def receive(case: Case | str, *, actor: User, note: str = "", now: dt.datetime | None = None) -> Outcome:
    """签收: the town's clerk signs for the forwarded case; from now on it is a case of the town, its clerk
    the first-contact owner. Missing materials are then asked for with the one-time notice as usual."""
    note = str(note or "").strip()[:500]

    def change(case: Case, now: dt.datetime) -> Effect:
        case.signed_at = now
        case.first_contact = actor
        case.window = handling_window(case.org_id, case.item_snapshot["window_codes"], actor) or case.window
        missing = [m.name for m in case.materials.all() if m.mandatory and not m.received]
        return Effect(event={"missing": missing, "note": note})

    return perform(Step.RECEIVE, case, actor=actor, now=now, change=change)


@action(Step.RETURN_TO_AGENT)
def return_to_agent(
    case: Case | str, *, actor: User, note: str = "", now: dt.datetime | None = None
) -> Outcome:
    """交回代办员: the town hands the result to the station's agent with a receipt (回执); the proxy leg
    ends here, on time or late against its own due date."""
    note = str(note or "").strip()[:500]

    def change(case: Case, now: dt.datetime) -> Effect:
        case.returned_to_agent_at = now
        today = local_date(now)
        on_time = case.proxy_due_date is None or today <= case.proxy_due_date
        data = {"proxy_due_date": str(case.proxy_due_date or ""), "on_time": on_time, "note": note}
        notice = {**data, "station": _station_name(case), "result": case.result, "returned_on": str(today)}
        return Effect(event=data, notice=notice)

    return perform(Step.RETURN_TO_AGENT, case, actor=actor, now=now, change=change)


@action(Step.HAND_BACK)
def hand_back(
    case: Case | str, *, actor: User, received_by: str, note: str = "", now: dt.datetime | None = None
) -> Outcome:
    """转交: the agent gives the result to the villager and records who received it (取件人)."""
    received_by = clean_text(
        clean_person_name(received_by), "received_by_required", _("请登记取件人姓名"), max_length=100
    )
    note = str(note or "").strip()[:500]

    def change(case: Case, now: dt.datetime) -> Effect:
        case.collected_by, case.delivered_at = received_by, now
        case.delivery_method = DeliveryMethod.AGENT
        return Effect(event={"received_by": received_by, "note": note})

    return perform(Step.HAND_BACK, case, actor=actor, now=now, change=change)


@action(Step.ESCALATE)
def escalate(case: Case | str, *, actor: User, reason: str = "", now: dt.datetime | None = None) -> Outcome:
    """上报: the town cannot decide the item (the catalog names the county, or the clerk says why): a linked
    case opens at the county center with the town's materials, the applicant gets a 上报件告知书 and the
    county a 报送联系单. The outcome's ``value`` is the county's case."""
    reason = str(reason or "").strip()[:1000]

    def change(town: Case, now: dt.datetime) -> Effect:
        if town.item_snapshot.get("decided_by") != DecidingLevel.COUNTY and not reason:
            raise DomainError("reason_required", _("本事项由乡镇审批；上报县级须写明理由"), field="reason")
        assert town.org.parent_id is not None  # the guard checked the town has a county above it
        county = Org.objects.get(pk=town.org.parent_id)
        if not town.item.active or town.item.current is None or not item_enabled(town.item, county):
            raise DomainError(
                "item_not_at_county",
                _("%(county)s未开通“%(item)s”事项，不能上报")
                % {"county": county.name, "item": town.item_name},
                kind="conflict",
            )
        upstream = _open_county_case(town, county, actor, reason, now)
        town.upstream_case, town.escalated_at = upstream, now
        slip_data = {"upstream": upstream.number, "county": county.name, "reason": reason}
        slip = issue_notice(town, NoticeType.REFERRAL, actor=actor, now=now, data=slip_data)
        event = {**slip_data, "referral": slip.number}
        notice = {**slip_data, "query_code": upstream.query_code, "referral": slip.number}
        return Effect(event=event, notice=notice, value=upstream)

    return perform(Step.ESCALATE, case, actor=actor, now=now, change=change)


def _open_county_case(town: Case, county: Org, actor: Any, reason: str, now: dt.datetime) -> Case:
    """The county's case of an escalation: the town's applicant and materials as received, registered in the
    county's own numbering and ledger (its first event names the town's case)."""
    version = town.item.current
    assert version is not None
    snapshot = version_snapshot(version)
    copied = {
        f.attname: getattr(town, f.attname)
        for f in Case._meta.concrete_fields
        if f.attname.startswith(("applicant_", "agent_"))
    }
    upstream = Case.objects.create(
        org=county,
        number=next_case_number(county, local_date(now)),
        query_code=new_query_code(),
        item=town.item,
        item_version=version,
        item_snapshot=snapshot,
        kind=version.kind,
        channel=Channel.ESCALATION,
        state=CaseState.SUBMITTED,
        registered_by=actor,
        window=handling_window(county.pk, snapshot["window_codes"], None),
        registered_at=now,
        proxy=town.proxy,
        green_channel=town.green_channel,  # an elderly applicant is served first at the county too
        **copied,
    )
    materials = [
        CaseMaterial(
            case=upstream,
            material_id=m.material_id,
            position=m.position,
            name=m.name,
            mandatory=m.mandatory,
            originals=m.originals,
            copies=m.copies,
            received=m.received,
            received_original=m.received_original,
            received_copies=m.received_copies,
            pages=m.pages,
            note=m.note,
            received_at=now if m.received else None,
        )
        for m in town.materials.all()
    ]
    CaseMaterial.objects.bulk_create(materials)
    prime(upstream, "materials", materials)
    prime(upstream, "tasks", [])
    finish(
        upstream,
        Step.REGISTER,
        actor=actor,
        now=now,
        from_state="",
        before=None,
        effect=Effect(
            event={
                "channel": Channel.ESCALATION,
                "item": town.item.code,
                "version": version.version,
                "received": [m.name for m in materials if m.received],
                "escalated_from": town.number,
                "town": town.org.name,
                "reason": reason,
            }
        ),
    )
    return upstream


@action(Step.RETURN_ESCALATION)
def return_escalation(
    case: Case | str, *, actor: User, reason: str, now: dt.datetime | None = None
) -> Outcome:
    """退回乡镇: the county sends an escalated case back with its reason; the town's case returns to its
    clerk (``_base.settle_downstream`` records it on the town's ledger in the same transaction)."""
    reason = clean_text(reason, "reason_required", _("退回乡镇必须写明理由"))

    def change(case: Case, now: dt.datetime) -> Effect:
        case.close_reason, case.closed_at = reason, now
        return Effect(event={"reason": reason})

    return perform(Step.RETURN_ESCALATION, case, actor=actor, now=now, change=change)


@action(Step.GREEN_CHANNEL)
def open_green_channel(
    case: Case | str, *, actor: User, reason: str, note: str = "", now: dt.datetime | None = None
) -> Outcome:
    """绿色通道: an elderly or disabled applicant, or an urgent matter, is served first in every work list."""
    if reason not in GreenChannel.values:
        raise DomainError("invalid_green_channel", _("绿色通道的原因应为老年人、残疾人或急需办理"))
    note = str(note or "").strip()[:200]

    def change(case: Case, now: dt.datetime) -> Effect:
        case.green_channel = reason
        return Effect(event={"reason": reason, "note": note})

    return perform(Step.GREEN_CHANNEL, case, actor=actor, now=now, change=change)
