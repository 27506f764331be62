"""Every change of a case's life, one function each (办件流程: 登记→受理→交办→承办→办结→送达→归档).

Each action checks the actor's right, the actor's scope and the case's state, then writes the change,
its hash-chained event and its notice in one transaction. A refusal raises ``DomainError`` with a stable
code and a plain message, and writes nothing. The case row is locked for the whole transaction, so two
clerks acting at once are served one after the other and the second sees the first's result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from bianmin.cases.deadlines import case_due
from bianmin.cases.events import actor_display, record_event
from bianmin.cases.models import (
    ApplicantKind,
    Attachment,
    Case,
    CaseMaterial,
    CaseState,
    Channel,
    DeliveryMethod,
    IdType,
    JointTask,
    Notice,
    NoticeType,
    OneTimeNoticeBreach,
    Result,
    SuspensionType,
    TaskState,
)
from bianmin.cases.notices import issue_notice
from bianmin.cases.numbering import new_query_code, next_case_number
from bianmin.catalog.models import CaseKind, ServiceItem
from bianmin.catalog.selectors import version_snapshot
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import clean_credit_code, clean_resident_id, mask_id
from bianmin.lib.uploads import sniff
from bianmin.orgs.models import Org, OrgKind, Window
from bianmin.orgs.selectors import staff_of, visible_orgs
from bianmin.workdays.services import add_workdays, workdays_between

MAX_EXTENSION_DAYS = 10  # 行政许可法 Art. 42: one extension of at most 10 working days


# ---------------------------------------------------------------------------------------------- helpers


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _require(actor: Any, perm: str, message: str) -> None:
    if actor is None or not actor.has_perm(perm):
        raise DomainError("permission_denied", message, kind="forbidden")


def _state_error(case: Case, action_label: str) -> DomainError:
    return DomainError(
        "invalid_state",
        f"办件当前状态为“{CaseState(case.state).label}”，不能{action_label}",
        kind="conflict",
        state=case.state,
    )


def _expect(case: Case, states: Iterable[str], action_label: str) -> None:
    if case.state not in set(states):
        raise _state_error(case, action_label)


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
        raise DomainError("case_not_found", "找不到该办件", kind="not_found")
    return found


def _clean_text(value: Any, code: str, message: str, *, max_length: int = 1000) -> str:
    text = str(value or "").strip()
    if not text:
        raise DomainError(code, message)
    if len(text) > max_length:
        raise DomainError(code, f"{message}（不超过 {max_length} 字）")
    return text


def _materials_by_key(materials: Iterable[CaseMaterial]) -> dict[str, CaseMaterial]:
    keyed: dict[str, CaseMaterial] = {}
    for m in materials:
        if m.material_id is not None:
            keyed[str(m.material_id)] = m
        keyed[m.name] = m
    return keyed


def _resolve_materials(materials: Case | list[CaseMaterial], refs: Iterable[Any]) -> list[CaseMaterial]:
    """Materials named by their catalog id or their name; an unknown reference is refused."""
    keyed = _materials_by_key(materials.materials.all() if isinstance(materials, Case) else materials)
    found: list[CaseMaterial] = []
    unknown = []
    for ref in refs:
        m = keyed.get(str(ref).strip())
        if m is None:
            unknown.append(str(ref))
        elif m not in found:
            found.append(m)
    if unknown:
        raise DomainError("unknown_material", f"该事项没有这些材料：{'、'.join(unknown)}", materials=unknown)
    return found


def missing_mandatory(materials: Iterable[CaseMaterial]) -> list[CaseMaterial]:
    return [m for m in materials if m.mandatory and not m.received]


def _mark_received(materials: Iterable[CaseMaterial], now: dt.datetime) -> list[str]:
    names = []
    for m in materials:
        if not m.received:
            m.received = True
            m.received_original = m.originals > 0
            m.received_copies = m.copies
            m.received_at = now
            m.save(update_fields=["received", "received_original", "received_copies", "received_at"])
            names.append(m.name)
    return names


def _local_date(now: dt.datetime) -> dt.date:
    return timezone.localdate(now)


def _region(case: Case) -> str:
    return case.org.region_code


def _item_enabled(item: ServiceItem, org: Org) -> bool:
    return item.enabled_at.filter(pk=org.pk).exists()


# ---------------------------------------------------------------------------------------------- register


def _clean_applicant(applicant: Mapping[str, Any]) -> dict[str, Any]:
    kind = applicant.get("kind", ApplicantKind.PERSON)
    if kind not in ApplicantKind.values:
        raise DomainError("invalid_applicant_kind", "申请人类型应为 person（自然人）或 organization（单位）")
    name = _clean_text(
        applicant.get("name"), "applicant_name_required", "请填写申请人姓名或单位名称", max_length=100
    )
    phone = str(applicant.get("phone") or "").strip()
    if phone and not (phone.replace("-", "").isdigit() and 7 <= len(phone.replace("-", "")) <= 12):
        raise DomainError("invalid_phone", "联系电话格式不正确")
    fields: dict[str, Any] = {
        "applicant_kind": kind,
        "applicant_name": name,
        "applicant_phone": phone,
        "applicant_address": str(applicant.get("address") or "").strip()[:200],
    }
    if kind == ApplicantKind.ORGANIZATION:
        code = clean_credit_code(str(applicant.get("credit_code") or ""))
        if code is None:
            raise DomainError("invalid_credit_code", "统一社会信用代码不正确，请核对（GB 32100 校验位）")
        fields["applicant_credit_code"] = code
        return fields
    id_type = applicant.get("id_type") or IdType.RESIDENT_ID
    if id_type not in IdType.values:
        raise DomainError("invalid_id_type", "证件类型不正确")
    raw = str(applicant.get("id_number") or "").strip().upper()
    if id_type == IdType.RESIDENT_ID:
        number = clean_resident_id(raw)
        if number is None:
            raise DomainError("invalid_id_number", "居民身份证号码不正确，请核对（GB 11643 校验位）")
    else:
        number = _clean_text(raw, "id_number_required", "请填写证件号码", max_length=40)
    fields.update(applicant_id_type=id_type, applicant_id_number=number)
    return fields


def _clean_agent(agent: Mapping[str, Any] | None) -> dict[str, Any]:
    if not agent:
        return {}
    name = _clean_text(agent.get("name"), "agent_name_required", "请填写代理人姓名", max_length=100)
    number = clean_resident_id(str(agent.get("id_number") or "").strip().upper())
    if number is None:
        raise DomainError("invalid_agent_id_number", "代理人身份证号码不正确")
    authorization = _clean_text(
        agent.get("authorization"),
        "agent_authorization_required",
        "请登记授权委托书（名称或编号）",
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
    now = _now(now)
    station = None
    if actor is not None:
        _require(actor, "cases.register_case", "您没有登记办件的权限")
        staff = staff_of(actor)
        if staff is None:
            raise DomainError("not_staff", "只有中心工作人员可以登记办件", kind="forbidden")
        org = staff.org
        if org.kind == OrgKind.VILLAGE:
            # 代办员: the village station takes the matter, its town center owns the case.
            station, org = org, org.parent
            channel = Channel.AGENT_STATION
    elif org is None or channel != Channel.ONLINE:
        raise DomainError("actor_required", "请先登录", kind="forbidden")
    if org is None or org.kind == OrgKind.VILLAGE:
        raise DomainError("no_center", "代办点没有所属的便民服务中心", kind="invalid")
    if channel not in Channel.values:
        raise DomainError("invalid_channel", f"未知的申请渠道：{channel}")
    item = (
        ServiceItem.objects.filter(code=str(item_code).strip(), active=True).select_related("current").first()
    )
    if item is None or item.current is None:
        raise DomainError("unknown_item", f"没有编码为 {item_code} 的事项")
    if not _item_enabled(item, org):
        raise DomainError("item_not_enabled", f"本中心未开通“{item.current.name}”事项")
    version = item.current
    if channel == Channel.ONLINE and not version.online_allowed:
        raise DomainError("online_not_allowed", f"“{version.name}”不能网上申请，请到窗口办理")
    fields = _clean_applicant(applicant)
    fields.update(_clean_agent(agent))
    proxied = bool(fields.get("agent_name")) or station is not None
    if proxied and version.in_person_required:
        raise DomainError("in_person_required", f"“{version.name}”须申请人本人到场办理，不能代办")
    if proxied and not version.proxy_allowed:
        raise DomainError("proxy_not_allowed", f"“{version.name}”不能代办")

    snapshot = version_snapshot(version)
    case = Case.objects.create(
        org=org,
        station=station,
        number=next_case_number(org, _local_date(now)),
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
    for m in _resolve_materials(checklist, received_materials):
        m.received, m.received_original, m.received_copies, m.received_at = (
            True,
            m.originals > 0,
            m.copies,
            now,
        )
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
    (material,) = _resolve_materials(case, [ref])
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            "file_too_large", f"“{upload.name}”超过 {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB"
        )
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise DomainError("file_type_not_allowed", f"“{upload.name}”不是 PDF、JPG 或 PNG 文件")
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
    now = _now(now)
    _require(actor, "cases.accept_case", "您没有出具一次性告知书的权限")
    case = lock_case(case, actor)
    _expect(case, {CaseState.SUBMITTED, CaseState.SUPPLEMENTING}, "出具一次性告知书")
    for m in _resolve_materials(case, also_missing):
        m.received = False
        m.received_original = False
        m.received_copies = 0
        m.save(update_fields=["received", "received_original", "received_copies"])
    missing = missing_mandatory(case.materials.all())
    if not missing:
        raise DomainError("nothing_missing", "必需材料已齐全，无需一次性告知，可直接受理", kind="conflict")
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
            "registered_on": str(_local_date(case.registered_at)),
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
    now = _now(now)
    _require(actor, "cases.register_case", "您没有收取材料的权限")
    case = lock_case(case, actor)
    _expect(case, {CaseState.SUPPLEMENTING, CaseState.SUBMITTED}, "补正材料")
    refs = list(materials)
    if not refs:
        raise DomainError("materials_required", "请选择补交的材料")
    received = _mark_received(_resolve_materials(case, refs), now)
    if not received:
        raise DomainError("already_received", "所选材料均已收取", kind="conflict")
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


@transaction.atomic
def accept(case: Case | str, *, actor: Any, now: dt.datetime | None = None) -> Case:
    """受理: refused while a mandatory material is missing; the clock starts the day after (民法典 Art. 201)."""
    now = _now(now)
    _require(actor, "cases.accept_case", "您没有受理办件的权限")
    case = lock_case(case, actor)
    _expect(case, {CaseState.SUBMITTED}, "受理")
    materials = list(case.materials.all())
    missing = missing_mandatory(materials)
    if missing:
        names = [m.name for m in missing]
        raise DomainError(
            "materials_missing",
            f"必需材料不齐，不能受理：{'、'.join(names)}。请出具一次性告知书。",
            kind="conflict",
            missing=names,
        )
    today = _local_date(now)
    region = _region(case)
    snapshot = case.item_snapshot
    participants = snapshot.get("participants", [])
    if case.kind == CaseKind.JOINT:
        case.base_days = max(p["days"] for p in participants)
    elif case.kind == CaseKind.INSTANT:
        case.base_days = 0
    else:
        case.base_days = snapshot["promised_days"] or snapshot["statutory_days"]
    due = case_due(case.kind, today, case.base_days, region)
    case.accepted_at, case.accepted_on, case.accepted_by = now, today, actor
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
                due_date=add_workdays(today, p["days"], region).date,
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
            "registered_on": str(_local_date(case.registered_at)),
            "accepted_on": str(today),
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
            "provisional": case.due_provisional,
            "notice": notice.number,
        },
    )
    case.save()
    return case


@transaction.atomic
def reject(case: Case | str, *, actor: Any, reason: str, now: dt.datetime | None = None) -> Case:
    """不予受理: a written reason is mandatory (不予受理通知书); counts as 退回件."""
    now = _now(now)
    _require(actor, "cases.accept_case", "您没有退回办件的权限")
    reason = _clean_text(reason, "reason_required", "不予受理必须写明理由")
    case = lock_case(case, actor)
    _expect(case, {CaseState.SUBMITTED, CaseState.SUPPLEMENTING}, "不予受理")
    from_state = case.state
    case.state, case.close_reason, case.closed_at = CaseState.REJECTED, reason, now
    notice = issue_notice(
        case,
        NoticeType.REJECTION,
        actor=actor,
        now=now,
        data={"reason": reason, "registered_on": str(_local_date(case.registered_at))},
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


# ------------------------------------------------------------------------------------------- handling


@transaction.atomic
def assign(case: Case | str, *, actor: Any, handler: Any, now: dt.datetime | None = None) -> Case:
    """交办: hand the case to a handler of the same center."""
    now = _now(now)
    _require(actor, "cases.accept_case", "您没有交办办件的权限")
    case = lock_case(case, actor)
    _expect(case, {CaseState.ACCEPTED, CaseState.IN_PROGRESS}, "交办")
    handler_staff = staff_of(handler)
    if handler_staff is None or handler_staff.org_id != case.org_id or not handler.is_active:
        raise DomainError("invalid_handler", "承办人须为本中心在岗工作人员")
    if not handler.has_perm("cases.handle_case"):
        raise DomainError("invalid_handler", f"{handler_staff.name} 没有承办办件的权限")
    from_state = case.state
    case.handler, case.state = handler, CaseState.IN_PROGRESS
    record_event(
        case,
        "assign",
        actor=actor,
        now=now,
        from_state=from_state,
        to_state=case.state,
        data={"handler": handler.get_username(), "handler_name": handler_staff.name},
    )
    case.save()
    return case


@transaction.atomic
def complete_task(
    case: Case | str, *, actor: Any, window_code: str, result: str, now: dt.datetime | None = None
) -> JointTask:
    """并联审批: one participating window finishes its part; staff of that window (or the leaders) only."""
    now = _now(now)
    _require(actor, "cases.handle_case", "您没有办理联办任务的权限")
    result = _clean_text(result, "result_required", "请填写办理意见")
    case = lock_case(case, actor)
    _expect(case, {CaseState.ACCEPTED, CaseState.IN_PROGRESS}, "办理联办任务")
    task = case.tasks.filter(window_code=window_code).first()
    if task is None:
        raise DomainError("task_not_found", f"该办件没有 {window_code} 窗口的联办任务", kind="not_found")
    if task.state == TaskState.DONE:
        raise DomainError("task_done", "该窗口的联办任务已经完成", kind="conflict")
    staff = staff_of(actor)
    holds_window = (
        staff is not None and task.window is not None and task.window.posts.filter(staff=staff).exists()
    )
    if not (holds_window or actor.has_perm("cases.approve_extension")):
        raise DomainError("not_task_window", "只有该窗口的工作人员或带班领导可以办理此任务", kind="forbidden")
    task.state, task.result, task.completed_by, task.completed_at = TaskState.DONE, result, actor, now
    task.save()
    record_event(
        case,
        "complete_task",
        actor=actor,
        now=now,
        from_state=case.state,
        to_state=case.state,
        data={"window": window_code, "result": result},
    )
    case.save(update_fields=["event_count", "last_hash"])
    return task


@transaction.atomic
def suspend(case: Case | str, *, actor: Any, type: str, reason: str, now: dt.datetime | None = None) -> Case:
    """特别程序: hearing, survey, expert review, testing or supplement; the clock stops (Art. 45)."""
    now = _now(now)
    _require(actor, "cases.handle_case", "您没有启动特别程序的权限")
    if type not in SuspensionType.values:
        raise DomainError(
            "invalid_suspension_type", "特别程序类型应为听证、现场勘查、专家评审、检验检测或受理后补正"
        )
    reason = _clean_text(reason, "reason_required", "启动特别程序必须写明理由")
    case = lock_case(case, actor)
    _expect(case, CaseState.running_states(), "启动特别程序")
    from_state = case.state
    today = _local_date(now)
    case.state, case.suspended_on, case.suspension_type = CaseState.SUSPENDED, today, type
    label = str(SuspensionType(type).label)
    notice = issue_notice(
        case,
        NoticeType.SPECIAL_PROCEDURE,
        actor=actor,
        now=now,
        data={
            "type": type,
            "type_label": label,
            "reason": reason,
            "started_on": str(today),
            "resume_to": from_state,
        },
    )
    record_event(
        case,
        "suspend",
        actor=actor,
        now=now,
        from_state=from_state,
        to_state=case.state,
        data={"type": type, "reason": reason, "notice": notice.number},
    )
    case.save()
    return case


def _reschedule(case: Case) -> None:
    """Recompute the case's and its open tasks' due dates from acceptance and the days counted so far."""
    if case.accepted_on is None:
        return
    region = _region(case)
    shift = case.extended_days + case.suspended_days
    due = case_due(case.kind, case.accepted_on, case.base_days + shift, region)
    case.due_date, case.due_provisional = due.date, due.provisional
    for task in case.tasks.filter(state=TaskState.OPEN):
        task.due_date = add_workdays(case.accepted_on, task.days + shift, region).date
        task.save(update_fields=["due_date"])


@transaction.atomic
def resume(case: Case | str, *, actor: Any, now: dt.datetime | None = None) -> Case:
    """End the special procedure: the due date moves by the working days spent suspended."""
    now = _now(now)
    _require(actor, "cases.handle_case", "您没有结束特别程序的权限")
    case = lock_case(case, actor)
    _expect(case, {CaseState.SUSPENDED}, "结束特别程序")
    today = _local_date(now)
    assert case.suspended_on is not None
    spent = max(0, workdays_between(case.suspended_on, today, _region(case)))
    old_due = case.due_date
    case.suspended_days += spent
    _reschedule(case)
    case.state = CaseState.IN_PROGRESS if case.handler_id else CaseState.ACCEPTED
    record_event(
        case,
        "resume",
        actor=actor,
        now=now,
        from_state=CaseState.SUSPENDED,
        to_state=case.state,
        data={
            "type": case.suspension_type,
            "since": str(case.suspended_on),
            "workdays": spent,
            "old_due_date": str(old_due),
            "due_date": str(case.due_date),
        },
    )
    case.suspended_on, case.suspension_type = None, ""
    case.save()
    return case


@transaction.atomic
def extend(case: Case | str, *, actor: Any, days: int, reason: str, now: dt.datetime | None = None) -> Case:
    """延期办结: once, at most 10 working days, approved by a duty leader or director (Art. 42)."""
    now = _now(now)
    _require(actor, "cases.approve_extension", "延期须经带班领导或中心主任批准")
    try:
        days = int(days)
    except (TypeError, ValueError) as exc:
        raise DomainError("invalid_days", "延期天数应为整数") from exc
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise DomainError("invalid_days", f"延期天数应为 1 到 {MAX_EXTENSION_DAYS} 个工作日")
    reason = _clean_text(reason, "reason_required", "延期必须写明理由")
    case = lock_case(case, actor)
    _expect(case, {CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.SUSPENDED}, "延期")
    if case.kind == CaseKind.INSTANT:
        raise DomainError("instant_no_extension", "即办件应当场办结，不能延期", kind="conflict")
    if case.extended_days:
        raise DomainError("already_extended", "办件只能延期一次", kind="conflict")
    old_due = case.due_date
    case.extended_days = days
    _reschedule(case)
    notice = issue_notice(
        case,
        NoticeType.EXTENSION,
        actor=actor,
        now=now,
        data={
            "days": days,
            "reason": reason,
            "old_due_date": str(old_due),
            "due_date": str(case.due_date),
            "approved_by": actor_display(actor),
        },
    )
    record_event(
        case,
        "extend",
        actor=actor,
        now=now,
        from_state=case.state,
        to_state=case.state,
        data={
            "days": days,
            "reason": reason,
            "old_due_date": str(old_due),
            "due_date": str(case.due_date),
            "notice": notice.number,
        },
    )
    case.save()
    return case


@transaction.atomic
def conclude(
    case: Case | str,
    *,
    actor: Any,
    result: str,
    reason: str = "",
    certificate_name: str = "",
    certificate_number: str = "",
    now: dt.datetime | None = None,
) -> Case:
    """办结: granted, granted with conditions or denied (reason mandatory); an instant case may be
    concluded by the accepting clerk straight from accepted (即收即办)."""
    now = _now(now)
    _require(actor, "cases.handle_case", "您没有办结办件的权限")
    if result not in Result.values:
        raise DomainError("invalid_result", "办理结果应为准予、附条件准予或不予批准")
    reason = str(reason or "").strip()
    if result != Result.GRANTED and not reason:
        raise DomainError("reason_required", "不予批准或附条件准予必须写明理由")
    case = lock_case(case, actor)
    open_tasks = []
    if case.kind == CaseKind.JOINT:
        open_tasks = list(case.tasks.filter(state=TaskState.OPEN).values_list("window_code", flat=True))
    straight_from_accepted = case.kind == CaseKind.INSTANT or (case.kind == CaseKind.JOINT and not open_tasks)
    if not (case.state == CaseState.ACCEPTED and straight_from_accepted):
        _expect(case, {CaseState.IN_PROGRESS}, "办结")
    if case.handler_id not in (None, actor.pk) and not actor.has_perm("cases.approve_extension"):
        raise DomainError("not_handler", "只有承办人或带班领导可以办结该办件", kind="forbidden")
    if open_tasks:
        raise DomainError(
            "tasks_open",
            f"联办窗口尚未全部办结：{'、'.join(open_tasks)}",
            kind="conflict",
            windows=open_tasks,
        )
    from_state = case.state
    case.state, case.result, case.result_reason, case.concluded_at = CaseState.CONCLUDED, result, reason, now
    case.certificate_name, case.certificate_number = (
        certificate_name.strip()[:100],
        certificate_number.strip()[:100],
    )
    if case.handler_id is None:
        case.handler = actor
    notice = issue_notice(
        case,
        NoticeType.CONCLUSION,
        actor=actor,
        now=now,
        data={
            "result": result,
            "result_label": str(Result(result).label),
            "reason": reason,
            "concluded_on": str(_local_date(now)),
            "due_date": str(case.due_date or ""),
            "certificate_name": case.certificate_name,
            "certificate_number": case.certificate_number,
        },
    )
    late = case.due_date is not None and _local_date(now) > case.due_date
    record_event(
        case,
        "conclude",
        actor=actor,
        now=now,
        from_state=from_state,
        to_state=case.state,
        data={
            "result": result,
            "reason": reason,
            "late": late,
            "notice": notice.number,
            "certificate": case.certificate_number,
        },
    )
    case.save()
    return case


# --------------------------------------------------------------------------------------- after result


@transaction.atomic
def deliver(
    case: Case | str, *, actor: Any, method: str, collected_by: str = "", now: dt.datetime | None = None
) -> Case:
    """送达: how the applicant was told, and who collected the result (取件人)."""
    now = _now(now)
    _require(actor, "cases.deliver_case", "您没有送达办理结果的权限")
    if method not in DeliveryMethod.values:
        raise DomainError("invalid_method", "送达方式应为窗口领取、电话、短信、上门或邮寄")
    collected_by = str(collected_by or "").strip()
    if method in {DeliveryMethod.WINDOW, DeliveryMethod.VISIT} and not collected_by:
        raise DomainError("collected_by_required", "窗口领取或上门送达须登记取件人")
    case = lock_case(case, actor)
    _expect(case, {CaseState.CONCLUDED}, "送达")
    case.state, case.delivery_method, case.collected_by, case.delivered_at = (
        CaseState.DELIVERED,
        method,
        collected_by[:100],
        now,
    )
    record_event(
        case,
        "deliver",
        actor=actor,
        now=now,
        from_state=CaseState.CONCLUDED,
        to_state=case.state,
        data={"method": method, "collected_by": collected_by},
    )
    case.save()
    return case


@transaction.atomic
def archive(case: Case | str, *, actor: Any, now: dt.datetime | None = None) -> Case:
    """归档: the ledger is complete and the documents are filed."""
    now = _now(now)
    _require(actor, "cases.archive_case", "您没有归档的权限")
    case = lock_case(case, actor)
    _expect(case, {CaseState.DELIVERED}, "归档")
    case.state, case.archived_at = CaseState.ARCHIVED, now
    record_event(case, "archive", actor=actor, now=now, from_state=CaseState.DELIVERED, to_state=case.state)
    case.save()
    return case


@transaction.atomic
def withdraw(case: Case | str, *, actor: Any, reason: str, now: dt.datetime | None = None) -> Case:
    """撤回: at the applicant's request, from any open state."""
    now = _now(now)
    _require(actor, "cases.register_case", "您没有登记撤回申请的权限")
    reason = _clean_text(reason, "reason_required", "请写明申请人撤回的原因")
    case = lock_case(case, actor)
    _expect(case, CaseState.open_states(), "撤回")
    from_state = case.state
    case.state, case.close_reason, case.closed_at = CaseState.WITHDRAWN, reason, now
    record_event(
        case,
        "withdraw",
        actor=actor,
        now=now,
        from_state=from_state,
        to_state=case.state,
        data={"reason": reason},
    )
    case.save()
    return case


@transaction.atomic
def reveal_id_number(case: Case | str, *, actor: Any, purpose: str, now: dt.datetime | None = None) -> str:
    """The full ID number, for roles that need it; every reveal is an audit event (PIPL Art. 28)."""
    now = _now(now)
    _require(actor, "cases.reveal_id_number", "您无权查看完整证件号码")
    purpose = _clean_text(purpose, "purpose_required", "查看完整证件号码须写明用途", max_length=200)
    case = lock_case(case, actor)
    record_event(
        case,
        "reveal_id_number",
        actor=actor,
        now=now,
        from_state=case.state,
        to_state=case.state,
        data={"purpose": purpose, "shown": mask_id(case.applicant_id_number or case.applicant_credit_code)},
    )
    case.save(update_fields=["event_count", "last_hash"])
    return case.applicant_id_number or case.applicant_credit_code


@transaction.atomic
def recompute_provisional(case_id: int, *, now: dt.datetime | None = None) -> tuple[dt.date, dt.date] | None:
    """After a calendar import: recompute a provisional due date; the change is recorded as an event."""
    now = _now(now)
    case = Case.objects.select_for_update().get(pk=case_id)
    if not case.due_provisional or case.accepted_on is None:
        return None
    old_due, old_prov = case.due_date, case.due_provisional
    _reschedule(case)
    if (case.due_date, case.due_provisional) == (old_due, old_prov):
        return None
    record_event(
        case,
        "recompute_due",
        actor=None,
        now=now,
        from_state=case.state,
        to_state=case.state,
        data={
            "old_due_date": str(old_due),
            "due_date": str(case.due_date),
            "provisional": case.due_provisional,
        },
    )
    case.save()
    assert old_due is not None and case.due_date is not None
    return old_due, case.due_date
