"""Numbered notices (文书): rendered once from their template, kept as HTML and hashed.

The stored HTML is what is printed and reprinted; its SHA-256 proves a reprint is the same document.
Notices are rendered in Chinese whatever the clerk's interface language, as official documents are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from bianmin.cases.models import Case, Notice, NoticeType
from bianmin.cases.numbering import next_notice_seq
from bianmin.catalog.models import LICENCE_CATEGORY
from bianmin.lib.identity import mask_id
from bianmin.lib.public_urls import progress_url, rating_url
from bianmin.lib.qr import qr_svg

NUMBER_PREFIX = {
    NoticeType.ACCEPTANCE: "受",
    NoticeType.ONE_TIME: "告",
    NoticeType.REJECTION: "不受",
    NoticeType.EXTENSION: "延",
    NoticeType.SPECIAL_PROCEDURE: "特",
    NoticeType.CONCLUSION: "结",
    NoticeType.HANDOVER: "代交",
    NoticeType.RETURN_RECEIPT: "代回",
    NoticeType.ESCALATION: "上告",
    NoticeType.REFERRAL: "报联",
}

LICENSING_LAW = "《中华人民共和国行政许可法》"
# The article of 行政许可法 each notice rests on, when the item is a licence (行政许可).
LICENCE_ARTICLES = {
    NoticeType.ACCEPTANCE: "第三十二条",  # deemed acceptance when no one-time notice came within five days
    NoticeType.ONE_TIME: "第三十二条第一款第（四）项",
    NoticeType.REJECTION: "第三十二条",
    NoticeType.EXTENSION: "第四十二条",
    NoticeType.SPECIAL_PROCEDURE: "第四十五条",
}
SERVICE_COMMITMENT = "本中心服务承诺"


def notice_basis(item: Mapping[str, Any], notice_type: str) -> str:
    """What a notice cites after "依据": the item's own ``notice_basis``, else what its category rests on.

    行政许可法 governs licences only. 低保 is 行政给付 and 就业困难人员认定 行政确认: their notices cite the
    item's legal basis and the center's service commitment, never Art. 32/42/45 of a law that does not apply.
    A case registered before categories were kept in its snapshot has no category and gets that neutral
    wording too. A rejection names the item's legal basis itself (the reason rests on it) when it has one.
    """
    configured = " ".join(str(item.get("notice_basis") or "").split())
    if configured:
        return configured
    legal = " ".join(str(item.get("legal_basis") or "").split()).rstrip("。；;，, ")
    if notice_type == NoticeType.REJECTION and legal:
        return legal
    if item.get("category") == LICENCE_CATEGORY and notice_type in LICENCE_ARTICLES:
        return LICENSING_LAW + LICENCE_ARTICLES[NoticeType(notice_type)]
    return f"{legal}及{SERVICE_COMMITMENT}" if legal else f"有关法律法规及{SERVICE_COMMITMENT}"


def application_of(item: Mapping[str, Any]) -> str:
    """“结婚登记”申请, but “最低生活保障申请” — an item named as an application is not 申请 twice."""
    name = str(item.get("name", ""))
    return f"“{name}”" if name.endswith("申请") else f"“{name}”申请"


def issue_notice(
    case: Case, notice_type: str, *, actor: Any, now: dt.datetime, data: dict[str, Any]
) -> Notice:
    """Number, render and store a notice inside the caller's transaction."""
    org = case.org
    local = timezone.localtime(now)
    seq = next_notice_seq(org, notice_type, local.year)
    number = (
        f"{org.short_name or org.name}{NUMBER_PREFIX[NoticeType(notice_type)]}〔{local.year}〕{seq:04d}号"
    )
    target = rating_url if notice_type == NoticeType.CONCLUSION else progress_url
    qr_target = target(case.number, case.query_code)
    context = {
        "title": NoticeType(notice_type).label,
        "type": notice_type,
        "number": number,
        "org": org,
        "case": case,
        "item": case.item_snapshot,
        "basis": notice_basis(case.item_snapshot, notice_type),
        "application": application_of(case.item_snapshot),
        "applicant_id_masked": mask_id(case.applicant_id_number or case.applicant_credit_code),
        "issued_on": local.date(),
        "data": data,
        "qr_svg": qr_svg(qr_target),
        "qr_target": qr_target,
    }
    with translation.override("zh-hans"):
        html = render_to_string(f"cases/notices/{notice_type}.html", context)
    return Notice.objects.create(
        case=case,
        org=org,
        type=notice_type,
        year=local.year,
        seq=seq,
        number=number,
        issued_at=now,
        issued_by=actor,
        data=data,
        html=html,
        sha256=hashlib.sha256(html.encode()).hexdigest(),
    )
