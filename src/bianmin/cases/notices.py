"""Numbered notices (文书): rendered once from their template, kept as HTML and hashed.

The stored HTML is what is printed and reprinted; its SHA-256 proves a reprint is the same document.
Notices are rendered in Chinese whatever the clerk's interface language, as official documents are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from bianmin.cases.models import Case, Notice, NoticeType
from bianmin.cases.numbering import next_notice_seq
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
}


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
