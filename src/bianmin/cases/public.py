"""What a citizen without an account sees of a case: found by acceptance number + query code, masked.

A wrong code and an unknown number fail alike (same message, same status) and both count against the
client, so neither the API nor the pages tell whether a number exists, and codes cannot be guessed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.models import Case
from bianmin.cases.steps import Step
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_id, mask_name
from bianmin.security.limits import FailureLimit

LOOKUP_LIMIT = FailureLimit("progress", settings.PROGRESS_LOOKUP_LIMIT, settings.PROGRESS_LOOKUP_WINDOW)


def find_for_citizen(request: HttpRequest, number: str, code: str) -> Case:
    """The case for number + code; once a client has failed too often, even the right pair is refused
    until the window passes."""
    if not LOOKUP_LIMIT.reserve(request):
        raise DomainError("too_many_attempts", _("查询码错误次数过多，请稍后再试"), kind="throttled")
    case = Case.objects.select_related("org").filter(number=number[:50]).first()
    if case is None or not code or case.query_code != code:
        raise DomainError("case_not_found", _("受理编号或查询码不正确"), kind="not_found")
    LOOKUP_LIMIT.release(request)
    return case


def public_step_label(event: Any) -> str | None:
    """The citizen's wording of a ledger step (``Step.public_label``), None for staff-only steps; a
    procedure step names itself (办理环节：入户调查)."""
    if event.type not in Step.values:
        return None
    label = Step(event.type).public_label
    if label is None:
        return None
    if event.type == Step.RECORD_STEP and event.data.get("step"):
        return _("%(label)s：%(step)s") % {"label": label, "step": event.data["step"]}
    return str(label)


def public_progress(case: Case) -> dict[str, Any]:
    """What a citizen sees with number + query code: no staff personal data, applicant masked."""
    steps = []
    for e in case.events.order_by("seq"):
        label = public_step_label(e)
        if label is not None:
            steps.append(
                {"step": e.type, "label": label, "at": timezone.localtime(e.at).isoformat(timespec="minutes")}
            )
    due: dt.date | None = case.due_date
    return {
        "number": case.number,
        "item": case.item_name,
        "center": case.org.name,
        "state": case.state,
        "state_label": case.get_state_display(),
        "applicant": mask_name(case.applicant_name),
        "id_number": mask_id(case.applicant_id_number or case.applicant_credit_code),
        "registered_at": timezone.localtime(case.registered_at).isoformat(timespec="minutes"),
        "due_date": due.isoformat() if due else None,
        "due_provisional": case.due_provisional,
        "result": case.result or None,
        "steps": steps,
    }
