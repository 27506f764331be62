"""Recording a citizen's rating (好差评, 国办发〔2019〕51号) and marking one malicious or mistaken.

一次一评 at the window: each service occasion there (the registration visit, the visit to collect the result)
is rated once, on the hall's evaluator right after the service. 一事一评 online: the case as a whole is rated
once, from the notice's QR code, the SMS link, the progress page or the API. The database keeps one row per
(case, occasion), so two ratings racing each other leave one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.models import Case, CaseState
from bianmin.feedback.models import (
    BAD_LEVELS,
    WINDOW_CHANNELS,
    WINDOW_OCCASIONS,
    Exclusion,
    Level,
    Occasion,
    Rating,
    RatingChannel,
)
from bianmin.feedback.rectification import close_for_exclusion, open_rectification
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Window
from bianmin.orgs.selectors import visible_org_ids

# 一事一评: the case as a whole is rated once it has its result.
RATEABLE = {CaseState.CONCLUDED, CaseState.DELIVERED, CaseState.ARCHIVED}
# 一次一评 at the window: the visit to collect the result, and the registration visit before it.
DELIVERY_STATES = {CaseState.CONCLUDED, CaseState.WITH_AGENT, CaseState.DELIVERED, CaseState.ARCHIVED}
NOT_AT_THE_WINDOW = {CaseState.AT_STATION, CaseState.FORWARDED}


def occasion_of(case: Case) -> str:
    """Which window service a 请评价 on this case rates: collecting the result once there is one, else the
    registration visit."""
    return Occasion.DELIVERY if case.state in DELIVERY_STATES else Occasion.ACCEPTANCE


def rate(
    case: Case,
    *,
    level: Any,
    comment: Any = "",
    channel: str = RatingChannel.QR,
    occasion: str | None = None,
    window: Window | None = None,
    staff: Any = None,
    now: dt.datetime | None = None,
) -> Rating:
    """Record one rating; the caller has checked the query code (online) or the window's request (hall).

    A 差评 (不满意 4, 非常不满意 5) must say why: 国办发〔2019〕51号 has every 差评 verified, rectified and the
    citizen called back, which needs the reason the citizen gives; it opens the rectification at once."""
    now = now or timezone.now()
    try:
        level = int(level)
    except (TypeError, ValueError) as exc:
        raise DomainError("invalid_level", _("请选择评价等级")) from exc
    if level not in Level.values:
        raise DomainError("invalid_level", _("评价等级应为 1（非常满意）到 5（非常不满意）"))
    if channel not in RatingChannel.values:
        raise DomainError("invalid_channel", _("未知的评价渠道"))
    occasion = occasion or (Occasion.ACCEPTANCE if channel in WINDOW_CHANNELS else Occasion.ONLINE)
    if occasion not in Occasion.values:
        raise DomainError("invalid_occasion", _("未知的评价对象"))
    if (occasion in WINDOW_OCCASIONS) != (channel in WINDOW_CHANNELS):
        raise DomainError("invalid_occasion", _("窗口服务只能在窗口评价器上评价，办件整体在网上评价"))
    comment = str(comment or "").strip()
    if len(comment) > 500:
        raise DomainError("comment_too_long", _("评价内容不超过 500 字"))
    if occasion == Occasion.ONLINE and case.state not in RATEABLE:
        raise DomainError("not_rateable", _("办件办结后才能评价"), kind="conflict")
    if occasion == Occasion.DELIVERY and case.state not in DELIVERY_STATES:
        raise DomainError("not_rateable", _("办件办结后才能评价取件服务"), kind="conflict")
    if occasion in WINDOW_OCCASIONS and case.state in NOT_AT_THE_WINDOW:
        raise DomainError("not_rateable", _("该办件尚未到中心窗口办理"), kind="conflict")
    already = Rating.objects.filter(case=case, occasion=occasion)
    if level in BAD_LEVELS and not comment:
        if already.exists():  # a second try is told it was rated, not what to write
            raise already_rated(occasion)
        raise DomainError("reason_required", _("选择“不满意”或“非常不满意”时，请写明原因，以便核实整改"))
    if occasion in WINDOW_OCCASIONS:
        window_id, staff_id = (window.pk if window else case.window_id), (staff.pk if staff else None)
    else:  # the case as a whole: its window and the handler who decided it
        window_id, staff_id = case.window_id, case.handler_id
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                case=case,
                occasion=occasion,
                org_id=case.org_id,
                window_id=window_id,
                staff_id=staff_id,
                level=level,
                comment=comment,
                channel=channel,
                created_at=now,
            )
            if rating.is_bad:
                open_rectification(rating, now=now)
            return rating
    except IntegrityError as exc:
        raise already_rated(occasion) from exc


def already_rated(occasion: str = Occasion.ONLINE) -> DomainError:
    if occasion in WINDOW_OCCASIONS:
        return DomainError(
            "already_rated", _("这次窗口服务已经评价过，每次服务只能评价一次"), kind="conflict"
        )
    return DomainError("already_rated", _("该办件已经评价过，每件只能评价一次"), kind="conflict")


def rating_for(case: Case, occasion: str = Occasion.ONLINE) -> Rating | None:
    return Rating.objects.filter(case=case, occasion=occasion).first()


def exclude_rating(rating: Rating, *, actor: Any, kind: str, reason: str, now: dt.datetime) -> Rating:
    """恶意评价/误评: a supervisor's finding, with its reason. The rating is kept, shown with the finding,
    and left out of every statistic (国办发〔2019〕51号: such ratings are removed on appeal, reason kept)."""
    if not actor.has_perm("feedback.exclude_rating") or rating.org_id not in visible_org_ids(actor):
        raise DomainError("forbidden", _("只有监察人员可以认定恶意评价或误评"), kind="forbidden")
    if kind not in Exclusion.values:
        raise DomainError("invalid_exclusion", _("请选择“恶意评价”或“误评”"))
    reason = str(reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("请写明认定理由"))
    if len(reason) > 300:
        raise DomainError("reason_too_long", _("认定理由不超过 300 字"))
    with transaction.atomic():
        updated = Rating.objects.filter(pk=rating.pk, excluded="").update(
            excluded=kind, excluded_reason=reason, excluded_by=actor, excluded_at=now
        )
        if not updated:
            raise DomainError("already_excluded", _("该评价已经认定过"), kind="conflict")
        rating.refresh_from_db()
        close_for_exclusion(rating, actor=actor, now=now)
    return rating
