"""Publishing a quarter (办结公告存档): the one state change of the disclosure app.

Freezing is idempotent: a quarter already published is left as it was (the people read that version), so
the command may run every day and twice at once. Only a quarter that is over can be frozen; the running one
is always shown live.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.disclosure.models import Disclosure
from bianmin.disclosure.selectors import (
    CENTER_KINDS,
    concluded_cases,
    disclosed_org_ids,
    is_over,
    live_content,
)
from bianmin.lib.errors import DomainError
from bianmin.lib.periods import Period
from bianmin.orgs.models import Org


def publish_quarter(org: Org, period: Period, *, now: dt.datetime) -> tuple[Disclosure, bool]:
    """The quarter's snapshot and whether this call wrote it. A quarter not over yet is refused
    (``quarter_not_over``): its cases may still be concluded."""
    today = timezone.localdate(now)
    if period.kind != "quarter":
        raise DomainError("bad_quarter", _("季度格式应为 YYYY-Qn，如 2026-Q3"))
    if not is_over(period, today):
        raise DomainError("quarter_not_over", _("季度结束后才能存档公开"), kind="conflict")
    existing = Disclosure.objects.filter(org=org, quarter=period.key).first()
    if existing is not None:
        return existing, False
    content = live_content(org, period, today)
    rows = list(content.rows)
    try:
        with transaction.atomic():
            snapshot = Disclosure.objects.create(
                org=org,
                quarter=period.key,
                first_day=period.first,
                last_day=period.last,
                rows=rows,
                figures=content.figures.as_json(),
                row_count=len(rows),
                published_at=now,
            )
    except IntegrityError:
        # Published at the same moment by another run: theirs is the snapshot.
        return Disclosure.objects.get(org=org, quarter=period.key), False
    return snapshot, True


def publish_centers(period: Period, *, now: dt.datetime, code: str | None = None) -> tuple[int, int]:
    """``bianmin disclosure_publish``: the quarter frozen for every center (the one with ``code``) that
    concluded something in it; (snapshots written, already published). A center with nothing concluded
    gets no snapshot: its page still answers, live."""
    centers = Org.objects.filter(kind__in=CENTER_KINDS).order_by("path", "pk")
    if code is not None:
        centers = centers.filter(code=code)
    written = kept = 0
    for org in centers:
        if not concluded_cases(disclosed_org_ids(org), period).exists():
            continue
        _snapshot, created = publish_quarter(org, period, now=now)
        written, kept = written + created, kept + (not created)
    return written, kept
