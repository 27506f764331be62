"""The three-level network's pages (三级便民服务网络): the station's ledger, the town's and the county's inboxes.

代办点台账 (``/counter/station/``): what the station took, what it still has to forward to the town, and the
results back from the town that wait to be handed to the villager, each with the item's due date beside the
proxy leg's own (003 曾家镇全程代办制度 四). A town's staff read their stations' ledgers the same way.

代办件签收 / 上报件 (``/counter/network/``): a town's staff see the cases its stations forwarded and not yet
signed for, and its cases waiting at the county (the county's case read through the link, never opened); the
county's staff see the escalations not yet taken, and county roles each town's counts.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.cases.deadlines import WarningLevel
from bianmin.cases.models import Case, CaseState
from bianmin.counter import selectors
from bianmin.counter.display import CaseRow, Deadlines, case_row, green_label
from bianmin.orgs.models import Org, OrgKind
from bianmin.orgs.selectors import sees_many_centers

PAGE_SIZE = 50
VIEW_PERMISSION = "cases.view_case"


def _rows(cases: Any, deadlines: Deadlines) -> list[tuple[Case, CaseRow]]:
    return [(case, case_row(case, deadlines)) for case in cases]


def _returned(cases: Any, deadlines: Deadlines) -> list[tuple[Case, CaseRow, bool]]:
    """Results back with the agent, each marked late when it came back after the proxy leg's due date."""
    out = []
    for case in cases:
        back = case.returned_to_agent_at
        due = case.proxy_due_date
        late = back is not None and due is not None and timezone.localdate(back) > due
        out.append((case, case_row(case, deadlines), late))
    return out


def _station(stations: list[Org], code: str) -> Org | None:
    """The station asked for (by its code) among the user's, else the first; a code outside them is 404."""
    if not code:
        return stations[0] if stations else None
    for station in stations:
        if station.code == code:
            return station
    raise Http404(_("找不到该代办点"))


@login_required
def station(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    stations = selectors.stations_for(user)
    chosen = _station(stations, request.GET.get("station", ""))
    now = timezone.now()
    deadlines = Deadlines(timezone.localdate(now), now)
    context: dict[str, Any] = {"stations": stations, "station": chosen}
    if chosen is not None:
        page = Paginator(selectors.station_ledger(user, chosen), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            to_forward=_rows(selectors.station_waiting(user, chosen, CaseState.AT_STATION), deadlines),
            with_agent=_returned(selectors.station_waiting(user, chosen, CaseState.WITH_AGENT), deadlines),
            page=page,
            ledger=_rows(page.object_list, deadlines),
        )
    return render(request, "counter/station.html", context)


def _upstream(case: Case, deadlines: Deadlines) -> dict[str, Any]:
    """What the town may know of the county's case: its number, state, due date and warning level."""
    county = case.upstream_case
    if county is None:
        return {}
    level = deadlines.level(county)
    return {
        "number": county.number,
        "center": county.org.short_name or county.org.name,
        "state_label": county.get_state_display(),
        "due_date": county.due_date,
        "days_left": deadlines.left(county),
        "level": level,
        "level_label": WarningLevel(level).label,
    }


def _escalation(case: Case, deadlines: Deadlines) -> dict[str, Any]:
    """A county inbox row: the county's case and the town case(s) it came from (prefetched)."""
    towns = list(case.escalations.all())
    green = green_label(case) or next((green_label(t) for t in towns if t.green_channel), "")
    return {"case": case, "row": case_row(case, deadlines), "towns": towns, "green": green}


@login_required
def network(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    level = selectors.network_level(user)
    if level == OrgKind.VILLAGE:
        return redirect("counter-station")  # an agent's forwarded cases are in the station's ledger
    if level not in (OrgKind.TOWN, OrgKind.COUNTY):
        raise PermissionDenied
    now = timezone.now()
    today = timezone.localdate(now)
    deadlines = Deadlines(today, now)
    context: dict[str, Any] = {"county": level == OrgKind.COUNTY, "today": today}
    if level == OrgKind.COUNTY:
        many = sees_many_centers(user)
        context.update(
            inbox=[_escalation(c, deadlines) for c in selectors.escalations_to_accept(user)],
            many_centers=many,
            per_town=selectors.per_town_network_counts(user, today) if many else [],
        )
    else:
        context.update(
            forwarded=_rows(selectors.forwarded_to_sign(user), deadlines),
            escalated=[
                (case, case_row(case, deadlines), _upstream(case, deadlines))
                for case in selectors.waiting_at_county(user)
            ],
        )
    return render(request, "counter/network.html", context)
