"""GB/T 39046-2020 (政务服务平台基础数据规范) data items of cases, as JSON for the provincial platform.

One record per case (RULES.md "Data items"):

- ``case_number`` (办件编号, ≤ 50 characters) and ``case_type`` (办件类型): ``1`` 即办件, ``2`` 承诺件, ``9`` 其他.
  A joint case (联办件) promises a due date like any promised case, so it is ``2``; a proxy or escalated case
  (上报/代办件), decided elsewhere, is ``9``.
- ``steps`` (办理环节): every ledger step (``CaseEvent``) in order, with its name, action (``通过`` / ``退回`` /
  ``其他``), handler, opinion, start time (when the previous step ended) and end time, and status ``2`` (已办):
  a ledger holds only what was done. The reveal of a full ID number is a privacy log, not a handling step,
  and is left out.
- ``special_procedures`` (特别程序): type ``1`` 延长审批 (an extension, from request to decision) or ``2`` 其他
  (a suspension: hearing, survey, expert review, testing, supplement), with start, reason, end, result;
  end is empty while it runs.
- ``completion`` (办结): time, result, certificate name and number, validity (not recorded here: empty),
  mailed or not, fee (the item's fee, yuan, as a decimal string); ``null`` until concluded.

Timestamps are local time (Asia/Shanghai) written ``YYYYMMDDThhmmss``. No personal data of the applicant is
exported: the platform receives the applicant through its own intake.

A period's cases are those registered in it, at the centers of the org's statistics
(``selectors.scope_of``). ``records`` reads them a chunk at a time (two queries a chunk), so a county's year
streams without holding it in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.models import Case, CaseEvent, DeliveryMethod, Result, StepOutcome, SuspensionType
from bianmin.cases.steps import Step
from bianmin.catalog.models import CaseKind
from bianmin.lib.periods import Period
from bianmin.orgs.models import Org
from bianmin.reports.selectors import scope_of

CHUNK = 500
TIME_FORMAT = "%Y%m%dT%H%M%S"

CASE_TYPE: dict[str, str] = {
    CaseKind.INSTANT: "1",
    CaseKind.PROMISED: "2",
    CaseKind.JOINT: "2",
    CaseKind.PROXY: "9",
}
PASSED, RETURNED, OTHER = "通过", "退回", "其他"
DONE = "2"  # 步骤状态: 1 待办, 2 已办
EXTENSION, OTHER_PROCEDURE = "1", "2"  # 特别程序类型: 1 延长审批, 2 其他

_RETURNING = {Step.REJECT, Step.RETURN_ESCALATION, Step.UPSTREAM_RETURNED}
_OTHER = {Step.NOTIFY_MISSING, Step.REFUSE_EXTENSION, Step.WITHDRAW}
_OUTCOMES = {StepOutcome.PASSED: PASSED, StepOutcome.RETURNED: RETURNED, StepOutcome.OTHER: OTHER}
_LEFT_OUT = {Step.REVEAL_ID_NUMBER}


def timestamp(moment: dt.datetime | None) -> str:
    """``YYYYMMDDThhmmss`` in local time; empty for no time."""
    return timezone.localtime(moment).strftime(TIME_FORMAT) if moment is not None else ""


def step_action(event: CaseEvent) -> str:
    """通过/退回/其他 of one step: a recorded procedure step carries its own outcome; a refusal or a case
    sent back is 退回; a notice of missing materials, a refused extension, a withdrawal and a denial are 其他."""
    if event.type == Step.RECORD_STEP:
        return _OUTCOMES.get(event.data.get("outcome", StepOutcome.PASSED), OTHER)
    if event.type in _RETURNING:
        return RETURNED
    if event.type in _OTHER:
        return OTHER
    if event.type == Step.CONCLUDE and event.data.get("result") == Result.DENIED:
        return OTHER
    return PASSED


def _step_name(event: CaseEvent) -> str:
    label = str(Step(event.type).label) if event.type in Step.values else event.type
    if event.type == Step.RECORD_STEP and event.data.get("step"):
        return f"{label}：{event.data['step']}"
    return label


def _opinion(event: CaseEvent) -> str:
    data = event.data
    for key in ("note", "reason", "result_text", "opinion"):
        if data.get(key):
            return str(data[key])
    if event.type == Step.CONCLUDE and data.get("result") in Result.values:
        return str(Result(data["result"]).label)
    return ""


def steps(events: Iterable[CaseEvent]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    started: dt.datetime | None = None
    for event in events:
        if event.type in _LEFT_OUT:
            continue
        out.append(
            {
                "seq": len(out) + 1,
                "code": event.type,
                "name": _step_name(event),
                "action": step_action(event),
                "handler": event.actor_name,
                "opinion": _opinion(event),
                "start_time": timestamp(started or event.at),
                "end_time": timestamp(event.at),
                "status": DONE,
            }
        )
        started = event.at
    return out


def special_procedures(events: Iterable[CaseEvent]) -> list[dict[str, Any]]:
    """Suspensions (suspend … resume) and extensions (request … approve/refuse; the older one-step 延期)."""
    out: list[dict[str, Any]] = []
    suspension: dict[str, Any] | None = None
    extension: dict[str, Any] | None = None
    for event in events:
        data = event.data
        if event.type == Step.SUSPEND:
            kind = data.get("type", "")
            suspension = {
                "type": OTHER_PROCEDURE,
                "name": str(SuspensionType(kind).label) if kind in SuspensionType.values else kind,
                "start_time": timestamp(event.at),
                "reason": str(data.get("reason", "")),
                "end_time": "",
                "result": "",
            }
            out.append(suspension)
        elif event.type == Step.RESUME and suspension is not None:
            suspension["end_time"] = timestamp(event.at)
            suspension["result"] = _("恢复办理，用时 %(days)s 个工作日，办结日改为 %(due)s") % {
                "days": data.get("workdays", 0),
                "due": data.get("due_date", ""),
            }
            suspension = None
        elif event.type == Step.REQUEST_EXTENSION:
            extension = {
                "type": EXTENSION,
                "name": _("延长审批"),
                "start_time": timestamp(event.at),
                "reason": str(data.get("reason", "")),
                "end_time": "",
                "result": "",
            }
            out.append(extension)
        elif event.type in (Step.APPROVE_EXTENSION, Step.REFUSE_EXTENSION, Step.EXTEND):
            if extension is None:  # the older one-step 延期: requested and approved at once
                extension = {
                    "type": EXTENSION,
                    "name": _("延长审批"),
                    "start_time": timestamp(event.at),
                    "reason": str(data.get("reason", "")),
                    "end_time": "",
                    "result": "",
                }
                out.append(extension)
            extension["end_time"] = timestamp(event.at)
            if event.type == Step.REFUSE_EXTENSION:
                extension["result"] = _("不批准延期")
            else:
                extension["result"] = _("批准延期 %(days)s 个工作日，办结日改为 %(due)s") % {
                    "days": data.get("days", ""),
                    "due": data.get("due_date", ""),
                }
            extension = None
    return out


def completion(case: Case) -> dict[str, Any] | None:
    if case.concluded_at is None:
        return None
    return {
        "time": timestamp(case.concluded_at),
        "result": case.result,
        "result_label": str(Result(case.result).label) if case.result in Result.values else case.result,
        "certificate_name": case.certificate_name,
        "certificate_number": case.certificate_number,
        "validity": "",
        "mailed": "1" if case.delivery_method == DeliveryMethod.MAIL else "0",
        "fee": str(case.item_snapshot.get("fee") or "0"),
    }


def record(case: Case, events: Iterable[CaseEvent]) -> dict[str, Any]:
    """One case's data items; ``events`` are its ledger steps in order."""
    events = list(events)
    snapshot = case.item_snapshot or {}
    return {
        "case_number": case.number,
        "case_type": CASE_TYPE.get(case.kind, "9"),
        "item_code": str(snapshot.get("code", "")),
        "item_implementation_code": str(snapshot.get("implementation_code", "")),
        "item_name": str(snapshot.get("name", "")),
        "org_code": case.org.code,
        "org_name": case.org.name,
        "apply_time": timestamp(case.registered_at),
        "accept_time": timestamp(case.accepted_at),
        "promised_days": case.base_days,
        "due_date": case.due_date.strftime("%Y%m%d") if case.due_date else "",
        "state": case.state,
        "steps": steps(events),
        "special_procedures": special_procedures(events),
        "completion": completion(case),
    }


def period_cases(org: Org, period: Period) -> QuerySet[Case]:
    """The cases registered in ``period`` at the centers of ``org``'s statistics, in number order."""
    scope = scope_of(org)
    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(period.first, dt.time.min, tzinfo=tz)
    stop = dt.datetime.combine(period.last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    cases = Case.objects.filter(org_id__in=scope.centers, registered_at__gte=begin, registered_at__lt=stop)
    if scope.station is not None:
        cases = cases.filter(station_id=scope.station)
    return cases.order_by("number")


def with_ledger(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What ``record`` reads of each case: its center and its steps in order (one query each)."""
    events = CaseEvent.objects.order_by("seq").only("case_id", "seq", "type", "actor_name", "at", "data")
    return (
        cases.select_related("org")
        .prefetch_related(Prefetch("events", queryset=events))
        .defer(
            "applicant_id_number", "applicant_phone", "applicant_address", "agent_id_number", "agent_phone"
        )
    )


def records_of(cases: Iterable[Case]) -> list[dict[str, Any]]:
    return [record(c, c.events.all()) for c in cases]


def records(org: Org, period: Period, chunk: int = CHUNK) -> Iterator[dict[str, Any]]:
    """Every record of the period, ``chunk`` cases at a time (keyset on the number)."""
    cases = period_cases(org, period)
    after = ""
    while True:
        batch = list(with_ledger(cases.filter(number__gt=after))[:chunk])
        if not batch:
            return
        yield from records_of(batch)
        after = batch[-1].number
