"""The case lifecycle, declared once (办件流程): which steps an actor may take, from which states, with what
right, issuing which notice, under which rule.

Each ``Transition`` names its step (``steps.Step``, the vocabulary of the ledger), its from-states and
to-states, the permission it needs, the notice it issues and a pure guard ``(case, actor, today) → refusal
or None``. The case actions run the same table through one helper (``actions._base.perform``); the counter
asks the same guards which forms to offer, the API derives its routes from it, and the timeline and the
public progress take their labels from ``Step``. Adding a step is one entry here plus one action function.

The guards live in ``guards``: they read the case and its prefetched materials and tasks, never write and never
raise. The action runs them again on the locked row, so what a page offered is re-checked when it is submitted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy

from bianmin.cases.guards import (
    BEFORE_ACCEPTANCE,
    HANDLING,
    S,
    extension_pending,
    has_completable_task,
    has_id_number,
    has_recordable_step,
    holder_refusal,
    is_escalation,
    materials_complete,
    may_approve_extension,
    may_conclude,
    may_dispatch_mail,
    may_escalate,
    may_reply_urge,
    may_request_extension,
    may_review,
    may_withdraw,
    needs_unreceived,
    no_green_channel,
    not_proxied,
    state_error,
    was_forwarded,
)
from bianmin.cases.holds import hold_refusal
from bianmin.cases.models import Case, CaseState, NoticeType
from bianmin.cases.steps import Step
from bianmin.lib.errors import DomainError

Guard = Callable[[Case, Any, dt.date], DomainError | None]


@dataclass(frozen=True)
class Transition:
    """One action of a case's life.

    ``targets``: the state the case moves to; several when the action decides (supplement goes back to
    submitted only once nothing mandatory is missing); empty when the state stays as it was.
    ``counter``: offered as a form on the case page (the ID reveal has its own form).
    ``reads``: what the guard and the action read of the case's rows, prefetched once on the locked case.
    """

    step: Step
    sources: frozenset[str]
    targets: frozenset[str]
    permission: str
    denied: Promise
    verb: Promise
    notice: str | None = None
    guard: Guard | None = None
    counter: bool = True
    reads: tuple[str, ...] = ()  # relations the guard and the action read, fetched once with the lock

    @property
    def label(self) -> str:
        return str(self.step.label)

    def refusal(self, case: Case, actor: Any, today: dt.date) -> DomainError | None:
        """Why ``actor`` may not take this step on ``case`` today, or None: right, state, the rule, then what
        other apps hold the step on (``holds``: fees unpaid before delivery, a seal's use before conclusion)."""
        if actor is None or not actor.has_perm(self.permission):
            return DomainError("permission_denied", self.denied, kind="forbidden")
        if case.state not in self.sources:
            return state_error(case, self.verb)
        refusal = holder_refusal(case, actor)
        if refusal is not None:
            return refusal
        refusal = self.guard(case, actor, today) if self.guard else None
        return refusal or hold_refusal(self.step.value, case, actor, today)


# ----------------------------------------------------------------------------------------------- the table

# In the order the case page lists them: the usual next step first, the exceptional ones last.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        Step.FORWARD,
        sources=frozenset({S.AT_STATION}),
        targets=frozenset({S.FORWARDED}),
        permission="cases.forward_case",
        denied=gettext_lazy("只有代办员可以报送代办件"),
        verb=pgettext_lazy("case action", "报送"),
        notice=NoticeType.HANDOVER,
        reads=("materials",),
    ),
    Transition(
        Step.RECEIVE,
        sources=frozenset({S.FORWARDED}),
        targets=frozenset({S.SUBMITTED}),
        permission="cases.register_case",
        denied=gettext_lazy("您没有签收代办件的权限"),
        verb=pgettext_lazy("case action", "签收"),
        reads=("materials",),
    ),
    Transition(
        Step.SUPPLEMENT,
        sources=BEFORE_ACCEPTANCE,
        targets=BEFORE_ACCEPTANCE,
        permission="cases.register_case",
        denied=gettext_lazy("您没有收取材料的权限"),
        verb=pgettext_lazy("case action", "补正材料"),
        guard=needs_unreceived,
        reads=("materials",),
    ),
    Transition(
        Step.ACCEPT,
        sources=frozenset({S.SUBMITTED}),
        targets=frozenset({S.ACCEPTED}),
        permission="cases.accept_case",
        denied=gettext_lazy("您没有受理办件的权限"),
        verb=pgettext_lazy("case action", "受理"),
        notice=NoticeType.ACCEPTANCE,
        guard=materials_complete,
        reads=("materials",),
    ),
    Transition(
        Step.NOTIFY_MISSING,
        sources=BEFORE_ACCEPTANCE,
        targets=frozenset({S.SUPPLEMENTING}),
        permission="cases.accept_case",
        denied=gettext_lazy("您没有出具一次性告知书的权限"),
        verb=pgettext_lazy("case action", "出具一次性告知书"),
        notice=NoticeType.ONE_TIME,
        reads=("materials",),
    ),
    Transition(
        Step.ASSIGN,
        sources=HANDLING,
        targets=frozenset({S.IN_PROGRESS}),
        permission="cases.accept_case",
        denied=gettext_lazy("您没有交办办件的权限"),
        verb=pgettext_lazy("case action", "交办"),
    ),
    Transition(
        Step.COMPLETE_TASK,
        sources=HANDLING,
        targets=frozenset(),
        permission="cases.handle_case",
        denied=gettext_lazy("您没有办理联办任务的权限"),
        verb=pgettext_lazy("case action", "办理联办任务"),
        guard=has_completable_task,
        reads=("tasks",),
    ),
    Transition(
        Step.RECORD_STEP,
        sources=HANDLING | {S.SUSPENDED},
        targets=frozenset(),
        permission="cases.handle_case",
        denied=gettext_lazy("您没有登记办理环节的权限"),
        verb=pgettext_lazy("case action", "登记办理环节"),
        guard=has_recordable_step,
        reads=("events",),
    ),
    Transition(
        Step.CONCLUDE,
        sources=HANDLING,
        targets=frozenset({S.CONCLUDED}),
        permission="cases.handle_case",
        denied=gettext_lazy("您没有办结办件的权限"),
        verb=pgettext_lazy("case action", "办结"),
        notice=NoticeType.CONCLUSION,
        guard=may_conclude,
        reads=("tasks__window",),
    ),
    # 邮寄送达: the result is posted (the tracking number recorded); ``deliver`` by mail follows the signature.
    Transition(
        Step.DISPATCH_MAIL,
        sources=frozenset({S.CONCLUDED}),
        targets=frozenset(),
        permission="cases.deliver_case",
        denied=gettext_lazy("您没有邮寄办理结果的权限"),
        verb=pgettext_lazy("case action", "寄出"),
        guard=may_dispatch_mail,
    ),
    Transition(
        Step.DELIVER,
        sources=frozenset({S.CONCLUDED}),
        targets=frozenset({S.DELIVERED}),
        permission="cases.deliver_case",
        denied=gettext_lazy("您没有送达办理结果的权限"),
        verb=pgettext_lazy("case action", "送达"),
        guard=not_proxied,
    ),
    Transition(
        Step.RETURN_TO_AGENT,
        sources=frozenset({S.CONCLUDED}),
        targets=frozenset({S.WITH_AGENT}),
        permission="cases.deliver_case",
        denied=gettext_lazy("您没有送达办理结果的权限"),
        verb=pgettext_lazy("case action", "交回代办员"),
        notice=NoticeType.RETURN_RECEIPT,
        guard=was_forwarded,
    ),
    Transition(
        Step.HAND_BACK,
        sources=frozenset({S.WITH_AGENT}),
        targets=frozenset({S.DELIVERED}),
        permission="cases.forward_case",
        denied=gettext_lazy("只有代办员可以向申请人转交结果"),
        verb=pgettext_lazy("case action", "转交申请人"),
    ),
    Transition(
        Step.ARCHIVE,
        sources=frozenset({S.DELIVERED}),
        targets=frozenset({S.ARCHIVED}),
        permission="cases.archive_case",
        denied=gettext_lazy("您没有归档的权限"),
        verb=pgettext_lazy("case action", "归档"),
    ),
    Transition(
        Step.ESCALATE,
        sources=frozenset({S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS}),
        targets=frozenset({S.ESCALATED}),
        permission="cases.escalate_case",
        denied=gettext_lazy("您没有上报县级的权限"),
        verb=pgettext_lazy("case action", "上报县级"),
        notice=NoticeType.ESCALATION,
        guard=may_escalate,
        reads=("materials",),
    ),
    Transition(
        Step.RETURN_ESCALATION,
        sources=BEFORE_ACCEPTANCE,
        targets=frozenset({S.RETURNED}),
        permission="cases.decide_escalation",
        denied=gettext_lazy("您没有退回乡镇上报件的权限"),
        verb=pgettext_lazy("case action", "退回乡镇"),
        guard=is_escalation,
    ),
    Transition(
        Step.GREEN_CHANNEL,
        sources=CaseState.open_states(),
        targets=frozenset(),
        permission="cases.register_case",
        denied=gettext_lazy("您没有开通绿色通道的权限"),
        verb=pgettext_lazy("case action", "开通绿色通道"),
        guard=no_green_channel,
    ),
    Transition(
        Step.SUSPEND,
        sources=CaseState.running_states(),
        targets=frozenset({S.SUSPENDED}),
        permission="cases.handle_case",
        denied=gettext_lazy("您没有启动特别程序的权限"),
        verb=pgettext_lazy("case action", "启动特别程序"),
        notice=NoticeType.SPECIAL_PROCEDURE,
    ),
    Transition(
        Step.RESUME,
        sources=frozenset({S.SUSPENDED}),
        targets=HANDLING,
        permission="cases.handle_case",
        denied=gettext_lazy("您没有结束特别程序的权限"),
        verb=pgettext_lazy("case action", "结束特别程序"),
    ),
    # 延期 (行政许可法 Art. 42; 003 曾家镇: 延期办结不得超过10天, 出具延期办结通知书): the handler asks with a
    # reason, a duty leader or the director decides, both before the due date has passed.
    Transition(
        Step.REQUEST_EXTENSION,
        sources=HANDLING | {S.SUSPENDED},
        targets=frozenset(),
        permission="cases.handle_case",
        denied=gettext_lazy("您没有申请延期的权限"),
        verb=pgettext_lazy("case action", "申请延期"),
        guard=may_request_extension,
    ),
    Transition(
        Step.APPROVE_EXTENSION,
        sources=HANDLING | {S.SUSPENDED},
        targets=frozenset(),
        permission="cases.approve_extension",
        denied=gettext_lazy("延期须经带班领导或中心主任批准"),
        verb=pgettext_lazy("case action", "批准延期"),
        notice=NoticeType.EXTENSION,
        guard=may_approve_extension,
    ),
    Transition(
        Step.REFUSE_EXTENSION,
        sources=HANDLING | {S.SUSPENDED},
        targets=frozenset(),
        permission="cases.approve_extension",
        denied=gettext_lazy("延期须经带班领导或中心主任批准"),
        verb=pgettext_lazy("case action", "不批准延期"),
        guard=extension_pending,
    ),
    # The leader's day (000 篇2 帶班領導): 批示 on the day's cases, 督办 of late ones and the handler's reply.
    Transition(
        Step.REPLY_URGE,
        sources=frozenset(CaseState.values),
        targets=frozenset(),
        permission="cases.handle_case",
        denied=gettext_lazy("您没有回复督办的权限"),
        verb=pgettext_lazy("case action", "回复督办"),
        guard=may_reply_urge,
    ),
    Transition(
        Step.URGE,
        sources=CaseState.open_states(),
        targets=frozenset(),
        permission="cases.urge_case",
        denied=gettext_lazy("只有带班领导、中心主任或监察人员可以督办"),
        verb=pgettext_lazy("case action", "督办"),
    ),
    Transition(
        Step.REVIEW,
        sources=frozenset(CaseState.values),
        targets=frozenset(),
        permission="cases.review_case",
        denied=gettext_lazy("只有带班领导或中心主任可以批示"),
        verb=pgettext_lazy("case action", "批示"),
        guard=may_review,
    ),
    Transition(
        Step.REJECT,
        sources=BEFORE_ACCEPTANCE,
        targets=frozenset({S.REJECTED}),
        permission="cases.accept_case",
        denied=gettext_lazy("您没有退回办件的权限"),
        verb=pgettext_lazy("case action", "不予受理"),
        notice=NoticeType.REJECTION,
    ),
    Transition(
        Step.WITHDRAW,
        sources=CaseState.open_states(),
        targets=frozenset({S.WITHDRAWN}),
        permission="cases.register_case",
        denied=gettext_lazy("您没有登记撤回申请的权限"),
        verb=pgettext_lazy("case action", "撤回"),
        guard=may_withdraw,
    ),
    Transition(
        Step.REVEAL_ID_NUMBER,
        sources=frozenset(CaseState.values),
        targets=frozenset(),
        permission="cases.reveal_id_number",
        denied=gettext_lazy("您无权查看完整证件号码"),
        verb=pgettext_lazy("case action", "查看完整证件号码"),
        guard=has_id_number,
        counter=False,
    ),
)

TRANSITION: dict[Step, Transition] = {t.step: t for t in TRANSITIONS}

# Steps that are not an actor's action on an existing case: registration creates the case (its rules are
# its own: online applications have no actor), and a recomputed due date is the system's doing.
REGISTER_PERMISSION = "cases.register_case"
# The county's decision reaches the town's case as the system's own step (UPSTREAM_*), in the same transaction.
SYSTEM_STEPS = frozenset({Step.REGISTER, Step.RECOMPUTE_DUE, Step.UPSTREAM_RETURNED, Step.UPSTREAM_SETTLED})


def offered(case: Case, actor: Any, today: dt.date) -> list[Transition]:
    """The counter's actions the actor may take on the case now — the actions' own guards, asked first."""
    return [t for t in TRANSITIONS if t.counter and t.refusal(case, actor, today) is None]


def blocked(
    case: Case, actor: Any, today: dt.date, shown: Iterable[Step] = ()
) -> list[tuple[Transition, str]]:
    """Actions the actor holds the right to and the state allows, but a rule refuses now, with why — so the
    page says why instead of hiding the step (受理 while a material is missing, 办结 before 公示)."""
    wanted = set(shown)
    out = []
    for t in TRANSITIONS:
        if t.step not in wanted or not actor.has_perm(t.permission) or case.state not in t.sources:
            continue
        if holder_refusal(case, actor) is not None:
            continue
        refusal = t.refusal(case, actor, today)
        if refusal is not None:
            out.append((t, str(refusal.message)))
    return out
