"""The lifecycle's rules (办件流程的条件): who holds a case, and the pure guards ``(case, actor, today) →
refusal or None`` the transitions in ``lifecycle`` name. They read the case and its prefetched materials and
tasks; they never write and never raise."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from bianmin.cases.models import Case, CaseState, Channel, JointTask, TaskState
from bianmin.cases.steps import Step
from bianmin.catalog.models import CaseKind
from bianmin.duty.selectors import duty_leader_of
from bianmin.lib.errors import DomainError
from bianmin.lib.text import join_names
from bianmin.orgs.models import OrgKind
from bianmin.orgs.roles import Role, roles_of
from bianmin.orgs.selectors import held_window_ids, staff_of, station_of, visible_org_ids

S = CaseState
BEFORE_ACCEPTANCE = frozenset({S.SUBMITTED, S.SUPPLEMENTING})
HANDLING = frozenset({S.ACCEPTED, S.IN_PROGRESS})
# A proxy case in these states is in the village agent's hands; in every other state in its center's.
STATION_HELD = frozenset({S.AT_STATION, S.WITH_AGENT})
MAX_EXTENSION_DAYS = 10  # 行政许可法 Art. 42: one extension of at most 10 working days
LEADER_PERMISSION = "cases.lead_center"  # 带班领导/中心主任: may act in place of a handler or a window
# Procedure steps the engine itself records (register, accept, conclude); the rest a clerk records.
ENGINE_PROCEDURE_STEPS = frozenset({"申请", "受理", "申请受理", "办结"})


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


def needs_unreceived(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if all(m.received for m in case.materials.all()):
        return DomainError("already_received", _("所有材料均已收取"), kind="conflict")
    return None


def materials_complete(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    names = [m.name for m in case.materials.all() if m.mandatory and not m.received]
    if names:
        return DomainError(
            "materials_missing",
            _("必需材料不齐，不能受理：%(names)s。请出具一次性告知书。") % {"names": join_names(names)},
            kind="conflict",
            missing=names,
        )
    return None


def has_completable_task(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if not open_tasks(case):
        return DomainError("no_open_task", _("该办件没有待办的联办任务"), kind="conflict")
    if not completable_tasks(case, actor):
        return DomainError(
            "not_task_window", _("只有该窗口的工作人员或带班领导可以办理此任务"), kind="forbidden"
        )
    return None


def has_recordable_step(case: Case, actor: Any, today: dt.date) -> DomainError | None:
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


def may_request_extension(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if not handles(case, actor):
        return _not_handler(pgettext_lazy("case action", "申请延期"))
    if case.extension_requested_days:
        return DomainError("extension_pending", _("该办件已有待批准的延期申请"), kind="conflict")
    return _extension_allowed(case, today)


def extension_pending(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if not case.extension_requested_days:
        return DomainError("no_pending_extension", _("该办件没有待批准的延期申请"), kind="conflict")
    return None


def may_approve_extension(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    return extension_pending(case, actor, today) or _extension_allowed(case, today)


def may_reply_urge(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.urge_reply_by is None:
        return DomainError("no_open_urging", _("该办件没有待回复的督办"), kind="conflict")
    if not handles(case, actor):
        return _not_handler(pgettext_lazy("case action", "回复督办"))
    return None


def not_reviewed(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.reviewed_at is not None:
        return DomainError("already_reviewed", _("该办件已批示"), kind="conflict")
    return None


def duty_leader_today(actor: Any, org_id: int, today: dt.date) -> Any:
    """The roster's 带班领导 of the center on ``today``, kept on the actor for the request (a leader's page
    asks once per listed case)."""
    cache = getattr(actor, "_bianmin_duty_leaders", None)
    if cache is None:
        cache = {}
        actor._bianmin_duty_leaders = cache
    key = (org_id, today)
    if key not in cache:
        cache[key] = duty_leader_of(org_id, today)
    return cache[key]


def may_review(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    """批示 (000 篇2 每天至少1名领导带班): when the center's roster names a 带班领导 for the day, that leader
    (or the center director) gives it; without a roster for the day any duty leader may."""
    refusal = not_reviewed(case, actor, today)
    if refusal is not None or getattr(actor, "is_superuser", False):
        return refusal
    leader = duty_leader_today(actor, case.org_id, today)
    if leader is None:
        return None
    me = staff_of(actor)
    if me is not None and me.pk == leader.pk:
        return None
    if me is not None and me.org_id == case.org_id and Role.DIRECTOR in roles_of(actor):
        return None
    return DomainError(
        "not_duty_leader_of_day",
        _("今天的带班领导是%(name)s，只有带班领导或中心主任可以批示") % {"name": leader.name},
        kind="forbidden",
        leader=leader.name,
    )


def may_conclude(case: Case, actor: Any, today: dt.date) -> DomainError | None:
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


def not_proxied(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.forwarded_at is not None:
        return DomainError(
            "deliver_via_agent",
            _("代办件的办理结果须交回代办员，由代办员转交申请人"),
            kind="conflict",
        )
    return None


def may_dispatch_mail(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    """邮寄寄出: only when the applicant chose delivery by post, once, and not for a proxy case (its result
    goes back through the agent)."""
    if case.forwarded_at is not None:
        return not_proxied(case, actor, today)
    if not case.mail_address:
        return DomainError(
            "mail_not_chosen", _("申请人未选择邮寄送达（没有邮寄地址），不能寄出"), kind="conflict"
        )
    if case.mail_dispatched_at is not None:
        return DomainError(
            "mail_already_dispatched",
            _("办理结果已于 %(day)s 寄出（单号 %(number)s）")
            % {
                "day": f"{timezone.localdate(case.mail_dispatched_at):%Y-%m-%d}",
                "number": case.mail_tracking_number,
            },
            kind="conflict",
        )
    return None


def was_forwarded(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.forwarded_at is None:
        return DomainError(
            "not_forwarded", _("该办件不是代办点报送的代办件，请直接送达申请人"), kind="conflict"
        )
    return None


def may_escalate(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.org.kind != OrgKind.TOWN or case.org.parent_id is None:
        return DomainError("no_upper_center", _("只有乡镇便民服务中心可以上报县级"), kind="conflict")
    return None


def is_escalation(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.channel != Channel.ESCALATION:
        return DomainError("not_escalated", _("该办件不是乡镇上报件，不能退回乡镇"), kind="conflict")
    return None


def may_withdraw(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.state == S.ESCALATED:
        return DomainError(
            "withdraw_at_county",
            _("该办件已上报县级，撤回申请由县级中心登记"),
            kind="conflict",
        )
    return None


def no_green_channel(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if case.green_channel:
        return DomainError("green_channel_open", _("该办件已开通绿色通道"), kind="conflict")
    return None


def has_id_number(case: Case, actor: Any, today: dt.date) -> DomainError | None:
    if not (case.applicant_id_number or case.applicant_credit_code):
        return DomainError("no_id_number", _("该办件没有登记证件号码"), kind="conflict")
    return None
