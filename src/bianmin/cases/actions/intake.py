"""Intake: registration, the one-time notice, supplement, acceptance or rejection (登记、一次性告知、受理)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bianmin.cases.actions._base import (
    clean_text,
    current_time,
    expect,
    item_enabled,
    local_date,
    lock_case,
    mark_received,
    missing_mandatory,
    region_of,
    require,
    resolve_materials,
    set_received,
)
from bianmin.cases.deadlines import case_due
from bianmin.cases.events import actor_display, record_event
from bianmin.cases.models import (
    ApplicantKind,
    Attachment,
    Case,
    CaseMaterial,
    CaseState,
    Channel,
    IdType,
    JointTask,
    Notice,
    NoticeType,
    OneTimeNoticeBreach,
)
from bianmin.cases.notices import issue_notice
from bianmin.cases.numbering import new_query_code, next_case_number
from bianmin.catalog.models import CaseKind, ServiceItem
from bianmin.catalog.selectors import version_snapshot
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import clean_credit_code, clean_resident_id
from bianmin.lib.text import join_names
from bianmin.lib.uploads import sniff
from bianmin.orgs.models import Org, OrgKind, Window
from bianmin.orgs.selectors import staff_of
from bianmin.workdays.services import add_workdays, workdays_between

# 行政许可法 Art. 32(四): what is missing must be told on the spot or within five days.
ONE_TIME_NOTICE_DAYS = 5

# ---------------------------------------------------------------------------------------------- register


def _clean_applicant(applicant: Mapping[str, Any]) -> dict[str, Any]:
    kind = applicant.get("kind", ApplicantKind.PERSON)
    if kind not in ApplicantKind.values:
        raise DomainError(
            "invalid_applicant_kind", _("申请人类型应为 person（自然人）或 organization（单位）")
        )
    name = clean_text(
        applicant.get("name"), "applicant_name_required", _("请填写申请人姓名或单位名称"), max_length=100
    )
    phone = str(applicant.get("phone") or "").strip()
    if phone and not (phone.replace("-", "").isdigit() and 7 <= len(phone.replace("-", "")) <= 12):
        raise DomainError("invalid_phone", _("联系电话格式不正确"))
    fields: dict[str, Any] = {
        "applicant_kind": kind,
        "applicant_name": name,
        "applicant_phone": phone,
        "applicant_address": str(applicant.get("address") or "").strip()[:200],
    }
    if kind == ApplicantKind.ORGANIZATION:
        code = clean_credit_code(str(applicant.get("credit_code") or ""))
        if code is None:
            raise DomainError("invalid_credit_code", _("统一社会信用代码不正确，请核对（GB 32100 校验位）"))
        fields["applicant_credit_code"] = code
        return fields
    id_type = applicant.get("id_type") or IdType.RESIDENT_ID
    if id_type not in IdType.values:
        raise DomainError("invalid_id_type", _("证件类型不正确"))
    raw = str(applicant.get("id_number") or "").strip().upper()
    if id_type == IdType.RESIDENT_ID:
        number = clean_resident_id(raw)
        if number is None:
            raise DomainError("invalid_id_number", _("居民身份证号码不正确，请核对（GB 11643 校验位）"))
    else:
        number = clean_text(raw, "id_number_required", _("请填写证件号码"), max_length=40)
    fields.update(applicant_id_type=id_type, applicant_id_number=number)
    return fields


def _clean_agent(agent: Mapping[str, Any] | None) -> dict[str, Any]:
    if not agent:
        return {}
    name = clean_text(agent.get("name"), "agent_name_required", _("请填写代理人姓名"), max_length=100)
    number = clean_resident_id(str(agent.get("id_number") or "").strip().upper())
    if number is None:
        raise DomainError("invalid_agent_id_number", _("代理人身份证号码不正确"))
    authorization = clean_text(
        agent.get("authorization"),
        "agent_authorization_required",
        _("请登记授权委托书（名称或编号）"),
        max_length=200,
    )
    return {
        "agent_name": name,
        "agent_id_number": number,
        "agent_phone": str(agent.get("phone") or "").strip()[:40],
        "agent_authorization": authorization,
    }


def _handling_window(org: Org, window_codes: list[str], actor: Any) -> Window | None:
    """The actor's own window when it handles the item, else the center's window for it (一窗受理)."""
    staff = staff_of(actor)
    windows = Window.objects.filter(org=org, code__in=window_codes, active=True)
    if staff is None:
        return windows.order_by("number").first()
    return (
        windows.annotate(mine=Count("posts", filter=Q(posts__staff=staff)))
        .order_by("-mine", "number")
        .first()
    )


def register(**kwargs: Any) -> Case:
    """登记 (see ``_register``). Files stored for a registration that is then refused are removed again."""
    stored: list[str] = []
    try:
        return _register(stored=stored, **kwargs)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


@transaction.atomic
def _register(
    *,
    stored: list[str],
    actor: Any,
    item_code: str,
    applicant: Mapping[str, Any],
    channel: str = Channel.WINDOW,
    received_materials: Iterable[Any] = (),
    agent: Mapping[str, Any] | None = None,
    org: Org | None = None,
    uploads: Iterable[tuple[Any, Any]] = (),
    now: dt.datetime | None = None,
) -> Case:
    """登记: a new case in state submitted with its material checklist; the actor is its first-contact
    owner (首问责任人). ``actor`` is None for an online application, which then names its ``org`` and may
    bring ``uploads``: (material reference, uploaded file) pairs, stored with the case in one transaction."""
    now = current_time(now)
    station = None
    if actor is not None:
        require(actor, "cases.register_case", _("您没有登记办件的权限"))
        staff = staff_of(actor)
        if staff is None:
            raise DomainError("not_staff", _("只有中心工作人员可以登记办件"), kind="forbidden")
        org = staff.org
        if org.kind == OrgKind.VILLAGE:
            # 代办员: the village station takes the matter, its town center owns the case.
            station, org = org, org.parent
            channel = Channel.AGENT_STATION
    elif org is None or channel != Channel.ONLINE:
        raise DomainError("actor_required", _("请先登录"), kind="forbidden")
    if org is None or org.kind == OrgKind.VILLAGE:
        raise DomainError("no_center", _("代办点没有所属的便民服务中心"), kind="invalid")
    if channel not in Channel.values:
        raise DomainError("invalid_channel", _("未知的申请渠道：%(channel)s") % {"channel": channel})
    item = (
        ServiceItem.objects.filter(code=str(item_code).strip(), active=True).select_related("current").first()
    )
    if item is None or item.current is None:
        raise DomainError("unknown_item", _("没有编码为 %(code)s 的事项") % {"code": item_code})
    if not item_enabled(item, org):
        raise DomainError("item_not_enabled", _("本中心未开通“%(name)s”事项") % {"name": item.current.name})
    version = item.current
    if channel == Channel.ONLINE and not version.online_allowed:
        raise DomainError(
            "online_not_allowed", _("“%(name)s”不能网上申请，请到窗口办理") % {"name": version.name}
        )
    fields = _clean_applicant(applicant)
    fields.update(_clean_agent(agent))
    proxied = bool(fields.get("agent_name")) or station is not None
    if proxied and version.in_person_required:
        raise DomainError(
            "in_person_required", _("“%(name)s”须申请人本人到场办理，不能代办") % {"name": version.name}
        )
    if proxied and not version.proxy_allowed:
        raise DomainError("proxy_not_allowed", _("“%(name)s”不能代办") % {"name": version.name})

    snapshot = version_snapshot(version)
    case = Case.objects.create(
        org=org,
        station=station,
        number=next_case_number(org, local_date(now)),
        query_code=new_query_code(),
        item=item,
        item_version=version,
        item_snapshot=snapshot,
        kind=version.kind,
        channel=channel,
        state=CaseState.SUBMITTED,
        first_contact=actor,
        registered_by=actor,
        window=_handling_window(org, snapshot["window_codes"], actor),
        registered_at=now,
        **fields,
    )
    checklist = [
        CaseMaterial(
            case=case,
            material_id=m["id"],
            position=i,
            name=m["name"],
            mandatory=m["mandatory"],
            originals=m["originals"],
            copies=m["copies"],
            note=m["note"],
        )
        for i, m in enumerate(snapshot["materials"], start=1)
    ]
    received = []
    for m in resolve_materials(checklist, received_materials):
        set_received(m, now)  # saved by the bulk insert below
        received.append(m.name)
    CaseMaterial.objects.bulk_create(checklist)
    uploaded = []
    for ref, upload in uploads:
        attachment = _attach(case, ref, upload, now)
        stored.append(attachment.file.name)
        uploaded.append(attachment.material.name if attachment.material else "")
    record_event(
        case,
        "register",
        actor=actor,
        now=now,
        to_state=CaseState.SUBMITTED,
        data={
            "channel": channel,
            "item": item.code,
            "version": version.version,
            "received": received,
            "station": station.code if station else "",
            "uploads": uploaded,
        },
    )
    case.save(update_fields=["event_count", "last_hash"])
    return case


def _attach(case: Case, ref: Any, upload: Any, now: dt.datetime) -> Attachment:
    """Store one uploaded material under a random name after checking its content type and size.

    An upload does not mark the material received: the clerk checks it before acceptance."""
    (material,) = resolve_materials(case, [ref])
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            "file_too_large",
            _("“%(name)s”超过 %(size)s MB")
            % {"name": upload.name, "size": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
        )
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise DomainError(
            "file_type_not_allowed", _("“%(name)s”不是 PDF、JPG 或 PNG 文件") % {"name": upload.name}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        case=case,
        material=material,
        original_name=str(upload.name)[:200],
        content_type=kind[0],
        extension=kind[1],
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_at=now,
    )
    attachment.file.save(f"upload{kind[1]}", upload, save=False)
    attachment.save()
    return attachment


# ---------------------------------------------------------------------------------- before acceptance


@transaction.atomic
def notify_missing(
    case: Case | str, *, actor: Any, also_missing: Iterable[Any] = (), now: dt.datetime | None = None
) -> Notice:
    """一次性告知: one notice listing every missing mandatory material at once (行政许可法 Art. 32(四)).

    ``also_missing`` names materials marked received that turned out unusable. A later notice that asks
    for something the first notice did not name is recorded as a breach against the first notice's clerk.
    """
    now = current_time(now)
    require(actor, "cases.accept_case", _("您没有出具一次性告知书的权限"))
    case = lock_case(case, actor)
    expect(case, {CaseState.SUBMITTED, CaseState.SUPPLEMENTING}, pgettext("case action", "出具一次性告知书"))
    for m in resolve_materials(case, also_missing):
        m.received = False
        m.received_original = False
        m.received_copies = 0
        m.save(update_fields=["received", "received_original", "received_copies"])
    missing = missing_mandatory(case.materials.all())
    if not missing:
        raise DomainError("nothing_missing", _("必需材料已齐全，无需一次性告知，可直接受理"), kind="conflict")
    from_state = case.state
    listed = [
        {"id": m.material_id, "name": m.name, "originals": m.originals, "copies": m.copies, "note": m.note}
        for m in missing
    ]
    notice = issue_notice(
        case,
        NoticeType.ONE_TIME,
        actor=actor,
        now=now,
        data={
            "missing": listed,
            "registered_on": str(local_date(case.registered_at)),
            "clerk": actor_display(actor),
        },
    )
    first = (
        case.notices.filter(type=NoticeType.ONE_TIME)
        .exclude(pk=notice.pk)
        .order_by("issued_at", "id")
        .first()
    )
    event_data: dict[str, Any] = {"notice": notice.number, "missing": [m.name for m in missing]}
    if first is not None:
        named_first = {m["name"] for m in first.data.get("missing", [])}
        new_names = [m.name for m in missing if m.name not in named_first]
        if new_names and first.issued_by_id is not None:
            OneTimeNoticeBreach.objects.create(
                case=case,
                org=case.org,
                clerk_id=first.issued_by_id,
                first_notice=first,
                later_notice=notice,
                materials=new_names,
                recorded_at=now,
            )
            event_data["breach"] = {"clerk": first.issued_by_id, "materials": new_names}
    case.state = CaseState.SUPPLEMENTING
    record_event(
        case,
        "notify_missing",
        actor=actor,
        now=now,
        from_state=from_state,
        to_state=case.state,
        data=event_data,
    )
    case.save(update_fields=["state", "event_count", "last_hash"])
    return notice


@transaction.atomic
def supplement(
    case: Case | str, *, actor: Any, materials: Iterable[Any], now: dt.datetime | None = None
) -> Case:
    """补正: materials arrive; once nothing mandatory is missing the case is back to submitted."""
    now = current_time(now)
    require(actor, "cases.register_case", _("您没有收取材料的权限"))
    case = lock_case(case, actor)
    expect(case, {CaseState.SUPPLEMENTING, CaseState.SUBMITTED}, pgettext("case action", "补正材料"))
    refs = list(materials)
    if not refs:
        raise DomainError("materials_required", _("请选择补交的材料"))
    received = mark_received(resolve_materials(case, refs), now)
    if not received:
        raise DomainError("already_received", _("所选材料均已收取"), kind="conflict")
    from_state = case.state
    still_missing = [m.name for m in missing_mandatory(case.materials.all())]
    if not still_missing:
        case.state = CaseState.SUBMITTED
    record_event(
        case,
        "supplement",
        actor=actor,
        now=now,
        from_state=from_state,
        to_state=case.state,
        data={"received": received, "still_missing": still_missing},
    )
    case.save(update_fields=["state", "event_count", "last_hash"])
    return case


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


@transaction.atomic
def accept(case: Case | str, *, actor: Any, now: dt.datetime | None = None) -> Case:
    """受理: refused while a mandatory material is missing; the clock starts the day after (民法典 Art. 201)."""
    now = current_time(now)
    require(actor, "cases.accept_case", _("您没有受理办件的权限"))
    case = lock_case(case, actor)
    expect(case, {CaseState.SUBMITTED}, pgettext("case action", "受理"))
    materials = list(case.materials.all())
    missing = missing_mandatory(materials)
    if missing:
        names = [m.name for m in missing]
        raise DomainError(
            "materials_missing",
            _("必需材料不齐，不能受理：%(names)s。请出具一次性告知书。") % {"names": join_names(names)},
            kind="conflict",
            missing=names,
        )
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
        case.window = _handling_window(case.org, snapshot["window_codes"], actor)
    if case.kind == CaseKind.JOINT:
        windows = {
            w.code: w
            for w in Window.objects.filter(org=case.org, code__in=[p["window_code"] for p in participants])
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
    from_state = case.state
    case.state = CaseState.ACCEPTED
    notice = issue_notice(
        case,
        NoticeType.ACCEPTANCE,
        actor=actor,
        now=now,
        data={
            "registered_on": str(local_date(case.registered_at)),
            "accepted_on": str(start),
            "deemed": start != today,
            "days": case.base_days,
            "due_date": str(case.due_date),
            "provisional": case.due_provisional,
            "materials": [m.name for m in materials if m.received],
        },
    )
    record_event(
        case,
        "accept",
        actor=actor,
        now=now,
        from_state=from_state,
        to_state=case.state,
        data={
            "due_date": str(case.due_date),
            "days": case.base_days,
            "deemed_accepted_on": str(start) if start != today else "",
            "provisional": case.due_provisional,
            "notice": notice.number,
        },
    )
    case.save()
    return case


@transaction.atomic
def reject(case: Case | str, *, actor: Any, reason: str, now: dt.datetime | None = None) -> Case:
    """不予受理: a written reason is mandatory (不予受理通知书); counts as 退回件."""
    now = current_time(now)
    require(actor, "cases.accept_case", _("您没有退回办件的权限"))
    reason = clean_text(reason, "reason_required", _("不予受理必须写明理由"))
    case = lock_case(case, actor)
    expect(case, {CaseState.SUBMITTED, CaseState.SUPPLEMENTING}, pgettext("case action", "不予受理"))
    from_state = case.state
    case.state, case.close_reason, case.closed_at = CaseState.REJECTED, reason, now
    notice = issue_notice(
        case,
        NoticeType.REJECTION,
        actor=actor,
        now=now,
        data={"reason": reason, "registered_on": str(local_date(case.registered_at))},
    )
    record_event(
        case,
        "reject",
        actor=actor,
        now=now,
        from_state=from_state,
        to_state=case.state,
        data={"reason": reason, "notice": notice.number},
    )
    case.save()
    return case
