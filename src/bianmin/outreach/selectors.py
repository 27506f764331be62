"""Read queries of market days and home visits, shared by the pages and the API.

Scope is the org rule of ``orgs.selectors``: a center's staff see their own center's outings, county roles
the county's. Lists are annotated with what their rows show (team on post, open windows, matters
registered), so a list costs the same number of queries however many rows it has.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as SqlCase
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from bianmin.cases.models import Case
from bianmin.cases.selectors import list_cases
from bianmin.orgs.models import Org, OrgKind, Staff, Window
from bianmin.orgs.selectors import staff_of, visible_centers, visible_org_ids
from bianmin.outreach.models import HomeVisit, MarketDay, OutreachCase, VisitState

CENTER_KINDS = (OrgKind.TOWN, OrgKind.COUNTY)


def _count(queryset: QuerySet, group: str) -> Coalesce:
    """``COUNT(*)`` of ``queryset``'s rows per outer row, as a subquery (no join that could repeat rows)."""
    counted = queryset.order_by().values(group).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _scope(user: Any) -> Q:
    return Q(org_id__in=sorted(visible_org_ids(user)))


def own_center(user: Any) -> Org | None:
    """The center whose outings the user goes on: their own org, when it is a service center."""
    staff = staff_of(user)
    return staff.org if staff is not None and staff.org.kind in CENTER_KINDS else None


def centers(user: Any) -> QuerySet[Org]:
    """The centers the user may plan for (their own; the county's for county roles)."""
    return visible_centers(user)


def center_staff(org: Org | int) -> QuerySet[Staff]:
    """Who may be sent out for a center: its own staff."""
    return Staff.objects.filter(org=org).order_by("name", "pk")


# ---------------------------------------------------------------------------------------------- market days


@dataclass(frozen=True)
class Staffing:
    """逢场日应全部在岗 (001): the staff on post at the market against the center's open windows."""

    on_post: int
    windows: int

    @property
    def gap(self) -> int:
        return max(0, self.windows - self.on_post)


def staffing(event: MarketDay) -> Staffing:
    """The staffing of an event read through ``market_days`` (its annotations)."""
    return Staffing(on_post=getattr(event, "on_post", 0), windows=getattr(event, "open_windows", 0))


def market_days(user: Any) -> QuerySet[MarketDay]:
    """Market-day events in the user's scope with what a list row shows, in one query.

    On post are the team and the leader in charge (带队领导), counted once when the leader is in the team."""
    through: Any = MarketDay.team.through  # the stubs type the auto-created table as the model itself
    members = through.objects.filter(marketday_id=OuterRef("pk"))
    leader_also_member = Exists(members.filter(staff_id=OuterRef("leader_id")))
    return (
        MarketDay.objects.filter(_scope(user))
        .select_related("org", "leader")
        .annotate(
            team_size=_count(members, "marketday_id"),
            leader_extra=SqlCase(
                When(Q(leader__isnull=False) & ~leader_also_member, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            open_windows=_count(Window.objects.filter(org_id=OuterRef("org_id"), active=True), "org_id"),
            matters_registered=_count(
                OutreachCase.objects.filter(market_day_id=OuterRef("pk")), "market_day_id"
            ),
        )
        .annotate(on_post=Coalesce("team_size", 0) + Coalesce("leader_extra", 0))
    )


def upcoming(events: QuerySet[MarketDay], today: dt.date) -> QuerySet[MarketDay]:
    """Today's and later events, soonest first."""
    return events.filter(date__gte=today).order_by("date", "org__path", "place")


def past(events: QuerySet[MarketDay], today: dt.date) -> QuerySet[MarketDay]:
    """Events before today, latest first."""
    return events.filter(date__lt=today).order_by("-date", "org__path", "place")


def market_day_for(user: Any, pk: int) -> MarketDay | None:
    """One event in the user's scope, with its team, or None (out of scope is not found)."""
    return (
        market_days(user)
        .prefetch_related(Prefetch("team", queryset=Staff.objects.order_by("name", "pk")))
        .filter(pk=pk)
        .first()
    )


def default_place(org: Org) -> str:
    """Where a center's market-day service is usually held: the place of its latest event, else its name."""
    last = MarketDay.objects.filter(org=org).order_by("-date").values_list("place", flat=True).first()
    return last or org.short_name or org.name


def market_day_cases(user: Any, event: MarketDay) -> QuerySet[Case]:
    """The cases registered on site at ``event`` that the user may see, read as the case list reads them."""
    return list_cases(user).filter(outreach__market_day=event)


# ---------------------------------------------------------------------------------------------- home visits


def home_visits(user: Any) -> QuerySet[HomeVisit]:
    """Home visits in the user's scope with what a list row shows, in one query; open requests first."""
    open_first = SqlCase(
        When(state__in=(VisitState.REQUESTED, VisitState.ASSIGNED), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        HomeVisit.objects.filter(_scope(user))
        .select_related("org", "assigned_to")
        .annotate(
            matters_registered=_count(
                OutreachCase.objects.filter(home_visit_id=OuterRef("pk")), "home_visit_id"
            ),
            open_first=open_first,
        )
        .order_by("open_first", "wished_at", "-id")
    )


def home_visit_for(user: Any, pk: int) -> HomeVisit | None:
    return home_visits(user).select_related("requested_by", "assigned_by").filter(pk=pk).first()


def home_visit_cases(user: Any, visit: HomeVisit) -> QuerySet[Case]:
    return list_cases(user).filter(outreach__home_visit=visit)


def requested_count(user: Any) -> int:
    """Requests nobody has been sent to yet (待派员)."""
    return HomeVisit.objects.filter(_scope(user), state=VisitState.REQUESTED).count()
