"""Recording a citizen's rating."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.models import Case, CaseState
from bianmin.feedback.models import Level, Rating, RatingChannel
from bianmin.lib.errors import DomainError

RATEABLE = {CaseState.CONCLUDED, CaseState.DELIVERED, CaseState.ARCHIVED}


def rate(
    case: Case,
    *,
    level: int,
    comment: str = "",
    channel: str = RatingChannel.QR,
    now: dt.datetime | None = None,
) -> Rating:
    """一事一评: a concluded case is rated once; the caller has checked the query code."""
    now = now or timezone.now()
    try:
        level = int(level)
    except (TypeError, ValueError) as exc:
        raise DomainError("invalid_level", _("请选择评价等级")) from exc
    if level not in Level.values:
        raise DomainError("invalid_level", _("评价等级应为 1（非常满意）到 5（非常不满意）"))
    if channel not in RatingChannel.values:
        raise DomainError("invalid_channel", _("未知的评价渠道"))
    comment = str(comment or "").strip()
    if len(comment) > 500:
        raise DomainError("comment_too_long", _("评价内容不超过 500 字"))
    if case.state not in RATEABLE:
        raise DomainError("not_rateable", _("办件办结后才能评价"), kind="conflict")
    try:
        with transaction.atomic():
            return Rating.objects.create(
                case=case,
                org_id=case.org_id,
                window_id=case.window_id,
                handler_id=case.handler_id,
                level=level,
                comment=comment,
                channel=channel,
                created_at=now,
            )
    except IntegrityError as exc:
        raise DomainError("already_rated", _("该办件已经评价过，每件只能评价一次"), kind="conflict") from exc
