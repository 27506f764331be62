"""Registration (登记): the applicant, the material checklist, uploads, and idempotent retries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bianmin.cases.actions._base import (
    Effect,
    Outcome,
    User,
    action,
    clean_text,
    current_time,
    finish,
    handling_window,
    item_enabled,
    local_date,
    prime,
    require,
    resolve_materials,
    set_received,
)
from bianmin.cases.actions.uploads import check_upload, discard_held, sha256_of
from bianmin.cases.lifecycle import REGISTER_PERMISSION
from bianmin.cases.mailing import clean_mail
from bianmin.cases.models import (
    ApplicantKind,
    Attachment,
    Case,
    CaseMaterial,
    CaseState,
    Channel,
    GreenChannel,
    IdempotencyKey,
    IdType,
    ProxyAuthorization,
)
from bianmin.cases.numbering import new_query_code, next_case_number
from bianmin.cases.selectors import held_uploads
from bianmin.cases.steps import Step
from bianmin.catalog.models import ServiceItem
from bianmin.catalog.selectors import delegated_to_station, version_snapshot
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import clean_credit_code, clean_phone, clean_resident_id, mask_address
from bianmin.lib.text import clean_person_name, number_text
from bianmin.orgs.models import Org, OrgKind
from bianmin.orgs.selectors import staff_of

# ---------------------------------------------------------------------------------------------- register


class _Problems:
    """The refusals of one set of typed details: raised at the first (``collect=False``, what ``register``
    does) or gathered by field, so a form can show every one of them at once beside its field."""

    def __init__(self, *, collect: bool) -> None:
        self.collect = collect
        self.found: dict[str, DomainError] = {}

    def take(self, field: str, check: Callable[[], Any]) -> Any:
        try:
            return check()
        except DomainError as err:
            if not self.collect:
                raise
            self.found.setdefault(field, err)
            return None


def _applicant_fields(applicant: Mapping[str, Any], problems: _Problems) -> dict[str, Any]:
    kind = applicant.get("kind", ApplicantKind.PERSON)
    if kind not in ApplicantKind.values:
        raise DomainError(
            "invalid_applicant_kind", _("申请人类型应为 person（自然人）或 organization（单位）")
        )
    name = problems.take(
        "name",
        lambda: clean_text(
            clean_person_name(applicant.get("name")),
            "applicant_name_required",
            _("请填写申请人姓名或单位名称"),
            max_length=100,
        ),
    )

    def phone() -> str:
        cleaned = clean_phone(str(applicant.get("phone") or ""))
        if cleaned is None:
            raise DomainError("invalid_phone", _("联系电话格式不正确"))
        return cleaned

    fields: dict[str, Any] = {
        "applicant_kind": kind,
        "applicant_name": name,
        "applicant_phone": problems.take("phone", phone),
        "applicant_address": str(applicant.get("address") or "").strip()[:200],
    }
    if kind == ApplicantKind.ORGANIZATION:

        def credit_code() -> str:
            code = clean_credit_code(str(applicant.get("credit_code") or ""))
            if code is None:
                raise DomainError(
                    "invalid_credit_code", _("统一社会信用代码不正确，请核对（GB 32100 校验位）")
                )
            return code

        fields["applicant_credit_code"] = problems.take("credit_code", credit_code)
        return fields
    id_type = applicant.get("id_type") or IdType.RESIDENT_ID
    if id_type not in IdType.values:
        raise DomainError("invalid_id_type", _("证件类型不正确"))

    def id_number() -> str:
        raw = number_text(applicant.get("id_number"))
        if id_type == IdType.RESIDENT_ID:
            number = clean_resident_id(raw)
            if number is None:
                raise DomainError("invalid_id_number", _("居民身份证号码不正确，请核对（GB 11643 校验位）"))
            return number
        return clean_text(raw, "id_number_required", _("请填写证件号码"), max_length=40)

    fields.update(applicant_id_type=id_type, applicant_id_number=problems.take("id_number", id_number))
    return fields


def _clean_applicant(applicant: Mapping[str, Any]) -> dict[str, Any]:
    return _applicant_fields(applicant, _Problems(collect=False))


def _agent_fields(agent: Mapping[str, Any] | None, problems: _Problems) -> dict[str, Any]:
    if not agent:
        return {}
    name = problems.take(
        "name",
        lambda: clean_text(
            clean_person_name(agent.get("name")), "agent_name_required", _("请填写代理人姓名"), max_length=100
        ),
    )

    def id_number() -> str:
        number = clean_resident_id(str(agent.get("id_number") or ""))
        if number is None:
            raise DomainError("invalid_agent_id_number", _("代理人身份证号码不正确"))
        return number

    def phone() -> str:
        cleaned = clean_phone(str(agent.get("phone") or ""))
        if cleaned is None:
            raise DomainError("invalid_agent_phone", _("代理人电话格式不正确"))
        return cleaned

    return {
        "agent_name": name,
        "agent_id_number": problems.take("id_number", id_number),
        "agent_phone": problems.take("phone", phone),
        "agent_authorization": problems.take(
            "authorization",
            lambda: clean_text(
                agent.get("authorization"),
                "agent_authorization_required",
                _("请登记授权委托书（名称或编号）"),
                max_length=200,
            ),
        ),
    }


def _clean_agent(agent: Mapping[str, Any] | None) -> dict[str, Any]:
    return _agent_fields(agent, _Problems(collect=False))


def applicant_problems(
    applicant: Mapping[str, Any], agent: Mapping[str, Any] | None = None
) -> dict[str, DomainError]:
    """Every refusal ``register`` would make of the applicant's (and the agent's) details, by field, at once:
    "name", "phone", "id_number", "credit_code" for the applicant, "agent_name", "agent_id_number",
    "agent_phone", "agent_authorization" for the agent. A form asks this before registering so the citizen
    or the clerk sees all of them in one answer, in the action's own words; ``register`` checks again."""
    problems = _Problems(collect=True)
    _applicant_fields(applicant, problems)
    found = dict(problems.found)
    problems.found = {}
    _agent_fields(agent, problems)
    found.update({f"agent_{field}": err for field, err in problems.found.items()})
    return found


@dataclass(frozen=True)
class Idempotency:
    """A registration request's identity (``Idempotency-Key`` header or a form's hidden token): ``scope`` is
    whose key it is ("user:<id>", "public"), ``fingerprint`` the SHA-256 of what was asked."""

    scope: str
    key: str
    fingerprint: str


def form_idempotency(scope: str, token: str) -> Idempotency | None:
    """A form's hidden token as an idempotency key: the same rendered form submitted again is the same
    request whatever was retyped, so it always answers the first registration."""
    token = str(token or "").strip()
    return Idempotency(scope=f"form:{scope}", key=token, fingerprint="form") if token else None


def _replay(idem: Idempotency) -> Outcome | None:
    """The first registration made with this key, or None; the same key with another request is refused."""
    row = IdempotencyKey.objects.select_related("case__org").filter(scope=idem.scope, key=idem.key).first()
    if row is None:
        return None
    if row.fingerprint != idem.fingerprint:
        raise DomainError(
            "idempotency_key_reused", _("该幂等键已用于另一份申请，请换用新的键"), kind="conflict"
        )
    return Outcome(row.case, row.case.events.get(seq=1), replayed=True)


@action(Step.REGISTER)
def register(
    *,
    actor: User | None,
    item_code: str,
    applicant: Mapping[str, Any],
    channel: str = Channel.WINDOW,
    received_materials: Iterable[Any] = (),
    agent: Mapping[str, Any] | None = None,
    authorization: Mapping[str, Any] | None = None,
    green_channel: str = "",
    org: Org | None = None,
    uploads: Iterable[tuple[Any, Any]] = (),
    held: str = "",
    mail: Mapping[str, Any] | None = None,
    idempotency: Idempotency | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """登记: a new case in state submitted with its material checklist; the actor is its first-contact
    owner (首问责任人). ``actor`` is None for an online application, which then names its ``org`` and may
    bring ``uploads``: (material reference, uploaded file) pairs, stored with the case in one transaction,
    and the files ``held`` for its form's token (``uploads.hold_upload``), which become its attachments and
    are no longer held once the case is registered.

    A village agent (代办员) registers at their station. With the villager's ``authorization`` ({"signed_on":
    date, "scan": optional uploaded file}) the case is a proxy case (代办件) that stays at the station until
    forwarded; without it the agent only helped (帮办) and the case is the villager's own application at the
    town. An item delegated to the station (``catalog.StationDelegation``) is the station's own case, in its
    own numbering and ledger. ``green_channel`` (绿色通道) puts the case first in every work list. ``mail``
    (address, recipient, phone) is the applicant's choice of the result by post (邮寄送达).

    With ``idempotency``, a retry of a registration already made answers the first one's case (``replayed``)
    instead of registering it twice; the key is written in the case's own transaction. Files stored for a
    registration that is then refused are removed again."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            if idempotency is not None and (first := _replay(idempotency)) is not None:
                if held:  # files chosen again for a form already registered: nothing will claim them
                    discard_held(held)
                return first
            outcome = _register(
                stored=stored,
                actor=actor,
                item_code=item_code,
                applicant=applicant,
                channel=channel,
                received_materials=received_materials,
                agent=agent,
                authorization=authorization,
                green_channel=green_channel,
                org=org,
                uploads=uploads,
                held=held,
                mail=mail,
                now=current_time(now),
            )
            if idempotency is not None:
                IdempotencyKey.objects.create(
                    scope=idempotency.scope,
                    key=idempotency.key,
                    fingerprint=idempotency.fingerprint,
                    case=outcome.case,
                    created_at=outcome.case.registered_at,
                )
            return outcome
    except BaseException as exc:
        for name in stored:
            default_storage.delete(name)
        # Two requests with one key at once: the second's key insert waited for the first and failed.
        if idempotency is not None and isinstance(exc, IntegrityError):
            first = _replay(idempotency)
            if first is not None:
                return first
        raise


def _register(
    *,
    stored: list[str],
    actor: User | None,
    item_code: str,
    applicant: Mapping[str, Any],
    channel: str,
    received_materials: Iterable[Any],
    agent: Mapping[str, Any] | None,
    authorization: Mapping[str, Any] | None,
    green_channel: str,
    org: Org | None,
    uploads: Iterable[tuple[Any, Any]],
    held: str,
    mail: Mapping[str, Any] | None,
    now: dt.datetime,
) -> Outcome:
    station = None
    staff = None
    if green_channel and green_channel not in GreenChannel.values:
        raise DomainError("invalid_green_channel", _("绿色通道的原因应为老年人、残疾人或急需办理"))
    if actor is not None:
        require(actor, REGISTER_PERMISSION, _("您没有登记办件的权限"))
        staff = staff_of(actor)
        if staff is None:
            raise DomainError("not_staff", _("只有中心工作人员可以登记办件"), kind="forbidden")
        org = staff.org
        if org.kind == OrgKind.VILLAGE:
            # 代办员: the village station takes the matter; its town center owns the case unless the item
            # is delegated to the station (then the station's own case, below).
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
    if authorization and station is None:
        raise DomainError(
            "authorization_for_agents",
            _("授权委托由村(社区)代办员登记；在中心窗口代理他人申请请填写代理人信息"),
        )
    if station is not None and delegated_to_station(item, station):
        org = station  # 004 第三条(二): the station accepts and concludes it itself
    if channel == Channel.ONLINE and not version.online_allowed:
        raise DomainError(
            "online_not_allowed", _("“%(name)s”不能网上申请，请到窗口办理") % {"name": version.name}
        )
    fields = _clean_applicant(applicant)
    fields.update(_clean_agent(agent))
    fields.update(clean_mail(mail))
    proxied = bool(fields.get("agent_name")) or station is not None
    if proxied and version.in_person_required:
        raise DomainError(
            "in_person_required",
            _("“%(name)s”须申请人本人到场办理，不能代办，请申请人本人到便民服务中心窗口申请")
            % {"name": version.name},
        )
    if proxied and not version.proxy_allowed:
        raise DomainError("proxy_not_allowed", _("“%(name)s”不能代办") % {"name": version.name})
    signed_on = None
    state = CaseState.SUBMITTED
    if authorization and staff is not None and station is not None:
        signed_on = _signed_on(authorization, local_date(now))
        fields.update(
            proxy=True,
            agent_name=staff.name,
            agent_phone=staff.phone[:40],
            agent_authorization=_("授权委托书（%(day)s）") % {"day": signed_on.isoformat()},
        )
        if org != station:  # a proxy case of the town stays at the station until the agent forwards it
            state = CaseState.AT_STATION

    snapshot = version_snapshot(version)
    # Everything but the number first: the day's counter row stays locked until commit, so registrations at
    # one center queue on it for as short a time as possible.
    window = handling_window(org.pk, snapshot["window_codes"], actor)
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
        state=state,
        green_channel=green_channel,
        first_contact=actor,
        registered_by=actor,
        window=window,
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
    # The case page and the API read the checklist next: hand them the rows just written.
    prime(case, "materials", checklist)
    prime(case, "tasks", [])
    uploaded = []
    for ref, upload in uploads:
        (material,) = resolve_materials(checklist, [ref])
        attachment = _attach(case, material, upload, now)
        stored.append(attachment.file.name)
        uploaded.append(attachment.material.name if attachment.material else "")
    if held:
        for attachment in _attach_held(case, checklist, held):
            stored.append(attachment.file.name)
            uploaded.append(attachment.material.name if attachment.material else "")
        discard_held(held)
    if signed_on is not None and authorization is not None and actor is not None and station is not None:
        scan = authorization.get("scan")
        scanned = _attach(case, None, scan, now) if scan else None
        if scanned is not None:
            stored.append(scanned.file.name)
        ProxyAuthorization.objects.create(
            case=case,
            grantor_name=case.applicant_name,
            grantor_id_number=case.applicant_id_number,
            agent=actor,
            agent_name=case.agent_name,
            station=station,
            item_code=item.code,
            item_name=version.name,
            signed_on=signed_on,
            scan=scanned,
            recorded_at=now,
        )
    return finish(
        case,
        Step.REGISTER,
        actor=actor,
        now=now,
        from_state="",
        before=None,
        effect=Effect(
            event={
                "channel": channel,
                "item": item.code,
                "version": version.version,
                "received": received,
                "station": station.code if station else "",
                "uploads": uploaded,
                "proxy": case.proxy,
                "authorized_on": signed_on.isoformat() if signed_on else "",
                "green_channel": green_channel,
                **({"mail_to": mask_address(case.mail_address)} if case.mail_address else {}),
            }
        ),
    )


def _signed_on(authorization: Mapping[str, Any], today: dt.date) -> dt.date:
    raw = authorization.get("signed_on") or today
    try:
        day = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        day = None
    if day is None or day > today:
        raise DomainError(
            "invalid_authorization_date", _("委托日期应为不晚于今天的日期（YYYY-MM-DD）"), field="signed_on"
        )
    return day


def _attach(case: Case, material: CaseMaterial | None, upload: Any, now: dt.datetime) -> Attachment:
    """Store one upload (a material, or the scanned authorisation when ``material`` is None) under a random
    name after checking its content type and size.

    An upload does not mark the material received: the clerk checks it before acceptance."""
    content_type, extension = check_upload(upload)
    attachment = Attachment(
        case=case,
        material=material,
        original_name=str(upload.name)[:200],
        content_type=content_type,
        extension=extension,
        size=upload.size,
        sha256=sha256_of(upload),
        uploaded_at=now,
    )
    attachment.file.save(f"upload{extension}", upload, save=False)
    attachment.save()
    return attachment


def _attach_held(case: Case, checklist: list[CaseMaterial], token: str) -> list[Attachment]:
    """The files held for the form (checked when they were held), copied to the case's folder: the latest
    one per material of this checklist; a held file for a material the item no longer asks for is left."""
    by_id = {m.material_id: m for m in checklist if m.material_id is not None}
    attached = []
    for row in held_uploads(token).values():
        material = by_id.get(row.material_id)
        if material is None:
            continue
        attachment = Attachment(
            case=case,
            material=material,
            original_name=row.original_name,
            content_type=row.content_type,
            extension=row.extension,
            size=row.size,
            sha256=row.sha256,
            uploaded_at=row.uploaded_at,
        )
        with row.file.open("rb") as handle:
            attachment.file.save(f"upload{row.extension}", File(handle), save=False)
        attachment.save()
        attached.append(attachment)
    return attached
