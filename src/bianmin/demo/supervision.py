"""The demo month's e-supervision: the cards the history's late cases earned, written by the daily sweep,
some confirmed and one dismissed by the town's supervisor (镇纪委), one rejection ruled unjustified; the
rest left pending, so the board shows each state."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from bianmin.cases.models import Case, CaseState
from bianmin.lib.errors import DomainError
from bianmin.supervision import actions
from bianmin.supervision.models import CardLevel, CardRecord, CardRule, CardStatus


def build_supervision(today: dt.date | None = None) -> int:
    """Sweep the demo network's cards and decide a few; returns how many cards were written (0 again)."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    written = actions.sweep_all(today, now)
    supervisor = get_user_model().objects.filter(username="supervisor").first()
    if supervisor is None or CardRecord.objects.exclude(status=CardStatus.PENDING).exists():
        return written
    pending = list(
        CardRecord.objects.filter(org__staff__user=supervisor, status=CardStatus.PENDING)
        .exclude(staff=supervisor)
        .order_by("reached_on", "pk")
    )
    reds = [c for c in pending if c.level == CardLevel.RED]
    for record in reds[:2]:
        actions.decide_card(
            str(record.pk),
            "confirm",
            actor=supervisor,
            reason="无不可抗拒因素，未限时办结",
            today=today,
            now=now,
        )
    yellows = [c for c in pending if c.level == CardLevel.YELLOW]
    if yellows:
        actions.decide_card(
            str(yellows[-1].pk),
            "dismiss",
            actor=supervisor,
            reason="申请人补正材料延误，非窗口责任",
            today=today,
            now=now,
        )
    rejected = (
        Case.objects.filter(org__staff__user=supervisor, state=CaseState.REJECTED).order_by("pk").first()
    )
    if rejected is not None and not CardRecord.objects.filter(rule=CardRule.UNJUSTIFIED_REJECTION).exists():
        try:
            actions.flag_rejection(
                rejected.number, actor=supervisor, reason="材料齐全、符合条件，应予受理", today=today, now=now
            )
        except DomainError:
            pass
    return written
