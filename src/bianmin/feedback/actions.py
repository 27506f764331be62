"""Recording a citizen's rating."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.models import Case, CaseState
from bianmin.feedback.models import BAD_LEVELS, Level, Rating, RatingChannel
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
    """一事一评: a concluded case is rated once; the caller has checked the query code.

    A 差评 (不满意 4, 非常不满意 5) must say why: 国办发〔2019〕51号 has every 差评 verified, rectified and the
    citizen called back, which needs the reason the citizen gives."""
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
    if level in BAD_LEVELS and not comment:
        if Rating.objects.filter(case=case).exists():  # a second try is told it was rated, not what to write
            raise _already_rated()
        raise DomainError("reason_required", _("选择“不满意”或“非常不满意”时，请写明原因，以便核实整改"))
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
        raise _already_rated() from exc


def _already_rated() -> DomainError:
    return DomainError("already_rated", _("该办件已经评价过，每件只能评价一次"), kind="conflict")
