"""投诉答复书: the numbered written reply to a written complaint (003 曾家镇效能投诉制度 七、书面投诉必须书面答复).

Numbered per center per year in its own sequence (``<center>诉复〔2026〕0001号``), rendered from the
complaint inside the reply's transaction; the HTML is kept with its SHA-256 and the PDF is rendered once, on
first download, and kept, so every copy is byte-identical (as the case notices, ``bianmin.cases.pdf``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from bianmin.cases.numbering import next_value
from bianmin.cases.pdf import render_pdf
from bianmin.complaints.models import Complaint, ReplyNotice
from bianmin.lib.identity import mask_name

NUMBER_PREFIX = "诉复"
TITLE = "投诉答复书"


class NoticeTampered(Exception):
    """The stored HTML no longer matches the hash taken when the notice was issued."""


def issue_reply_notice(complaint: Complaint, *, actor: Any, now: dt.datetime) -> ReplyNotice:
    """Number, render and store the reply notice inside the caller's transaction."""
    org = complaint.org
    local = timezone.localtime(now)
    seq = next_value(f"complaint_reply:{org.code}:{local.year}")
    number = f"{org.short_name or org.name}{NUMBER_PREFIX}〔{local.year}〕{seq:04d}号"
    context = {
        "title": TITLE,
        "number": number,
        "org": org,
        "complaint": complaint,
        # The notice goes to the complainant, who knows their own name; a copy is kept on file, where the
        # name is the confidential part (三、对投诉人予以保密): the file copy shows it masked.
        "addressee": mask_name(complaint.complainant_name) if complaint.complainant_name else "投诉人",
        "received_on": timezone.localtime(complaint.received_at).date(),
        "issued_on": local.date(),
    }
    with translation.override("zh-hans"):
        html = render_to_string("complaints/notices/reply.html", context)
    return ReplyNotice.objects.create(
        complaint=complaint,
        org=org,
        year=local.year,
        seq=seq,
        number=number,
        issued_at=now,
        issued_by=actor,
        html=html,
        sha256=hashlib.sha256(html.encode()).hexdigest(),
    )


def reply_pdf(notice: ReplyNotice) -> bytes:
    """The stored PDF, or rendered now from the issued HTML (checked against its hash) and kept."""
    if notice.pdf is not None:
        return bytes(notice.pdf)
    if hashlib.sha256(notice.html.encode()).hexdigest() != notice.sha256:
        raise NoticeTampered(notice.number)
    pdf = render_pdf(notice.html)
    ReplyNotice.objects.filter(pk=notice.pk, pdf__isnull=True).update(
        pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest()
    )
    stored, sha256 = ReplyNotice.objects.values_list("pdf", "pdf_sha256").get(pk=notice.pk)
    assert stored is not None
    notice.pdf, notice.pdf_sha256 = stored, sha256
    return bytes(stored)
