"""Handling an accepted case: hand-over, joint tasks, procedure steps, special procedures, conclusion
(交办、承办、办理环节、特别程序、办结). Extensions are in ``supervision``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from bianmin.cases.actions._base import (
    Effect,
    Outcome,
    User,
    action,
    clean_text,
    local_date,
    perform,
    region_of,
    reschedule,
)
from bianmin.cases.guards import completable_tasks, recordable_steps, recorded_steps
from bianmin.cases.mailing import clean_mail
from bianmin.cases.models import Case, CaseState, Result, StepOutcome, SuspensionType, TaskState
from bianmin.cases.steps import Step
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_address
from bianmin.orgs.selectors import staff_of
from bianmin.workdays.services import workdays_between


@action(Step.ASSIGN)
def assign(case: Case | str, *, actor: User, handler: User, now: dt.datetime | None = None) -> Outcome:
    """交办: hand the case to a handler of the same center."""

    def change(case: Case, now: dt.datetime) -> Effect:
        handler_staff = staff_of(handler)
        if handler_staff is None or handler_staff.org_id != case.org_id or not handler.is_active:
            raise DomainError("invalid_handler", _("承办人须为本中心在岗工作人员"))
        if not handler.has_perm("cases.handle_case"):
            raise DomainError(
                "invalid_handler", _("%(name)s 没有承办办件的权限") % {"name": handler_staff.name}
            )
        case.handler = handler
        return Effect(event={"handler": handler.get_username(), "handler_name": handler_staff.name})

    return perform(Step.ASSIGN, case, actor=actor, now=now, change=change)


@action(Step.COMPLETE_TASK)
def complete_task(
    case: Case | str, *, actor: User, window_code: str, result: str, now: dt.datetime | None = None
) -> Outcome:
    """并联审批: one participating window finishes its part; staff of that window (or the leaders) only.
    The outcome's ``value`` is the finished task."""
    result = clean_text(result, "result_required", _("请填写办理意见"))

    def change(case: Case, now: dt.datetime) -> Effect:
        task = next((t for t in case.tasks.all() if t.window_code == window_code), None)
        if task is None:
            raise DomainError(
                "task_not_found",
                _("该办件没有 %(window)s 窗口的联办任务") % {"window": window_code},
                kind="not_found",
            )
        if task.state == TaskState.DONE:
            raise DomainError("task_done", _("该窗口的联办任务已经完成"), kind="conflict")
        if task.pk not in {t.pk for t in completable_tasks(case, actor)}:
            raise DomainError(
                "not_task_window", _("只有该窗口的工作人员或带班领导可以办理此任务"), kind="forbidden"
            )
        task.state, task.result, task.completed_by, task.completed_at = TaskState.DONE, result, actor, now
        task.save(update_fields=["state", "result", "completed_by", "completed_at"])
        return Effect(event={"window": window_code, "result": result}, value=task)

    return perform(Step.COMPLETE_TASK, case, actor=actor, now=now, change=change)


@action(Step.RECORD_STEP)
def record_step(
    case: Case | str,
    *,
    actor: User,
    step: str,
    outcome: str = StepOutcome.PASSED,
    note: str = "",
    now: dt.datetime | None = None,
) -> Outcome:
    """办理环节: one step of the item's procedure done (低保: 入户调查, 民主评议, 公示 …), with who, when,
    its outcome (GB/T 39046: 通过/退回/其他) and a note. Mandatory steps block conclusion until recorded."""
    step = str(step or "").strip()
    if outcome not in StepOutcome.values:
        raise DomainError("invalid_outcome", _("环节结果应为通过、退回或其他"))
    note = str(note or "").strip()
    if len(note) > 1000:
        raise DomainError("note_too_long", _("说明不超过 1000 字"))

    def change(case: Case, now: dt.datetime) -> Effect:
        if step not in recordable_steps(case):
            raise DomainError(
                "unknown_procedure_step",
                _("“%(step)s”不是该事项办理程序中的环节") % {"step": step},
            )
        if step in recorded_steps(case):
            raise DomainError(
                "step_already_recorded", _("环节“%(step)s”已经登记过") % {"step": step}, kind="conflict"
            )
        return Effect(event={"step": step, "outcome": outcome, "note": note})

    return perform(Step.RECORD_STEP, case, actor=actor, now=now, change=change)


@action(Step.SUSPEND)
def suspend(
    case: Case | str, *, actor: User, type: str, reason: str, now: dt.datetime | None = None
) -> Outcome:
    """特别程序: hearing, survey, expert review, testing or supplement; the clock stops (Art. 45)."""
    if type not in SuspensionType.values:
        raise DomainError(
            "invalid_suspension_type", _("特别程序类型应为听证、现场勘查、专家评审、检验检测或受理后补正")
        )
    reason = clean_text(reason, "reason_required", _("启动特别程序必须写明理由"))

    def change(case: Case, now: dt.datetime) -> Effect:
        today = local_date(now)
        resume_to = case.state
        case.suspended_on, case.suspension_type = today, type
        notice = {
            "type": type,
            "type_label": str(SuspensionType(type).label),
            "reason": reason,
            "started_on": str(today),
            "resume_to": resume_to,
        }
        return Effect(event={"type": type, "reason": reason}, notice=notice)

    return perform(Step.SUSPEND, case, actor=actor, now=now, change=change)


@action(Step.RESUME)
def resume(case: Case | str, *, actor: User, now: dt.datetime | None = None) -> Outcome:
    """End the special procedure: the due date moves by the working days spent suspended."""

    def change(case: Case, now: dt.datetime) -> Effect:
        assert case.suspended_on is not None
        since, kind = case.suspended_on, case.suspension_type
        spent = max(0, workdays_between(since, local_date(now), region_of(case)))
        old_due = case.due_date
        case.suspended_days += spent
        reschedule(case)
        case.state = CaseState.IN_PROGRESS if case.handler_id else CaseState.ACCEPTED
        case.suspended_on, case.suspension_type = None, ""
        event = {
            "type": kind,
            "since": str(since),
            "workdays": spent,
            "old_due_date": str(old_due),
            "due_date": str(case.due_date),
        }
        return Effect(event=event)

    return perform(Step.RESUME, case, actor=actor, now=now, change=change)


@action(Step.CONCLUDE)
def conclude(
    case: Case | str,
    *,
    actor: User,
    result: str,
    reason: str = "",
    certificate_name: str = "",
    certificate_number: str = "",
    mail: Mapping[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """办结: granted, granted with conditions or denied (reason mandatory); an instant case may be
    concluded by the accepting clerk straight from accepted (即收即办). With ``mail`` (address, recipient,
    phone) the applicant chooses, or changes, delivery by post (邮寄送达)."""
    if result not in Result.values:
        raise DomainError("invalid_result", _("办理结果应为准予、附条件准予或不予批准"))
    reason = str(reason or "").strip()
    if result != Result.GRANTED and not reason:
        raise DomainError("reason_required", _("不予批准或附条件准予必须写明理由"))
    mail_fields = clean_mail(mail)

    def change(case: Case, now: dt.datetime) -> Effect:
        case.result, case.result_reason, case.concluded_at = result, reason, now
        for name, value in mail_fields.items():
            setattr(case, name, value)
        case.certificate_name = str(certificate_name or "").strip()[:100]
        case.certificate_number = str(certificate_number or "").strip()[:100]
        if case.handler_id is None:
            case.handler = actor
        late = case.due_date is not None and local_date(now) > case.due_date
        notice = {
            "result": result,
            "result_label": str(Result(result).label),
            "reason": reason,
            "concluded_on": str(local_date(now)),
            "due_date": str(case.due_date or ""),
            "certificate_name": case.certificate_name,
            "certificate_number": case.certificate_number,
        }
        event = {"result": result, "reason": reason, "late": late, "certificate": case.certificate_number}
        if mail_fields:
            event["mail_to"] = mask_address(case.mail_address)
        return Effect(event=event, notice=notice)

    return perform(Step.CONCLUDE, case, actor=actor, now=now, change=change)
