"""Due dates and warning levels (限时办结, 电子监察), pure functions of the case's numbers and the calendar.

``today`` is always passed in; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bianmin.cases.models import Case, CaseState
from bianmin.catalog.models import CaseKind
from bianmin.workdays.calendar import DueDate, WorkCalendar
from bianmin.workdays.services import add_workdays, get_calendar


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
    due: dt.date | None, today: dt.date, calendar: WorkCalendar, *, running: bool = True
) -> str:
    """预警 when at most N working days are left, 黄牌 when overdue, 红牌 when overdue ≥ M working days.

    A case is overdue when it was not concluded by the end of its due date (民法典 Art. 203). The calendar
    is passed in so a list of cases looks it up once, not once per row.
    """
    if due is None or not running:
        return WarningLevel.NORMAL
    conf = settings.BIANMIN
    if today <= due:
        left = calendar.workdays_between(today, due)
        return WarningLevel.WARNING if left <= conf["WARNING_DAYS_LEFT"] else WarningLevel.NORMAL
    late = calendar.workdays_between(due, today)
    return WarningLevel.RED if late >= conf["RED_CARD_DAYS_OVERDUE"] else WarningLevel.YELLOW


def workdays_left(due: dt.date | None, today: dt.date, calendar: WorkCalendar) -> int | None:
    """Working days from today to the due date (negative when overdue)."""
    if due is None:
        return None
    return calendar.workdays_between(today, due)


class Deadlines:
    """Warning levels and working days left for the cases of one request, against one ``today``.

    The calendar is looked up once per center: ``get_calendar`` checks a stamp in the database, so doing
    it per row would make a list page N+1. Pages and the API share one per request.
    """

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._calendars: dict[int, WorkCalendar] = {}

    def calendar(self, case: Case) -> WorkCalendar:
        calendar = self._calendars.get(case.org_id)
        if calendar is None:
            calendar = self._calendars[case.org_id] = get_calendar(case.org.region_code)
        return calendar

    def level(self, case: Case) -> str:
        if case.due_date is None:
            return WarningLevel.NORMAL
        return warning_level(
            case.due_date, self.today, self.calendar(case), running=case.state in CaseState.running_states()
        )

    def left(self, case: Case) -> int | None:
        """Working days left while the clock runs; None when it does not (not accepted, stopped, done)."""
        if case.due_date is None or case.state not in CaseState.running_states():
            return None
        return workdays_left(case.due_date, self.today, self.calendar(case))
