"""Reads of complaints and opinion entries shared by the pages, the API and other apps (supervision,
assessment). Dates are passed in (``today``); nothing here reads the clock. A complaint's warning level is
derived from its due date, so the board is right without any job having run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.complaints.models import OPEN_STATES, Complaint, OpinionEntry, OpinionState
from bianmin.lib.identity import mask_name, mask_phone
from bianmin.orgs.models import Org
from bianmin.workdays.services import add_workdays

# Warning levels of an unanswered complaint (六: 当日或三天内给予答复).
OVERDUE = "overdue"  # past its due date
DUE_TODAY = "due_today"
DUE_TOMORROW = "due_tomorrow"  # due on the next working day
ON_TIME = "on_time"


def upheld_complaints_by_staff(org_ids: Iterable[int], year: int) -> dict[int, int]:
    """User id → complaints against that staff member upheld (投诉成立), by the year they were received.

    003 曾家镇 责任追究: 工作作风和服务态度差,多次(3次及以上)受到投诉的 is the severe level; a complaint
    counts for the year the conduct was complained of (its receipt), whenever the supervisor decided it."""
    rows = (
        Complaint.objects.filter(
            org_id__in=list(org_ids),
            upheld=True,
            against_staff__isnull=False,
            received_on__year=year,
        )
        .values("against_staff__user_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["against_staff__user_id"]: row["n"] for row in rows}


def can_see_complainant(user: Any) -> bool:
    """三、对投诉人及投诉事项予以保密: the complainant's name and phone are the supervisor's to see."""
    return bool(user is not None and user.has_perm("complaints.see_complainant"))


def complainant_of(complaint: Complaint, user: Any) -> tuple[str, str]:
    """(name, phone) as ``user`` may see them: in full for supervisors, masked by the one policy for
    everyone else."""
    if can_see_complainant(user):
        return complaint.complainant_name, complaint.complainant_phone
    return mask_name(complaint.complainant_name), mask_phone(complaint.complainant_phone)


def next_workday(org: Org | None, today: dt.date) -> dt.date:
    return add_workdays(today, 1, org.region_code if org is not None else None).date


def warning_level(complaint: Complaint, today: dt.date, tomorrow: dt.date | None = None) -> str | None:
    """None once answered; else overdue, due today, due on the next working day, or on time."""
    if complaint.state not in OPEN_STATES:
        return None
    if complaint.due_date < today:
        return OVERDUE
    if complaint.due_date == today:
        return DUE_TODAY
    if complaint.due_date <= (tomorrow or next_workday(complaint.org, today)):
        return DUE_TOMORROW
    return ON_TIME


def complaints_for(user: Any) -> QuerySet[Complaint]:
    from bianmin.orgs.selectors import visible_org_ids

    return Complaint.objects.filter(org_id__in=visible_org_ids(user))


def with_relations(qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return qs.select_related("org", "against_staff", "against_window", "case")


def open_complaints(org_ids: Iterable[int]) -> QuerySet[Complaint]:
    return Complaint.objects.filter(org_id__in=list(org_ids), state__in=OPEN_STATES)


def overdue_complaints(org_ids: Iterable[int], today: dt.date) -> QuerySet[Complaint]:
    """Unanswered complaints past their due date, the longest overdue first."""
    return with_relations(open_complaints(org_ids).filter(due_date__lt=today)).order_by("due_date", "id")


def complaint_board_counts(
    org_ids: Iterable[int], today: dt.date, region: str | None = None
) -> dict[str, int]:
    """Counts for the supervision board, in one aggregate: unanswered, overdue, due today, due on the next
    working day (预警), major ones waiting, and those answered but not yet decided.

    ``region`` is the calendar for "the next working day" (a center's county); the national one when None.
    """
    tomorrow = add_workdays(today, 1, region).date
    open_q = Q(state__in=OPEN_STATES)
    counts = Complaint.objects.filter(org_id__in=list(org_ids)).aggregate(
        open=Count("id", filter=open_q),
        overdue=Count("id", filter=open_q & Q(due_date__lt=today)),
        due_today=Count("id", filter=open_q & Q(due_date=today)),
        due_tomorrow=Count("id", filter=open_q & Q(due_date__gt=today, due_date__lte=tomorrow)),
        major=Count("id", filter=open_q & Q(major=True)),
        undecided=Count("id", filter=Q(state="replied")),
    )
    counts["warning"] = counts["due_today"] + counts["due_tomorrow"]
    return counts


# ---------------------------------------------------------------------------------------------- opinions


def opinions_for(user: Any) -> QuerySet[OpinionEntry]:
    from bianmin.orgs.selectors import visible_org_ids

    return OpinionEntry.objects.filter(org_id__in=visible_org_ids(user))


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def adopted_suggestions(org_ids: Iterable[int], period: tuple[dt.date, dt.date]) -> QuerySet[OpinionEntry]:
    """Suggestions adopted (采纳) from ``period[0]`` to ``period[1]`` (both included), with their authors:
    ``author_kind`` staff carries ``author_staff`` (its ``user_id`` for the assessment), a citizen their
    name; anonymous ones are adopted but credited to nobody."""
    start, end = _day_bounds(*period)
    return (
        OpinionEntry.objects.filter(
            org_id__in=list(org_ids), adopted=True, adopted_at__gte=start, adopted_at__lt=end
        )
        .select_related("author_staff", "org")
        .order_by("adopted_at", "id")
    )


def published_answers(org: Org) -> QuerySet[OpinionEntry]:
    """The answers shown on the hall's page: answered, published, the author having agreed."""
    return OpinionEntry.objects.filter(
        org=org, state=OpinionState.ANSWERED, published=True, consent_to_publish=True
    ).order_by("-answered_at", "-id")


def public_author(entry: OpinionEntry) -> str:
    """The author as the hall's page names them: masked, or 匿名."""
    return mask_name(entry.author_name) if entry.author_name else _("匿名")
