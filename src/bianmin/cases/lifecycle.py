"""The case lifecycle, declared once (办件流程): which steps an actor may take, from which states, with what
right, issuing which notice, under which rule.

Each ``Transition`` names its step (``steps.Step``, the vocabulary of the ledger), its from-states and
to-states, the permission it needs, the notice it issues and a pure guard ``(case, actor, today) → refusal
or None``. The case actions run the same table through one helper (``actions._base.perform``); the counter
asks the same guards which forms to offer, the API derives its routes from it, and the timeline and the
public progress take their labels from ``Step``. Adding a step is one entry here plus one action function.

Guards read the case and its prefetched materials and tasks; they never write and never raise. The action
runs them again on the locked row, so what a page offered is re-checked when it is submitted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from bianmin.cases.models import Case, CaseState, Channel, JointTask, NoticeType, TaskState
from bianmin.cases.steps import Step
from bianmin.catalog.models import CaseKind
from bianmin.lib.errors import DomainError
from bianmin.lib.text import join_names
from bianmin.orgs.models import OrgKind
from bianmin.orgs.selectors import held_window_ids, station_of, visible_org_ids

S = CaseState
BEFORE_ACCEPTANCE = frozenset({S.SUBMITTED, S.SUPPLEMENTING})
HANDLING = frozenset({S.ACCEPTED, S.IN_PROGRESS})
# A proxy case in these states is in the village agent's hands; in every other state in its center's.
STATION_HELD = frozenset({S.AT_STATION, S.WITH_AGENT})
MAX_EXTENSION_DAYS = 10  # 行政许可法 Art. 42: one extension of at most 10 working days
LEADER_PERMISSION = "cases.lead_center"  # 带班领导/中心主任: may act in place of a handler or a window
# Procedure steps the engine itself records (register, accept, conclude); the rest a clerk records.
ENGINE_PROCEDURE_STEPS = frozenset({"申请", "受理", "申请受理", "办结"})

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
        """Why ``actor`` may not take this step on ``case`` today, or None: right, state, then the rule."""
        if actor is None or not actor.has_perm(self.permission):
            return DomainError("permission_denied", self.denied, kind="forbidden")
        if case.state not in self.sources:
            return state_error(case, self.verb)
        refusal = holder_refusal(case, actor)
        if refusal is not None:
            return refusal
        return self.guard(case, actor, today) if self.guard else None


def state_error(case: Case, action_verb: Any) -> DomainError:
    return DomainError(
        "invalid_state",
        _("办件当前状态为“%(state)s”，不能%(action)s")
        % {"state": str(CaseState(case.state).label), "action": str(action_verb)},
        kind="conflict",
        state=case.state,
    )


def holder_refusal(case: Case, actor: Any) -> DomainError | None:
    """Who may act on the case where it is now: the station's agent while it is at the station (before it is
    forwarded, once the result is back), else the staff of the center that owns it. Seeing a case is wider
    (a town sees its stations' cases, an agent follows the cases it forwarded); acting is not."""
    if getattr(actor, "is_superuser", False):
        return None
    if case.state in STATION_HELD:
        if case.station_id is None or station_of(actor) != case.station_id:
            return DomainError(
                "not_station_agent", _("该办件在代办点，只有该代办点的代办员可以办理此环节"), kind="forbidden"
            )
        return None
    if case.org_id not in visible_org_ids(actor):
        return DomainError(
            "not_case_holder",
            _("该办件由%(org)s办理，您不能办理此环节") % {"org": case.org.name},
            kind="forbidden",
        )
    return None


# ------------------------------------------------------------------------------------------------ guards


def is_leader(actor: Any) -> bool:
    return bool(actor is not None and actor.has_perm(LEADER_PERMISSION))


def open_tasks(case: Case) -> list[JointTask]:
    return [t for t in case.tasks.all() if t.state == TaskState.OPEN]


def completable_tasks(case: Case, actor: Any) -> list[JointTask]:
    """Open joint tasks the actor may finish: staff holding the task's window, or a leader (并联审批)."""
    if is_leader(actor):
        return open_tasks(case)
    held = held_window_ids(actor)
    return [t for t in open_tasks(case) if t.window_id in held]


def recordable_steps(case: Case) -> list[str]:
    """The item's procedure steps (办理程序) a clerk records on the case, in the item's order."""
    return [s for s in case.item_snapshot.get("procedure", []) if s not in ENGINE_PROCEDURE_STEPS]


def recorded_steps(case: Case) -> set[str]:
    return {str(e.data.get("step")) for e in case.events.all() if e.type == Step.RECORD_STEP}


def missing_steps(case: Case) -> list[str]:
    """Mandatory procedure steps not recorded yet: they block conclusion (e.g. 低保's 入户调查 and 公示)."""
    mandatory = case.item_snapshot.get("mandatory_steps", [])
    if not mandatory:
        return []
    done = recorded_steps(case)
    return [s for s in mandatory if s not in done]


def _needs_unreceived(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if all(m.received for m in case.materials.all()):
        return DomainError("already_received", _("所有材料均已收取"), kind="conflict")
    return None


def _materials_complete(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    names = [m.name for m in case.materials.all() if m.mandatory and not m.received]
    if names:
        return DomainError(
            "materials_missing",
            _("必需材料不齐，不能受理：%(names)s。请出具一次性告知书。") % {"names": join_names(names)},
            kind="conflict",
            missing=names,
        )
    return None


def _has_completable_task(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if not open_tasks(case):
        return DomainError("no_open_task", _("该办件没有待办的联办任务"), kind="conflict")
    if not completable_tasks(case, actor):
        return DomainError(
            "not_task_window", _("只有该窗口的工作人员或带班领导可以办理此任务"), kind="forbidden"
        )
    return None


def _has_recordable_step(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if not recordable_steps(case):
        return DomainError("no_procedure_steps", _("该事项的办理程序没有需要登记的环节"), kind="conflict")
    return None


def handles(case: Case, actor: Any) -> bool:
    """Whoever holds the case's work: its handler (承办人), before hand-over the clerk who took it, or a leader."""
    if is_leader(actor) or getattr(actor, "is_superuser", False):
        return True
    if case.handler_id is not None:
        return bool(case.handler_id == actor.pk)
    return actor.pk in (case.first_contact_id, case.accepted_by_id)


def _not_handler(what: Any) -> DomainError:
    return DomainError(
        "not_handler",
        _("只有承办人（未交办时为受理人）或带班领导可以%(action)s") % {"action": str(what)},
        kind="forbidden",
    )


def extension_too_late(case: Case, today: dt.date) -> DomainError | None:
    """行政许可法 Art. 42 / 003 曾家镇: an extension is asked for and approved within the limit, never after it
    has run out — a late case keeps its yellow or red card. A suspended case's clock stopped the day it was
    suspended, so that day is compared with the due date."""
    day = case.suspended_on if case.state == S.SUSPENDED and case.suspended_on else today
    if case.due_date is not None and day > case.due_date:
        return DomainError(
            "extension_too_late",
            _("延期须在承诺办结日（%(due)s）前申请并批准；该办件已超期，不能再延期")
            % {"due": case.due_date.isoformat()},
            kind="conflict",
        )
    return None


def _extension_allowed(case: Case, today: dt.date) -> DomainError | None:
    if case.kind == CaseKind.INSTANT:
        return DomainError("instant_no_extension", _("即办件应当场办结，不能延期"), kind="conflict")
    if case.extended_days:
        return DomainError("already_extended", _("办件只能延期一次"), kind="conflict")
    return extension_too_late(case, today)


def _may_request_extension(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if not handles(case, actor):
        return _not_handler(pgettext_lazy("case action", "申请延期"))
    if case.extension_requested_days:
        return DomainError("extension_pending", _("该办件已有待批准的延期申请"), kind="conflict")
    return _extension_allowed(case, today)


def _extension_pending(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if not case.extension_requested_days:
        return DomainError("no_pending_extension", _("该办件没有待批准的延期申请"), kind="conflict")
    return None


def _may_approve_extension(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    return _extension_pending(case, actor, today) or _extension_allowed(case, today)


def _may_reply_urge(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.urge_reply_by is None:
        return DomainError("no_open_urging", _("该办件没有待回复的督办"), kind="conflict")
    if not handles(case, actor):
        return _not_handler(pgettext_lazy("case action", "回复督办"))
    return None


def _not_reviewed(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.reviewed_at is not None:
        return DomainError("already_reviewed", _("该办件已批示"), kind="conflict")
    return None


def _may_conclude(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    # 即办件 are concluded by the accepting clerk straight from accepted (即收即办); so are joint cases
    # once every window is done. Anything else goes through a handler first.
    tasks = open_tasks(case)
    waiting = [t.window_code for t in tasks]
    if case.state == S.ACCEPTED and case.kind not in {CaseKind.INSTANT, CaseKind.JOINT}:
        return state_error(case, pgettext_lazy("case action", "办结"))
    if waiting:
        # People read the windows' names (国土和规划); the answer's data keeps the codes (GT) for programs.
        names = join_names(t.window.name if t.window is not None else t.window_code for t in tasks)
        return DomainError(
            "tasks_open",
            _("联办窗口尚未全部办结：%(windows)s") % {"windows": names},
            kind="conflict",
            windows=waiting,
        )
    if case.handler_id not in (None, actor.pk) and not is_leader(actor):
        return DomainError("not_handler", _("只有承办人或带班领导可以办结该办件"), kind="forbidden")
    steps = missing_steps(case)
    if steps:
        return DomainError(
            "steps_missing",
            _("必经的办理环节尚未登记，不能办结：%(steps)s") % {"steps": join_names(steps)},
            kind="conflict",
            steps=steps,
        )
    return None


def _not_proxied(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.forwarded_at is not None:
        return DomainError(
            "deliver_via_agent",
            _("代办件的办理结果须交回代办员，由代办员转交申请人"),
            kind="conflict",
        )
    return None


def _was_forwarded(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.forwarded_at is None:
        return DomainError(
            "not_forwarded", _("该办件不是代办点报送的代办件，请直接送达申请人"), kind="conflict"
        )
    return None


def _may_escalate(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.org.kind != OrgKind.TOWN or case.org.parent_id is None:
        return DomainError("no_upper_center", _("只有乡镇便民服务中心可以上报县级"), kind="conflict")
    return None


def _is_escalation(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.channel != Channel.ESCALATION:
        return DomainError("not_escalated", _("该办件不是乡镇上报件，不能退回乡镇"), kind="conflict")
    return None


def _may_withdraw(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.state == S.ESCALATED:
        return DomainError(
            "withdraw_at_county",
            _("该办件已上报县级，撤回申请由县级中心登记"),
            kind="conflict",
        )
    return None


def _no_green_channel(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.green_channel:
        return DomainError("green_channel_open", _("该办件已开通绿色通道"), kind="conflict")
    return None


def _has_id_number(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if not (case.applicant_id_number or case.applicant_credit_code):
        return DomainError("no_id_number", _("该办件没有登记证件号码"), kind="conflict")
    return None


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
        guard=_needs_unreceived,
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
        guard=_materials_complete,
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
        guard=_has_completable_task,
        reads=("tasks",),
    ),
    Transition(
        Step.RECORD_STEP,
        sources=HANDLING | {S.SUSPENDED},
        targets=frozenset(),
        permission="cases.handle_case",
        denied=gettext_lazy("您没有登记办理环节的权限"),
        verb=pgettext_lazy("case action", "登记办理环节"),
        guard=_has_recordable_step,
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
        guard=_may_conclude,
        reads=("tasks__window",),
    ),
    Transition(
        Step.DELIVER,
        sources=frozenset({S.CONCLUDED}),
        targets=frozenset({S.DELIVERED}),
        permission="cases.deliver_case",
        denied=gettext_lazy("您没有送达办理结果的权限"),
        verb=pgettext_lazy("case action", "送达"),
        guard=_not_proxied,
    ),
    Transition(
        Step.RETURN_TO_AGENT,
        sources=frozenset({S.CONCLUDED}),
        targets=frozenset({S.WITH_AGENT}),
        permission="cases.deliver_case",
        denied=gettext_lazy("您没有送达办理结果的权限"),
        verb=pgettext_lazy("case action", "交回代办员"),
        notice=NoticeType.RETURN_RECEIPT,
        guard=_was_forwarded,
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
        guard=_may_escalate,
        reads=("materials",),
    ),
    Transition(
        Step.RETURN_ESCALATION,
        sources=BEFORE_ACCEPTANCE,
        targets=frozenset({S.RETURNED}),
        permission="cases.decide_escalation",
        denied=gettext_lazy("您没有退回乡镇上报件的权限"),
        verb=pgettext_lazy("case action", "退回乡镇"),
        guard=_is_escalation,
    ),
    Transition(
        Step.GREEN_CHANNEL,
        sources=CaseState.open_states(),
        targets=frozenset(),
        permission="cases.register_case",
        denied=gettext_lazy("您没有开通绿色通道的权限"),
        verb=pgettext_lazy("case action", "开通绿色通道"),
        guard=_no_green_channel,
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
        guard=_may_request_extension,
    ),
    Transition(
        Step.APPROVE_EXTENSION,
        sources=HANDLING | {S.SUSPENDED},
        targets=frozenset(),
        permission="cases.approve_extension",
        denied=gettext_lazy("延期须经带班领导或中心主任批准"),
        verb=pgettext_lazy("case action", "批准延期"),
        notice=NoticeType.EXTENSION,
        guard=_may_approve_extension,
    ),
    Transition(
        Step.REFUSE_EXTENSION,
        sources=HANDLING | {S.SUSPENDED},
        targets=frozenset(),
        permission="cases.approve_extension",
        denied=gettext_lazy("延期须经带班领导或中心主任批准"),
        verb=pgettext_lazy("case action", "不批准延期"),
        guard=_extension_pending,
    ),
    # The leader's day (000 篇2 帶班領導): 批示 on the day's cases, 督办 of late ones and the handler's reply.
    Transition(
        Step.REPLY_URGE,
        sources=frozenset(CaseState.values),
        targets=frozenset(),
        permission="cases.handle_case",
        denied=gettext_lazy("您没有回复督办的权限"),
        verb=pgettext_lazy("case action", "回复督办"),
        guard=_may_reply_urge,
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
        guard=_not_reviewed,
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
        guard=_may_withdraw,
    ),
    Transition(
        Step.REVEAL_ID_NUMBER,
        sources=frozenset(CaseState.values),
        targets=frozenset(),
        permission="cases.reveal_id_number",
        denied=gettext_lazy("您无权查看完整证件号码"),
        verb=pgettext_lazy("case action", "查看完整证件号码"),
        guard=_has_id_number,
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
