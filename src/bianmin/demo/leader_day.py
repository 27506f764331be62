"""The leader's day in the demo (000 篇2 帶班領導: 批示 and 督办; 行政许可法 Art. 42 extensions).

Run after the month of history (which writes the day-by-day 批示 as the cases are registered): late cases at
象湖镇 are urged — one answered, one answered late, one still waiting past its deadline, one urged by the
supervisor — and a handler asks for an extension that waits for the leader. Every step goes through the case
actions, after the case's last event, so the ledger stays in order. Built once.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from bianmin.cases import actions
from bianmin.cases.models import Case, CaseEvent, CaseState
from bianmin.cases.steps import Step
from bianmin.catalog.models import CaseKind
from bianmin.workdays.services import add_workdays


def _after_last(case: Case, minutes: int, floor: dt.datetime | None = None) -> dt.datetime:
    last = CaseEvent.objects.filter(case=case).order_by("-seq").values_list("at", flat=True).first()
    at = (last or timezone.now()) + dt.timedelta(minutes=minutes)
    return max(at, floor) if floor is not None else at


def _morning(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build_leader_day(today: dt.date | None = None) -> int:
    """Urgings, replies and a pending extension request at 象湖镇; returns the events written (0 when the
    demo has them already)."""
    today = today or timezone.localdate()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["leader", "handler", "supervisor"])
    }
    if len(users) < 3 or CaseEvent.objects.filter(type=Step.URGE, org__code="360781100").exists():
        return 0
    leader, handler, supervisor = users["leader"], users["handler"], users["supervisor"]
    town_cases = Case.objects.filter(org__code="360781100", handler=handler).exclude(kind=CaseKind.INSTANT)
    region = "360781"
    soon = add_workdays(today, 5, region).date  # the late ones and those about to be
    late = list(
        town_cases.filter(state__in=CaseState.running_states(), due_date__lte=soon).order_by("due_date")
    )
    written = 0
    for i, case in enumerate(late[:4]):
        urged_on = max((case.due_date or today) + dt.timedelta(days=1), today - dt.timedelta(days=4))
        urged_on = min(urged_on, today)
        at = _after_last(case, 30, _morning(urged_on, 10))
        by = add_workdays(timezone.localdate(at), 1, region).date
        urger = supervisor if i == 3 else leader
        note = "已超期，请说明原因并于期限内办结" if i != 3 else "电子监察：该件已亮牌，请承办人说明情况"
        actions.urge(case, actor=urger, note=note, reply_by=by, now=at)
        written += 1
        if i == 0:  # answered in time
            actions.reply_urge(
                case, actor=handler, note="已补齐入户调查材料，明日公示后办结", now=at + dt.timedelta(hours=3)
            )
            written += 1
        elif i == 2:  # answered after the deadline
            reply_on = add_workdays(by, 1, region).date
            if reply_on <= today:
                reply_at = max(_morning(reply_on, 11), at)
                actions.reply_urge(case, actor=handler, note="申请人外出，已电话联系补件", now=reply_at)
                written += 1
    # 申请延期 waiting for the leader (Art. 42): a case still inside its limit.
    waiting = (
        town_cases.filter(
            state=CaseState.IN_PROGRESS, due_date__gt=today, extended_days=0, extension_requested_days=0
        )
        .order_by("due_date")
        .first()
    )
    if waiting is not None:
        actions.request_extension(
            waiting,
            actor=handler,
            days=5,
            reason="需等待县自然资源局出具测绘报告",
            now=_after_last(waiting, 20, _morning(today, 9)),
        )
        written += 1
    return written
