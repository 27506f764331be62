"""Handling an accepted case: hand-over, joint tasks, special procedures, extension, conclusion (交办、承办、办结)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from bianmin.cases.actions._base import (
    MAX_EXTENSION_DAYS,
    clean_text,
    current_time,
    expect,
    local_date,
    lock_case,
    region_of,
    require,
    reschedule,
)
from bianmin.cases.events import actor_display, record_event
from bianmin.cases.models import (
    Case,
    CaseState,
    JointTask,
    NoticeType,
    Result,
    SuspensionType,
    TaskState,
)
from bianmin.cases.notices import issue_notice
from bianmin.catalog.models import CaseKind
from bianmin.lib.errors import DomainError
from bianmin.lib.text import join_names
from bianmin.orgs.selectors import staff_of
from bianmin.workdays.services import workdays_between

# ------------------------------------------------------------------------------------------- handling


@transaction.atomic
def assign(case: Case | str, *, actor: Any, handler: Any, now: dt.datetime | None = None) -> Case:
    """交办: hand the case to a handler of the same center."""
    now = current_time(now)
    require(actor, "cases.accept_case", _("您没有交办办件的权限"))
    case = lock_case(case, actor)
    expect(case, {CaseState.ACCEPTED, CaseState.IN_PROGRESS}, pgettext("case action", "交办"))
    handler_staff = staff_of(handler)
    if handler_staff is None or handler_staff.org_id != case.org_id or not handler.is_active:
        raise DomainError("invalid_handler", _("承办人须为本中心在岗工作人员"))
    if not handler.has_perm("cases.handle_case"):
        raise DomainError("invalid_handler", _("%(name)s 没有承办办件的权限") % {"name": handler_staff.name})
    from_state = case.state
    case.handler, case.state = handler, CaseState.IN_PROGRESS
    record_event(
        case,
        "assign",
        actor=actor,
        now=now,
        from_state=from_state,
        to_state=case.state,
        data={"handler": handler.get_username(), "handler_name": handler_staff.name},
    )
    case.save()
    return case


@transaction.atomic
def complete_task(
    case: Case | str, *, actor: Any, window_code: str, result: str, now: dt.datetime | None = None
) -> JointTask:
    """并联审批: one participating window finishes its part; staff of that window (or the leaders) only."""
    now = current_time(now)
    require(actor, "cases.handle_case", _("您没有办理联办任务的权限"))
    result = clean_text(result, "result_required", _("请填写办理意见"))
    case = lock_case(case, actor)
    expect(case, {CaseState.ACCEPTED, CaseState.IN_PROGRESS}, pgettext("case action", "办理联办任务"))
    task = case.tasks.filter(window_code=window_code).first()
    if task is None:
        raise DomainError(
            "task_not_found",
            _("该办件没有 %(window)s 窗口的联办任务") % {"window": window_code},
            kind="not_found",
        )
    if task.state == TaskState.DONE:
        raise DomainError("task_done", _("该窗口的联办任务已经完成"), kind="conflict")
    staff = staff_of(actor)
    holds_window = (
        staff is not None and task.window is not None and task.window.posts.filter(staff=staff).exists()
    )
    if not (holds_window or actor.has_perm("cases.approve_extension")):
        raise DomainError(
            "not_task_window", _("只有该窗口的工作人员或带班领导可以办理此任务"), kind="forbidden"
        )
    task.state, task.result, task.completed_by, task.completed_at = TaskState.DONE, result, actor, now
    task.save()
    record_event(
        case,
        "complete_task",
        actor=actor,
        now=now,
        from_state=case.state,
        to_state=case.state,
        data={"window": window_code, "result": result},
    )
    case.save(update_fields=["event_count", "last_hash"])
    return task


@transaction.atomic
def suspend(case: Case | str, *, actor: Any, type: str, reason: str, now: dt.datetime | None = None) -> Case:
    """特别程序: hearing, survey, expert review, testing or supplement; the clock stops (Art. 45)."""
    now = current_time(now)
    require(actor, "cases.handle_case", _("您没有启动特别程序的权限"))
    if type not in SuspensionType.values:
        raise DomainError(
            "invalid_suspension_type", _("特别程序类型应为听证、现场勘查、专家评审、检验检测或受理后补正")
        )
    reason = clean_text(reason, "reason_required", _("启动特别程序必须写明理由"))
    case = lock_case(case, actor)
    expect(case, CaseState.running_states(), pgettext("case action", "启动特别程序"))
    from_state = case.state
    today = local_date(now)
    case.state, case.suspended_on, case.suspension_type = CaseState.SUSPENDED, today, type
    label = str(SuspensionType(type).label)
    notice = issue_notice(
        case,
        NoticeType.SPECIAL_PROCEDURE,
        actor=actor,
        now=now,
        data={
            "type": type,
            "type_label": label,
            "reason": reason,
            "started_on": str(today),
            "resume_to": from_state,
        },
    )
    record_event(
        case,
        "suspend",
        actor=actor,
        now=now,
        from_state=from_state,
        to_state=case.state,
        data={"type": type, "reason": reason, "notice": notice.number},
    )
    case.save()
    return case


@transaction.atomic
def resume(case: Case | str, *, actor: Any, now: dt.datetime | None = None) -> Case:
    """End the special procedure: the due date moves by the working days spent suspended."""
    now = current_time(now)
    require(actor, "cases.handle_case", _("您没有结束特别程序的权限"))
    case = lock_case(case, actor)
    expect(case, {CaseState.SUSPENDED}, pgettext("case action", "结束特别程序"))
    today = local_date(now)
    assert case.suspended_on is not None
    spent = max(0, workdays_between(case.suspended_on, today, region_of(case)))
    old_due = case.due_date
    case.suspended_days += spent
    reschedule(case)
    case.state = CaseState.IN_PROGRESS if case.handler_id else CaseState.ACCEPTED
    record_event(
        case,
        "resume",
        actor=actor,
        now=now,
        from_state=CaseState.SUSPENDED,
        to_state=case.state,
        data={
            "type": case.suspension_type,
            "since": str(case.suspended_on),
            "workdays": spent,
            "old_due_date": str(old_due),
            "due_date": str(case.due_date),
        },
    )
    case.suspended_on, case.suspension_type = None, ""
    case.save()
    return case


@transaction.atomic
def extend(case: Case | str, *, actor: Any, days: int, reason: str, now: dt.datetime | None = None) -> Case:
    """延期办结: once, at most 10 working days, approved by a duty leader or director (Art. 42)."""
    now = current_time(now)
    require(actor, "cases.approve_extension", _("延期须经带班领导或中心主任批准"))
    try:
        days = int(days)
    except (TypeError, ValueError) as exc:
        raise DomainError("invalid_days", _("延期天数应为整数")) from exc
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise DomainError(
            "invalid_days",
            ngettext(
                "延期天数应为 1 到 %(max)d 个工作日", "延期天数应为 1 到 %(max)d 个工作日", MAX_EXTENSION_DAYS
            )
            % {"max": MAX_EXTENSION_DAYS},
        )
    reason = clean_text(reason, "reason_required", _("延期必须写明理由"))
    case = lock_case(case, actor)
    expect(
        case,
        {CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.SUSPENDED},
        pgettext("case action", "延期"),
    )
    if case.kind == CaseKind.INSTANT:
        raise DomainError("instant_no_extension", _("即办件应当场办结，不能延期"), kind="conflict")
    if case.extended_days:
        raise DomainError("already_extended", _("办件只能延期一次"), kind="conflict")
    old_due = case.due_date
    case.extended_days = days
    reschedule(case)
    notice = issue_notice(
        case,
        NoticeType.EXTENSION,
        actor=actor,
        now=now,
        data={
            "days": days,
            "reason": reason,
            "old_due_date": str(old_due),
            "due_date": str(case.due_date),
            "approved_by": actor_display(actor),
        },
    )
    record_event(
        case,
        "extend",
        actor=actor,
        now=now,
        from_state=case.state,
        to_state=case.state,
        data={
            "days": days,
            "reason": reason,
            "old_due_date": str(old_due),
            "due_date": str(case.due_date),
            "notice": notice.number,
        },
    )
    case.save()
    return case


@transaction.atomic
def conclude(
    case: Case | str,
    *,
    actor: Any,
    result: str,
    reason: str = "",
    certificate_name: str = "",
    certificate_number: str = "",
    now: dt.datetime | None = None,
) -> Case:
    """办结: granted, granted with conditions or denied (reason mandatory); an instant case may be
    concluded by the accepting clerk straight from accepted (即收即办)."""
    now = current_time(now)
    require(actor, "cases.handle_case", _("您没有办结办件的权限"))
    if result not in Result.values:
        raise DomainError("invalid_result", _("办理结果应为准予、附条件准予或不予批准"))
    reason = str(reason or "").strip()
    if result != Result.GRANTED and not reason:
        raise DomainError("reason_required", _("不予批准或附条件准予必须写明理由"))
    case = lock_case(case, actor)
    open_tasks = []
    if case.kind == CaseKind.JOINT:
        open_tasks = list(case.tasks.filter(state=TaskState.OPEN).values_list("window_code", flat=True))
    straight_from_accepted = case.kind == CaseKind.INSTANT or (case.kind == CaseKind.JOINT and not open_tasks)
    if not (case.state == CaseState.ACCEPTED and straight_from_accepted):
        expect(case, {CaseState.IN_PROGRESS}, pgettext("case action", "办结"))
    if case.handler_id not in (None, actor.pk) and not actor.has_perm("cases.approve_extension"):
        raise DomainError("not_handler", _("只有承办人或带班领导可以办结该办件"), kind="forbidden")
    if open_tasks:
        raise DomainError(
            "tasks_open",
            _("联办窗口尚未全部办结：%(windows)s") % {"windows": join_names(open_tasks)},
            kind="conflict",
            windows=open_tasks,
        )
    from_state = case.state
    case.state, case.result, case.result_reason, case.concluded_at = CaseState.CONCLUDED, result, reason, now
    case.certificate_name, case.certificate_number = (
        certificate_name.strip()[:100],
        certificate_number.strip()[:100],
    )
    if case.handler_id is None:
        case.handler = actor
    notice = issue_notice(
        case,
        NoticeType.CONCLUSION,
        actor=actor,
        now=now,
        data={
            "result": result,
            "result_label": str(Result(result).label),
            "reason": reason,
            "concluded_on": str(local_date(now)),
            "due_date": str(case.due_date or ""),
            "certificate_name": case.certificate_name,
            "certificate_number": case.certificate_number,
        },
    )
    late = case.due_date is not None and local_date(now) > case.due_date
    record_event(
        case,
        "conclude",
        actor=actor,
        now=now,
        from_state=from_state,
        to_state=case.state,
        data={
            "result": result,
            "reason": reason,
            "late": late,
            "notice": notice.number,
            "certificate": case.certificate_number,
        },
    )
    case.save()
    return case
