"""报表报送 pages: the reports due (a director's own; the county's and a town's overview of who has and
hasn't submitted), a report with its generated table and narrative (draft, submit), a submission (frozen),
and its correction."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bianmin.lib.errors import DomainError
from bianmin.lib.periods import Period, parse_period
from bianmin.orgs.models import Org
from bianmin.orgs.selectors import staff_of
from bianmin.submissions import actions, display, figures, selectors
from bianmin.submissions.forms import NarrativeForm
from bianmin.submissions.models import ReportKind, Submission, SubmissionState
from bianmin.submissions.schedule import period_for


def _require(request: HttpRequest, perm: str = "submissions.view_submission") -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _month(request: HttpRequest, today: dt.date) -> Period:
    try:
        period = parse_period(request.GET.get("month") or f"{today:%Y-%m}")
        if period.kind == "month":
            return period
    except DomainError:
        pass
    return parse_period(f"{today:%Y-%m}")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The reports due in a month: the user's own to fill in, and (county, town) everyone's below, by
    report, with who has submitted (on time or late), who hasn't, and the overdue in red."""
    _require(request)
    user = request.user
    today = timezone.localdate()
    month = _month(request, today)
    own = selectors.own_reporting_orgs(user) if user.has_perm("submissions.submit_report") else []
    mine = selectors.due_reports(own, month.first, month.last, today=today)
    groups: dict[tuple[str, str], list[selectors.DueReport]] = {}
    if user.has_perm("submissions.view_all_submissions"):
        others = [o for o in selectors.overview_orgs(user) if o not in own]
        for row in selectors.due_reports(others, month.first, month.last, today=today):
            groups.setdefault((row.kind, row.period.key), []).append(row)
    overview = [
        {
            "label": rows[0].kind_label,
            "period": display.period_words(kind, rows[0].period),
            "due_date": rows[0].due_date,
            "provisional": rows[0].provisional,
            "rows": rows,
            "missing": sum(1 for r in rows if not r.submitted),
        }
        for (kind, _key), rows in groups.items()
    ]
    return render(
        request,
        "submissions/index.html",
        {
            "month": month,
            "today": today,
            "mine": mine,
            "overview": overview,
            "previous": f"{month.first - dt.timedelta(days=1):%Y-%m}",
            "next": f"{month.last + dt.timedelta(days=1):%Y-%m}",
        },
    )


def _org_in_scope(request: HttpRequest, code: str) -> Org:
    org = Org.objects.select_related("parent").filter(code=code).first()
    if org is None or not (request.user.is_superuser or org.pk in selectors.scope_org_ids(request.user)):
        raise Http404
    return org


def _can_fill(request: HttpRequest, org: Org) -> bool:
    staff = staff_of(request.user)
    return request.user.has_perm("submissions.submit_report") and staff is not None and staff.org_id == org.pk


@login_required
def report_page(request: HttpRequest, org_code: str, kind: str, period: str) -> HttpResponse:
    """One report due: the table the ledger gives for its period, the narrative (a draft until submitted),
    and every version submitted so far. POST saves the draft; with ``submit`` it is submitted at once."""
    _require(request)
    org = _org_in_scope(request, org_code)
    spec = selectors.spec_for(org, kind) if kind in ReportKind.values else None
    if spec is None:
        raise Http404
    try:
        due = selectors.due_for(org, spec, period)
    except DomainError as e:
        raise Http404 from e
    now = timezone.now()
    today = timezone.localdate(now)
    can_fill = _can_fill(request, org)
    draft = Submission.objects.filter(
        org=org, kind=kind, period_key=due.period.key, state=SubmissionState.DRAFT
    ).first()
    if request.method == "POST":
        if not can_fill:
            raise PermissionDenied
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                draft = actions.save_draft(
                    actor=request.user,
                    org=org,
                    kind=kind,
                    period_key=due.period.key,
                    now=now,
                    **form.cleaned_data,
                )
                if "submit" in request.POST:
                    done = actions.submit(actor=request.user, submission_id=draft.pk, now=now)
                    messages.success(request, _submitted_message(done))
                    return redirect("submissions-detail", done.pk)
                messages.success(request, _("草稿已保存"))
                return redirect(request.path)
            except DomainError as e:
                messages.error(request, e.message)
    else:
        initial = {}
        if draft is not None:
            initial = {"work": draft.work, "good_practice": draft.good_practice, "problems": draft.problems}
        form = NarrativeForm(initial=initial)
    table = figures.live_table(org, due.period, today=today) if today >= due.period.first else None
    return render(
        request,
        "submissions/report.html",
        {
            "org": org,
            "kind": kind,
            "kind_label": ReportKind(kind).label,
            "title": display.title_of(org.name, kind, due.period),
            "period": due.period,
            "due": due,
            "today": today,
            "sheet": display.sheet(table, figures.breakdown_for(org)) if table is not None else None,
            "form": form,
            "draft": draft,
            "can_fill": can_fill and today >= due.period.first,
            "can_submit": today >= due.period.last,
            "history": list(selectors.submission_history(org.pk, kind, due.period.key)),
        },
    )


def _submitted_message(s: Submission) -> str:
    if s.on_time:
        return _("已报送，编号 %(number)s（按时）") % {"number": s.number}
    return _("已报送，编号 %(number)s（逾期报送）") % {"number": s.number}


def visible_submission(request: HttpRequest, pk: int) -> Submission:
    _require(request)
    found = selectors.visible_submissions(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = visible_submission(request, pk)
    if s.state == SubmissionState.DRAFT:
        return redirect("submissions-report", s.org.code, s.kind, s.period_key)
    period = period_for(s.kind, s.period_key)
    table = figures.thawed(s.table, period)
    return render(
        request,
        "submissions/detail.html",
        {
            "s": s,
            "title": display.title_of(s.org.name, s.kind, period),
            "period": period,
            "sheet": display.sheet(table, s.by),
            "can_correct": _can_fill(request, s.org) and not s.is_superseded,
            "history": list(selectors.submission_history(s.org_id, s.kind, s.period_key)),
        },
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    s = visible_submission(request, pk)
    try:
        done = actions.submit(actor=request.user, submission_id=s.pk, now=timezone.now())
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("submissions-report", s.org.code, s.kind, s.period_key)
    messages.success(request, _submitted_message(done))
    return redirect("submissions-detail", done.pk)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    s = visible_submission(request, pk)
    try:
        actions.start_correction(actor=request.user, submission_id=s.pk, now=timezone.now())
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("submissions-detail", s.pk)
    messages.info(request, _("已建立更正草稿：修改后报送，原报送将标为已更正"))
    return redirect("submissions-report", s.org.code, s.kind, s.period_key)
