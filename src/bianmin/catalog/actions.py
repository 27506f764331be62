"""State changes of the catalog: publishing a new version of an item, enabling it at a center."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from bianmin.catalog.models import (
    CaseKind,
    DecidingLevel,
    JointParticipant,
    Material,
    ServiceItem,
    ServiceItemVersion,
)
from bianmin.lib.errors import DomainError
from bianmin.lib.pinyin import initials
from bianmin.orgs.models import Org, OrgKind

VERSION_FIELDS = [
    "name",
    "implementation_code",
    "category",
    "department",
    "kind",
    "window_codes",
    "content",
    "conditions",
    "procedure",
    "mandatory_steps",
    "legal_basis",
    "notice_basis",
    "statutory_days",
    "promised_days",
    "fee",
    "fee_basis",
    "fee_due_at",
    "fee_waivers",
    "needs_seal",
    "decided_by",
    "proxy_allowed",
    "in_person_required",
    "online_allowed",
    "appointment_allowed",
    "aliases",
]
MATERIAL_FIELDS = ["name", "originals", "copies", "mandatory", "note"]


def _check_content(data: Mapping[str, Any], participants: list[Mapping[str, Any]]) -> None:
    if not data.get("name"):
        raise DomainError("item_name_required", _("事项名称不能为空"))
    if len(data.get("implementation_code", "")) > 24:
        raise DomainError("item_code_too_long", _("实施编码不能超过 24 位"))
    statutory, promised = int(data.get("statutory_days", 0)), int(data.get("promised_days", 0))
    if promised > statutory:
        raise DomainError("promised_exceeds_statutory", _("承诺时限不能超过法定时限"))
    kind = data.get("kind", CaseKind.PROMISED)
    if kind not in CaseKind.values:
        raise DomainError("item_kind_invalid", _("未知的办件类型：%(kind)s") % {"kind": kind})
    if kind == CaseKind.JOINT and not participants:
        raise DomainError("joint_needs_participants", _("联办事项须列出参与的窗口及各自时限"))
    if data.get("decided_by", DecidingLevel.TOWN) not in DecidingLevel.values:
        raise DomainError("deciding_level_invalid", _("审批层级应为 town（乡镇）或 county（县级）"))
    if data.get("in_person_required") and data.get("proxy_allowed"):
        raise DomainError("in_person_not_proxy", _("须本人到场的事项不能代办"))
    procedure = [str(s) for s in data.get("procedure") or []]
    unknown = [str(s) for s in data.get("mandatory_steps") or [] if str(s) not in procedure]
    if unknown:
        raise DomainError(
            "mandatory_step_not_in_procedure",
            _("必经环节须是办理程序中的步骤：%(steps)s") % {"steps": "、".join(unknown)},
        )


def search_initials(name: str, aliases: str) -> str:
    words = [name, *(a.strip() for a in aliases.replace("，", ",").split(",") if a.strip())]
    return "".join(f" {initials(w)}" for w in words)[:300]


@transaction.atomic
def publish_item(
    *,
    owner: Org,
    code: str,
    data: Mapping[str, Any],
    materials: Iterable[Mapping[str, Any]] = (),
    participants: Iterable[Mapping[str, Any]] = (),
    change_note: str = "",
) -> ServiceItemVersion:
    """Publish a new version of item ``code`` (creating the item on first publish).

    Old versions are left as they were, so cases registered under them still read their own rules.
    """
    if owner.kind != OrgKind.COUNTY:
        raise DomainError("item_owner_not_county", _("事项由县级中心统一制定"), kind="forbidden")
    if not code or len(code) > 10:
        raise DomainError("item_code_invalid", _("基本编码须为 1 到 10 位"))
    participants = list(participants)
    _check_content(data, participants)
    item, _created = ServiceItem.objects.select_for_update().get_or_create(
        code=code, defaults={"owner": owner}
    )
    if item.owner_id != owner.pk:
        raise DomainError("item_owned_elsewhere", _("该事项由其他县级中心制定"), kind="forbidden")
    last = item.versions.aggregate(n=Max("version"))["n"] or 0
    fields = {f: data[f] for f in VERSION_FIELDS if f in data}
    for listed in ("procedure", "mandatory_steps", "window_codes"):
        if listed in fields and fields[listed] is None:  # an empty JSON box in a form reads as None
            fields[listed] = []
    version = ServiceItemVersion.objects.create(
        item=item,
        version=last + 1,
        change_note=change_note,
        pinyin_initials=search_initials(str(data["name"]), str(data.get("aliases", ""))),
        **fields,
    )
    Material.objects.bulk_create(
        Material(version=version, position=i, **{f: m[f] for f in MATERIAL_FIELDS if f in m})
        for i, m in enumerate(materials, start=1)
    )
    JointParticipant.objects.bulk_create(
        JointParticipant(
            version=version, window_code=p["window_code"], days=p["days"], task=p.get("task", "")
        )
        for p in participants
    )
    item.current = version
    item.save(update_fields=["current"])
    return version


def version_as_data(version: ServiceItemVersion) -> dict[str, Any]:
    """The content of a version, shaped as ``publish_item`` takes it (to publish a change)."""
    return {f: getattr(version, f) for f in VERSION_FIELDS}


def enable_item(item: ServiceItem, org: Org, enabled: bool = True) -> None:
    """Enable (or disable) a county item at one of its centers."""
    if not org.path.startswith(item.owner.path):
        raise DomainError("item_outside_county", _("只能启用本县的事项"), kind="forbidden")
    if enabled:
        item.enabled_at.add(org)
    else:
        item.enabled_at.remove(org)
