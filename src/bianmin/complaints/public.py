"""What a citizen without an account may send: an online complaint and an online opinion, to one center.

Every anonymous post takes a slot of a per-client limit before anything is checked (accepted or refused,
it counts: a form that may be posted without an account must not be a way to flood a center's list), the
same limit machinery as the public case lookup (``security.limits.FailureLimit``). Only the ``online``
channel is accepted: a letter, a call, a box slip and a complaint at the counter are recorded by the staff
who received them.

A case is named by its acceptance number and looked up in the chosen center only: a number of another
center answers exactly as an unknown one, so the form does not tell whether a case exists elsewhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from bianmin.cases.models import Case
from bianmin.complaints import actions
from bianmin.complaints.models import AuthorKind, Channel, Complaint, OpinionEntry, OpinionSource
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Org, OrgKind, Window
from bianmin.security.limits import FailureLimit

POST_LIMIT = FailureLimit(
    "public_complaint",
    settings.PUBLIC_COMPLAINT_LIMIT,
    settings.PUBLIC_COMPLAINT_WINDOW,
)


def center_for(code: Any) -> Org:
    text = str(code or "").strip()
    org = None
    if text and len(text) <= 12:
        org = Org.objects.filter(code=text, kind__in=[OrgKind.COUNTY, OrgKind.TOWN]).first()
    if org is None:
        raise DomainError("center_not_found", _("请选择便民服务中心"), kind="not_found")
    return org


def _center_of_case(number: Any) -> str:
    """A complaint about a case names its center by the case's acceptance number alone (``center`` may be left
    out); an unknown number is answered like one of another center."""
    org_code = (
        Case.objects.filter(number=str(number).strip()[:50]).values_list("org__code", flat=True).first()
    )
    if org_code is None:
        raise DomainError("case_not_found", _("本中心没有这个受理编号"))
    return org_code


def reserve_post(request: HttpRequest) -> None:
    """Take this client's slot for one anonymous post (call first, outside a transaction)."""
    if not POST_LIMIT.reserve(request):
        raise DomainError("too_many_posts", _("提交过于频繁，请稍后再试"), kind="throttled")


def case_of_center(org: Org, number: Any) -> Case | None:
    text = str(number or "").strip()
    if not text:
        return None
    case = Case.objects.filter(org=org, number=text[:50]).first()
    if case is None:
        # The same answer for an unknown number and one of another center.
        raise DomainError("case_not_found", _("本中心没有这个受理编号"))
    return case


def window_of_center(org: Org, code: Any) -> Window | None:
    text = str(code or "").strip()
    if not text:
        return None
    window = Window.objects.filter(org=org, code=text[:20]).first()
    if window is None:
        raise DomainError("window_not_found", _("本中心没有这个窗口"))
    return window


def submit_complaint(
    *,
    center: Any,
    channel: str,
    content: str,
    case: Any = None,
    window: Any = None,
    complainant_name: str = "",
    complainant_phone: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    if channel != Channel.ONLINE:
        raise DomainError("channel_not_allowed", _("网上只能提交网上投诉"))
    org = center_for(center if center or not case else _center_of_case(case))
    return actions.receive_complaint(
        actor=None,
        org=org,
        channel=channel,
        content=content,
        complainant_name=complainant_name,
        complainant_phone=complainant_phone,
        case=case_of_center(org, case),
        against_window=window_of_center(org, window),
        now=now,
    )


def submit_opinion(
    *,
    center: Any,
    content: str,
    author_name: str = "",
    author_phone: str = "",
    consent_to_publish: bool = False,
    now: dt.datetime | None = None,
) -> OpinionEntry:
    org = center_for(center)
    named = bool(str(author_name or "").strip())
    return actions.record_opinion(
        actor=None,
        org=org,
        source=OpinionSource.ONLINE,
        content=content,
        author_kind=AuthorKind.CITIZEN if named else AuthorKind.ANONYMOUS,
        author_name=author_name,
        author_phone=author_phone,
        consent_to_publish=consent_to_publish,
        now=now,
    )
