"""The demo month's 好差评: ratings at every town window (the evaluator, 一次一评) and online (一事一评: QR code,
SMS, PC, mobile), mostly good, a few 差评 with their rectifications in each state (open, overdue, rectified,
checked after the follow-up call), one found malicious by the town's supervisor, and an evaluator registered
at three of 象湖镇's windows. Dates follow the history's cases; running it again adds nothing."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from bianmin.cases.models import Case, CaseState
from bianmin.feedback import rectification as rect_actions
from bianmin.feedback.actions import DELIVERY_STATES, RATEABLE, exclude_rating, rate
from bianmin.feedback.evaluator import register_evaluator
from bianmin.feedback.models import Evaluator, Exclusion, Occasion, Rating, RatingChannel, Rectification
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org, OrgKind, Window

BAD_REASONS = [
    "等候时间较长",
    "窗口人员态度生硬",
    "材料要求没有一次说清",
    "系统故障跑了两趟",
    "办理进度没人告知",
]
GOOD_COMMENTS = ["", "", "", "办事很快", "工作人员很耐心", "一次就办好了"]
ONLINE_CHANNELS = [
    RatingChannel.QR,
    RatingChannel.QR,
    RatingChannel.SMS,
    RatingChannel.PC,
    RatingChannel.MOBILE,
]


def _level(rnd: random.Random) -> int:
    return rnd.choices([1, 2, 3, 4, 5], weights=[55, 28, 9, 5, 3])[0]


def build_feedback(today: dt.date | None = None, seed: int = 19) -> int:
    """Rate the demo's cases and work the 差评; returns how many ratings were added."""
    now = timezone.now()
    rnd = random.Random(seed)
    users = get_user_model().objects
    director, supervisor = (
        users.filter(username="director").first(),
        users.filter(username="supervisor").first(),
    )
    leader = users.filter(username="leader").first()
    if director is None or supervisor is None or leader is None:
        return 0
    added = 0
    towns = Org.objects.filter(kind=OrgKind.TOWN).order_by("path")
    cases = Case.objects.filter(org__in=towns).exclude(state__in=(CaseState.AT_STATION, CaseState.FORWARDED))
    for case in cases.select_related("org").order_by("registered_at", "pk"):
        staff = case.registered_by if case.registered_by_id else None
        window = case.window
        if window is not None and staff is not None and rnd.random() < 0.8:
            added += _rate(
                case, rnd, Occasion.ACCEPTANCE, RatingChannel.TABLET, window, staff, case.registered_at
            )
        if case.state in DELIVERY_STATES and window is not None and staff is not None and case.delivered_at:
            added += _rate(
                case, rnd, Occasion.DELIVERY, RatingChannel.TABLET, window, staff, case.delivered_at
            )
        if case.state in RATEABLE and case.concluded_at and rnd.random() < 0.6:
            at = case.concluded_at + dt.timedelta(hours=rnd.randint(2, 30))
            added += _rate(case, rnd, Occasion.ONLINE, rnd.choice(ONLINE_CHANNELS), None, None, min(at, now))
    _work_rectifications(director, leader, supervisor, now)
    _evaluators(director, now)
    return added


def _rate(case, rnd, occasion, channel, window, staff, at) -> int:  # type: ignore[no-untyped-def]
    level = _level(rnd)
    comment = rnd.choice(BAD_REASONS) if level >= 4 else rnd.choice(GOOD_COMMENTS)
    try:
        rate(
            case,
            level=level,
            comment=comment,
            channel=channel,
            occasion=occasion,
            window=window,
            staff=staff,
            now=at,
        )
    except DomainError:
        return 0  # rated already (a second run), or not rateable
    return 1


def _work_rectifications(director, leader, supervisor, now) -> None:  # type: ignore[no-untyped-def]
    """Of each town's open rectifications (oldest first) leave the oldest overdue, check one, have one
    rectified and waiting for its check, keep the newest open; find one 差评 malicious."""
    if Rating.objects.exclude(excluded="").exists():
        return
    for org in Org.objects.filter(kind=OrgKind.TOWN).order_by("path"):
        rects = list(
            Rectification.objects.filter(org=org, state="open").select_related("rating").order_by("opened_at")
        )
        if len(rects) < 4:
            continue
        closer = supervisor if supervisor.staff.org_id == org.pk else None
        owner = director if director.staff.org_id == org.pk else None
        if closer is None or owner is None:
            continue
        # the oldest stays open (overdue by now); then one checked, one rectified, one found malicious
        checked, rectified, malicious = rects[1], rects[2], rects[3]
        for rect in (checked, rectified):
            done_at = min(rect.opened_at + dt.timedelta(days=3), now)
            rect_actions.record_measures(
                rect, actor=owner, measures="约谈窗口工作人员，完善一次性告知清单", now=done_at
            )
        done_at = min(checked.opened_at + dt.timedelta(days=4), now)
        rect_actions.record_call(
            checked,
            actor=leader,
            called_on=timezone.localtime(done_at).date(),
            response="问题已解决，表示满意",
            satisfied=True,
            now=done_at,
        )
        rect_actions.close_rectification(checked, actor=closer, note="整改到位", now=done_at)
        exclude_rating(
            malicious.rating,
            actor=closer,
            kind=Exclusion.MALICIOUS,
            reason="评价内容与办件无关，系同一号码多次恶意差评",
            now=now,
        )


def _evaluators(director, now) -> None:  # type: ignore[no-untyped-def]
    if Evaluator.objects.exists():
        return
    windows = Window.objects.filter(org_id=director.staff.org_id, active=True).order_by("number")[:3]
    for window in windows:
        device, _secret = register_evaluator(
            actor=director, window=window, name=f"{window.number}号窗口评价器", now=now
        )
        Evaluator.objects.filter(pk=device.pk).update(
            pairing_digest="",
            pairing_expires_at=None,
            device_digest=f"demo-{device.pk}",
            paired_at=now,
            last_seen_at=now,
        )
