"""赶场服务 pages: the market days of my center (county roles: the county's), upcoming and past, each with its
team, its staffing against the center's windows, its activity log and the cases registered on site."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bianmin.cases.deadlines import Deadlines
from bianmin.counter.display import case_rows
from bianmin.lib.errors import DomainError
from bianmin.lib.step_views import run_step
from bianmin.lib.text import join_names
from bianmin.orgs.selectors import sees_many_centers
from bianmin.outreach import actions, selectors
from bianmin.outreach.filters import MarketDayFilter
from bianmin.outreach.forms import CancelForm, EndForm, LogForm, NewMarketDayForm, PlanForm, ScheduleMonthForm
from bianmin.outreach.models import MarketDay, MarketDayState
from bianmin.workdays.services import get_calendar

VIEW = "outreach.view_marketday"
PAST_PAGE_SIZE = 30
CASES_SHOWN = 200


class RestDays:
    """Whether a market falls on a rest day (休息日) by its center's calendar, for staff then on duty outside
    their working days. The calendar is looked up once per region per request: ``get_calendar`` checks a
    stamp in the database, so asking it per row would make the list N+1."""

    def __init__(self) -> None:
        self._calendars: dict[str, Any] = {}

    def __call__(self, event: MarketDay) -> bool:
        region = event.org.region
        if region not in self._calendars:
            self._calendars[region] = get_calendar(region)
        try:
            return not self._calendars[region].is_workday(event.date)
        except DomainError:  # a year beyond every calendar: not known to be a rest day
            return False


def rows(events: Any, rest_day: RestDays) -> list[dict[str, Any]]:
    """What a list row shows: the event, its staffing and whether it falls on a rest day."""
    return [{"event": e, "staffing": selectors.staffing(e), "rest_day": rest_day(e)} for e in events]


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


@login_required
@permission_required(VIEW, raise_exception=True)
def market_day_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = MarketDayFilter(request.GET or None, queryset=selectors.market_days(request.user))
    if filters.is_bound and not filters.form.is_valid():
        wrong = join_names(filters.form.fields[name].label for name in filters.form.errors)
        messages.error(request, _("部分筛选条件无效，已忽略：%(fields)s") % {"fields": wrong})
    events: QuerySet[MarketDay] = filters.qs
    page = Paginator(selectors.past(events, today), PAST_PAGE_SIZE).get_page(request.GET.get("page"))
    rest_day = RestDays()
    center = selectors.own_center(request.user)
    can_plan = request.user.has_perm("outreach.schedule_marketday") and center is not None
    context = {
        "today": today,
        "upcoming": rows(selectors.upcoming(events, today), rest_day),
        "past": rows(page.object_list, rest_day),
        "page": page,
        "params": request.GET,
        "states": MarketDayState.choices,
        "many_centers": sees_many_centers(request.user),
        "centers": list(selectors.centers(request.user)) if sees_many_centers(request.user) else [],
        "center": center,
        "can_plan": can_plan,
        "months": [today, _next_month(today)],
        "market_days": join_names(sorted(center.market_days or [])) if center is not None else "",
    }
    return render(request, "outreach/market_day_list.html", context)


@login_required
@require_POST
def schedule_month(request: HttpRequest) -> HttpResponse:
    form = ScheduleMonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择月份"))
        return redirect("outreach-market-days")
    center = selectors.centers(request.user).filter(code=form.cleaned_data["center"]).first()
    if center is None:
        raise Http404
    year, month = form.cleaned_data["month"]
    try:
        created = actions.schedule_month(center, year, month, actor=request.user, now=timezone.now())
    except DomainError as err:
        messages.error(request, str(err.message))
        return redirect("outreach-market-days")
    if created:
        dates = join_names(f"{e.date:%m-%d}" for e in created)
        messages.success(
            request,
            _("已安排 %(n)d 个赶场日：%(dates)s。请指定带队领导和服务队。")
            % {"n": len(created), "dates": dates},
        )
    else:
        messages.info(request, _("该月的赶场日都已安排（或已过），没有新增"))
    return redirect("outreach-market-days")


@login_required
@permission_required("outreach.schedule_marketday", raise_exception=True)
def market_day_new(request: HttpRequest) -> HttpResponse:
    center = selectors.own_center(request.user)
    if center is None:
        messages.error(request, _("只有便民服务中心的工作人员可以安排赶场服务"))
        return redirect("outreach-market-days")
    initial = {"place": selectors.default_place(center)}
    form = NewMarketDayForm(request.POST or None, org=center, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.schedule_market_day(
                actor=request.user,
                org=center,
                date=form.cleaned_data["date"],
                now=timezone.now(),
                **form.arguments(),
            )
        except DomainError as err:
            messages.error(request, str(err.message))
        else:
            messages.success(request, _("已安排赶场服务"))
            return redirect("outreach-market-day", pk=event.pk)
    elif request.method == "POST":
        messages.error(request, _("请检查标出的栏目"))
    status = 400 if request.method == "POST" else 200
    return render(request, "outreach/market_day_new.html", {"form": form, "center": center}, status=status)


def _event_or_404(request: HttpRequest, pk: int) -> MarketDay:
    event = selectors.market_day_for(request.user, pk)
    if event is None:
        raise Http404(_("找不到该赶场活动"))
    return event


def render_event(
    request: HttpRequest, event: MarketDay, *, bound: Any = None, status: int = 200
) -> HttpResponse:
    """The event page; ``bound`` is a form sent back with its errors, in place of the empty one."""
    now = timezone.now()
    today = timezone.localdate(now)
    user = request.user
    forms: dict[str, Any] = {}
    if event.is_open and user.has_perm("outreach.schedule_marketday"):
        team = [m.pk for m in event.team.all()]
        forms["plan"] = PlanForm(
            org=event.org_id,
            initial={
                "place": event.place,
                "starts_at": event.starts_at,
                "leader": event.leader_id,
                "team": team,
                "notes": event.notes,
            },
        )
        forms["cancel"] = CancelForm()
    if event.is_open and event.date <= today and user.has_perm("outreach.record_marketday"):
        forms["log"] = LogForm(
            initial={
                "people_served": event.people_served,
                "consultations": event.consultations,
                "disputes_mediated": event.disputes_mediated,
                "follow_up_visits": event.follow_up_visits,
                "note": event.log_note,
            }
        )
        forms["end"] = EndForm()
    if bound is not None:
        forms[bound.step] = bound
    context = {
        "event": event,
        "staffing": selectors.staffing(event),
        "rest_day": RestDays()(event),
        "cases": case_rows(selectors.market_day_cases(user, event)[:CASES_SHOWN], Deadlines(today, now)),
        "forms": forms,
        "on_site": event.is_open and event.date == today and user.has_perm("cases.register_case"),
        "many_centers": sees_many_centers(user),
    }
    return render(request, "outreach/market_day.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def market_day_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render_event(request, _event_or_404(request, pk))


def _plan(event: MarketDay, form: Any, user: Any, now: dt.datetime) -> MarketDay:
    return actions.plan_market_day(event, actor=user, now=now, **form.arguments())


def _log(event: MarketDay, form: Any, user: Any, now: dt.datetime) -> MarketDay:
    d = form.cleaned_data
    return actions.record_log(
        event,
        actor=user,
        people_served=d["people_served"],
        consultations=d["consultations"],
        disputes_mediated=d["disputes_mediated"],
        follow_up_visits=d["follow_up_visits"],
        note=d["note"],
        now=now,
    )


def _end(event: MarketDay, form: Any, user: Any, now: dt.datetime) -> MarketDay:
    return actions.end_market_day(event, actor=user, ends_at=form.cleaned_data.get("ends_at"), now=now)


def _cancel(event: MarketDay, form: Any, user: Any, now: dt.datetime) -> MarketDay:
    return actions.cancel_market_day(event, actor=user, reason=form.cleaned_data["reason"], now=now)


# step: (form, action, message when done)
STEPS: dict[str, tuple[Any, Any, Any]] = {
    "plan": (PlanForm, _plan, gettext_lazy("已保存带队领导、服务队和安排")),
    "log": (LogForm, _log, gettext_lazy("已保存活动日志")),
    "end": (EndForm, _end, gettext_lazy("已散场，活动日志已结束")),
    "cancel": (CancelForm, _cancel, gettext_lazy("已取消该赶场活动")),
}


@login_required
@require_POST
def market_day_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    return run_step(
        request,
        pk,
        step,
        steps=STEPS,
        find=_event_or_404,
        page=render_event,
        org_form=PlanForm,
        url_name="outreach-market-day",
    )
