"""带班领导: the duty leader's day (000 篇2 帶班領導 — 批示 on the day's cases, 督办 until they are done).

One page: today's registered cases with a 批示 form each and 全部已阅 for the rest, the late cases (预警、黄牌、
红牌, from ``cases.deadlines``) with an urge form, the extension requests waiting for a decision, and the
urgings sent with their replies. Every form is the lifecycle table's own form (``ACTION_FORMS``) and calls
the step's action; after it the page comes back here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from bianmin.cases import actions, lifecycle
from bianmin.cases.deadlines import WarningLevel
from bianmin.cases.guards import duty_leader_today
from bianmin.cases.models import Case
from bianmin.cases.selectors import unreviewed_count, visible_cases
from bianmin.cases.selectors_supervision import (
    late_candidates,
    pending_extensions,
    registered_today,
    review_events,
    urgings_of,
)
from bianmin.cases.steps import Step
from bianmin.counter.display import CaseRow, Deadlines, case_row, user_name
from bianmin.counter.forms import ACTION_FORMS, CaseActionForm
from bianmin.lib.errors import DomainError
from bianmin.orgs.selectors import staff_of

LEADER_STEPS = (Step.REVIEW, Step.URGE)
PERMISSIONS = ("cases.review_case", "cases.urge_case")
TODAY_LIMIT = 200


def may_see(user: Any) -> bool:
    return any(user.has_perm(p) for p in PERMISSIONS)


@dataclass
class TodayLine:
    row: CaseRow
    review: Any  # the 批示 event, None while unreviewed
    form: CaseActionForm | None


@dataclass
class LateLine:
    row: CaseRow
    urged_until: Any
    form: CaseActionForm | None

    @property
    def overdue_days(self) -> int:
        left = self.row.days_left
        return -left if left is not None and left < 0 else 0


def _form(
    step: Step,
    case: Case,
    user: Any,
    today: Any,
    bound: CaseActionForm | None,
    initial: dict[str, Any] | None = None,
) -> CaseActionForm | None:
    """The step's form when its guard lets the user take it now (the bound one when it was just refused)."""
    if lifecycle.TRANSITION[step].refusal(case, user, today) is not None:
        return None
    if bound is not None and bound.step == step and bound.case.pk == case.pk:
        return bound
    return ACTION_FORMS[step](case=case, user=user, prefix=f"{step.value}-{case.pk}", initial=initial)


def render_leader(
    request: HttpRequest, *, bound: CaseActionForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    if not may_see(user):
        raise PermissionDenied(_("只有带班领导、中心主任或监察人员可以查看"))
    now = timezone.now()
    today = timezone.localdate(now)
    deadlines = Deadlines(today, now)
    cases = list(registered_today(user, today)[:TODAY_LIMIT])
    reviews = review_events(cases)
    today_lines = [
        TodayLine(case_row(c, deadlines), reviews.get(c.pk), _form(Step.REVIEW, c, user, today, bound))
        for c in cases
    ]
    late_lines = []
    for case in late_candidates(user, today):
        row = case_row(case, deadlines)
        if row.level != WarningLevel.NORMAL:
            # the reply is due the next working day unless the leader says otherwise
            next_day = {"reply_by": deadlines.calendar(case).add_workdays(today, 1).date}
            form = _form(Step.URGE, case, user, today, bound, next_day)
            late_lines.append(LateLine(row, case.urge_reply_by, form))
    me = staff_of(user)
    context = {
        "today": today,
        # 000 篇2: the roster's 带班领导 of the day is the one who gives 批示 (None: no roster for today)
        "duty_leader": duty_leader_today(user, me.org_id, today) if me is not None else None,
        "has_center": me is not None,
        "today_lines": today_lines,
        "unreviewed_today": [line.row.number for line in today_lines if line.review is None and line.form],
        "earlier_unreviewed": unreviewed_count(user, today),
        "late_lines": late_lines,
        "pending": [(c, user_name(c.handler)) for c in pending_extensions(user)[:50]],
        "urgings": urgings_of(user, today),
        "user_name": user_name,
        "can_review": user.has_perm("cases.review_case"),
    }
    return render(request, "counter/leader.html", context, status=status)


@login_required
def leader_day(request: HttpRequest) -> HttpResponse:
    return render_leader(request)


@login_required
@require_POST
def leader_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """批示 or 督办 of one case from the leader's page, through the step's own form and action."""
    step = Step(action) if action in Step.values else None
    if step not in LEADER_STEPS or not may_see(request.user):
        raise Http404(_("未知的操作"))
    case = visible_cases(request.user).select_related("org").filter(number=number).first()
    if case is None:
        raise Http404(_("找不到该办件"))
    assert step is not None
    form = ACTION_FORMS[step](request.POST, case=case, user=request.user, prefix=f"{step.value}-{case.pk}")
    if not form.is_valid():
        messages.error(request, _("“%(action)s”未完成：请检查填写的内容") % {"action": form.title})
        return render_leader(request, bound=form, status=400)
    try:
        form.call(request.user, timezone.now())
    except DomainError as err:
        messages.error(request, str(err.message))
        return render_leader(request, bound=form, status=err.status)
    messages.success(request, f"{number} {form.done}")
    return redirect(reverse("counter-leader") + f"#{step.value}-{number}")


@login_required
@require_POST
def review_all(request: HttpRequest) -> HttpResponse:
    """全部已阅: "已阅" on the day's cases the page listed without a 批示, in one transaction."""
    numbers = [n for n in request.POST.getlist("number") if n][:TODAY_LIMIT]
    if not numbers:
        messages.info(request, _("今日登记的办件均已批示"))
        return redirect("counter-leader")
    try:
        done = actions.review_all(actor=request.user, numbers=numbers, now=timezone.now())
    except DomainError as err:
        messages.error(request, str(err.message))
        return render_leader(request, status=err.status)
    messages.success(
        request, ngettext("已批示“已阅” %(n)d 件", "已批示“已阅” %(n)d 件", len(done)) % {"n": len(done)}
    )
    return redirect("counter-leader")
