"""Due dates and warning levels (限时办结, 电子监察), pure functions of the case's numbers and the calendar.

``today`` (and ``now`` where the time of day matters) is always passed in; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import Case, CaseState, JointTask, TaskState
from bianmin.catalog.models import CaseKind
from bianmin.orgs.models import Org
from bianmin.workdays.calendar import DueDate, WorkCalendar
from bianmin.workdays.services import add_workdays, get_calendar

# The proxy leg's clock runs while the town holds the case (not at the county, not once the result is back).
PROXY_LEG_RUNNING = frozenset(
    {
        CaseState.FORWARDED,
        CaseState.SUBMITTED,
        CaseState.SUPPLEMENTING,
        CaseState.ACCEPTED,
        CaseState.IN_PROGRESS,
        CaseState.SUSPENDED,
        CaseState.CONCLUDED,
    }
)


def proxy_leg_running(case: Case) -> bool:
    """The proxy leg's clock runs from forwarding until the result is back with the agent, stopped while the
    county holds the case."""
    return (
        case.proxy_due_date is not None
        and case.returned_to_agent_at is None
        and case.state in PROXY_LEG_RUNNING
    )


class WarningLevel(models.TextChoices):
    NORMAL = "normal", _("正常")
    WARNING = "warning", _("预警")
    YELLOW = "yellow", _("黄牌")
    RED = "red", _("红牌")


def case_due(kind: str, accepted_on: dt.date, days: int, region: str) -> DueDate:
    """The last working day of the limit: the ``days``-th working day after acceptance; today for an
    instant case (即办件 are concluded on the spot)."""
    if kind == CaseKind.INSTANT:
        return DueDate(accepted_on, False)
    return add_workdays(accepted_on, days, region)


def warning_level(
    due: dt.date | None,
    today: dt.date,
    calendar: WorkCalendar,
    *,
    running: bool = True,
    same_day: bool = False,
    day_over: bool = False,
    thresholds: tuple[int, int] | None = None,
) -> str:
    """预警 when at most N working days are left, 黄牌 when overdue, 红牌 when overdue ≥ M working days.

    A case is overdue when it was not concluded by the end of its due date (民法典 Art. 203). The calendar
    is passed in so a list of cases looks it up once, not once per row.

    ``same_day``: an instant case (即办件), promised for the day it was accepted. On that day it is on time
    while the center is open — a warning the moment it is accepted would only be noise (DESIGN.md "Instant
    cases must be concluded the same day"; 003 曾家镇: 即办件…即收即办，当场办结) — and in warning once
    the day's business is over (``day_over``, after closing time) without a conclusion; from the next
    working day on it is late like any case.

    ``thresholds``: the county's (N, M) (``Org.supervision_thresholds``); the settings when not given.
    """
    if due is None or not running:
        return WarningLevel.NORMAL
    if thresholds is None:
        conf = settings.BIANMIN
        thresholds = (int(conf["WARNING_DAYS_LEFT"]), int(conf["RED_CARD_DAYS_OVERDUE"]))
    warn_days, red_days = thresholds
    if same_day and today == due:
        return WarningLevel.WARNING if day_over else WarningLevel.NORMAL
    if today <= due:
        left = calendar.workdays_between(today, due)
        return WarningLevel.WARNING if left <= warn_days else WarningLevel.NORMAL
    late = calendar.workdays_between(due, today)
    return WarningLevel.RED if late >= red_days else WarningLevel.YELLOW


def workdays_left(due: dt.date | None, today: dt.date, calendar: WorkCalendar) -> int | None:
    """Working days from today to the due date (negative when overdue)."""
    if due is None:
        return None
    return calendar.workdays_between(today, due)


def closing_time(org: Org, day: dt.date) -> dt.time | None:
    """When the center's business ends on ``day`` (its office hours for the season), or None when it has
    no office hours on record: then the day ends at 24:00 (民法典 Art. 203)."""
    hours = org.office_hours_on(day)
    return hours.afternoon_end if hours is not None else None


class Deadlines:
    """Warning levels and working days left for the cases of one request, against one ``today`` and, for
    instant cases due today, one ``now`` (is the center's day over?).

    The calendar is looked up once per center: ``get_calendar`` checks a stamp in the database, so doing
    it per row would make a list page N+1. Pages and the API share one per request. Office hours are read
    once per center too, and only when an instant case due today is shown. Without ``now`` the day is
    taken as not over yet.
    """

    def __init__(self, today: dt.date, now: dt.datetime | None = None) -> None:
        self.today = today
        self.now = now
        self._calendars: dict[int, WorkCalendar] = {}
        self._day_over: dict[int, bool] = {}

    def calendar(self, case: Case) -> WorkCalendar:
        calendar = self._calendars.get(case.org_id)
        if calendar is None:
            calendar = self._calendars[case.org_id] = get_calendar(case.org.region_code)
        return calendar

    def day_over(self, case: Case) -> bool:
        """Whether the case's center has closed for today (its office hours' end has passed at ``now``)."""
        if self.now is None:
            return False
        over = self._day_over.get(case.org_id)
        if over is None:
            closes = closing_time(case.org, self.today)
            local = timezone.localtime(self.now)
            over = local.date() > self.today or (
                local.date() == self.today and closes is not None and local.time() >= closes
            )
            self._day_over[case.org_id] = over
        return over

    def level(self, case: Case) -> str:
        if case.due_date is None:
            return WarningLevel.NORMAL
        same_day = case.kind == CaseKind.INSTANT
        return warning_level(
            case.due_date,
            self.today,
            self.calendar(case),
            running=case.state in CaseState.running_states(),
            same_day=same_day,
            day_over=same_day and case.due_date == self.today and self.day_over(case),
            thresholds=case.org.supervision_thresholds(),
        )

    def task_level(self, task: JointTask, case: Case) -> str:
        """A joint task's level against its own limit (并联审批: each task has its own time limit)."""
        return warning_level(
            task.due_date,
            self.today,
            self.calendar(case),
            running=task.state == TaskState.OPEN and case.state in CaseState.running_states(),
            thresholds=case.org.supervision_thresholds(),
        )

    def proxy_level(self, case: Case) -> str:
        """The proxy leg's level (全程代办: forwarding → result back with the agent, 003 曾家镇 四)."""
        if not proxy_leg_running(case):
            return WarningLevel.NORMAL
        return warning_level(
            case.proxy_due_date,
            self.today,
            self.calendar(case),
            thresholds=case.org.supervision_thresholds(),
        )

    def proxy_left(self, case: Case) -> int | None:
        if not proxy_leg_running(case):
            return None
        return workdays_left(case.proxy_due_date, self.today, self.calendar(case))

    def left(self, case: Case) -> int | None:
        """Working days left while the clock runs; None when it does not (not accepted, stopped, done)."""
        if case.due_date is None or case.state not in CaseState.running_states():
            return None
        return workdays_left(case.due_date, self.today, self.calendar(case))
