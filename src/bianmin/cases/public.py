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
from django.utils.translation import gettext_lazy

from bianmin.cases.models import Case
from bianmin.lib.errors import DomainError
from bianmin.lib.identity import mask_id, mask_name
from bianmin.lib.throttle import FailureLimit

LOOKUP_LIMIT = FailureLimit("progress", settings.PROGRESS_LOOKUP_LIMIT, settings.PROGRESS_LOOKUP_WINDOW)


def find_for_citizen(request: HttpRequest, number: str, code: str) -> Case:
    """The case for number + code; once a client has failed too often, even the right pair is refused
    until the window passes."""
    if LOOKUP_LIMIT.blocked(request):
        raise DomainError("too_many_attempts", _("查询码错误次数过多，请稍后再试"), kind="throttled")
    case = Case.objects.select_related("org").filter(number=number[:50]).first()
    if case is None or not code or case.query_code != code:
        LOOKUP_LIMIT.fail(request)
        raise DomainError("case_not_found", _("受理编号或查询码不正确"), kind="not_found")
    return case


PUBLIC_STEPS = {
    "register": gettext_lazy("登记"),
    "notify_missing": gettext_lazy("一次性告知"),
    "supplement": gettext_lazy("补正材料"),
    "accept": gettext_lazy("受理"),
    "reject": gettext_lazy("不予受理"),
    "assign": gettext_lazy("交办承办"),
    "complete_task": gettext_lazy("联办窗口办结"),
    "suspend": gettext_lazy("特别程序"),
    "resume": gettext_lazy("恢复办理"),
    "extend": gettext_lazy("延期"),
    "conclude": gettext_lazy("办结"),
    "deliver": gettext_lazy("送达"),
    "archive": gettext_lazy("归档"),
    "withdraw": gettext_lazy("撤回"),
}


def public_progress(case: Case) -> dict[str, Any]:
    """What a citizen sees with number + query code: no staff personal data, applicant masked."""
    steps = [
        {
            "step": e.type,
            "label": str(PUBLIC_STEPS[e.type]),
            "at": timezone.localtime(e.at).isoformat(timespec="minutes"),
        }
        for e in case.events.order_by("seq")
        if e.type in PUBLIC_STEPS
    ]
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
