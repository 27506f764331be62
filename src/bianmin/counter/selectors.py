"""Read queries of the counter pages.

Built on ``bianmin.cases.selectors`` so the scoping rule (``case_scope``) lives in one place: every query
here starts from ``visible_cases``/``list_cases``, and an out-of-scope object is simply not found.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import (
    Count,
    Exists,
    F,
    OrderBy,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.lookups import Exact
from django.utils import timezone

from bianmin.cases.models import Attachment, Case, CaseEvent, CaseState, Channel, GreenChannel, Notice
from bianmin.cases.selectors import list_cases, running, visible_cases
from bianmin.catalog.models import ServiceItem
from bianmin.catalog.selectors import delegated_to_station, published_items
from bianmin.counter.display import window_label
from bianmin.orgs.models import Org, OrgKind, Window
from bianmin.orgs.selectors import (
    staff_of,
    station_ids_below,
    visible_centers,
    visible_org_ids,
    visible_windows,
    windows_held,
)
from bianmin.workdays.services import add_workdays

# A concluded case is no longer open, but it still waits for the counter: the result must be delivered.
PENDING = CaseState.open_states() | {CaseState.CONCLUDED}
HANDLER_STATES = (CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.SUSPENDED)
# The home page's lists show the most urgent few; each links to the full list (``home_lists``).
HOME_LIMIT = 20
GREEN_LIMIT = 20
# 网上预审: online applications the center has not accepted yet — new ones, and ones sent back for supplement.
ONLINE_REVIEW_STATES = (CaseState.SUBMITTED, CaseState.SUPPLEMENTING)


def center_of(user: Any) -> Org | None:
    """The center a staff user registers cases for: a village agent's station belongs to its town center."""
    staff = staff_of(user)
    if staff is None:
        return None
    if staff.org.kind == OrgKind.VILLAGE:
        return staff.org.parent
    return staff.org


def delegated_here(item: ServiceItem, station_id: int) -> bool:
    """Whether the agent's station accepts and concludes ``item`` itself (004 第三条(二))."""
    station = Org.objects.filter(pk=station_id).first()
    return station is not None and delegated_to_station(item, station)


def green_first() -> OrderBy:
    """绿色通道 first (000 篇8: 对群众急需办理的服务事项，开辟绿色通道): cases with a reason sort before the
    rest. Only for lists already narrowed to a user or a day; the whole list keeps its index order and shows
    the green-channel cases in a block of their own (``green_channel_cases``)."""
    return Exact(F("green_channel"), Value("")).asc()


def _by_due(cases: QuerySet[Case]) -> QuerySet[Case]:
    # Cases without a due date (not accepted yet) after the dated ones: the dated ones can go late.
    return cases.order_by(green_first(), F("due_date").asc(nulls_last=True), "registered_at")


def my_open_cases(user: Any) -> QuerySet[Case]:
    """Cases the user answers for (首问责任人 or 承办人) that are not finished yet, soonest due first."""
    return _by_due(list_cases(user).filter(Q(handler=user) | Q(first_contact=user), state__in=PENDING))[
        : HOME_LIMIT + 1
    ]


def waiting_for_handler(user: Any) -> QuerySet[Case]:
    """Cases assigned to the user as handler (承办人) whose work is not done."""
    return _by_due(list_cases(user).filter(handler=user, state__in=HANDLER_STATES))[: HOME_LIMIT + 1]


def my_windows(user: Any) -> list[Window]:
    staff = staff_of(user)
    if staff is None:
        return []
    return list(windows_held(staff).order_by("number"))


def registered_on(user: Any, day: dt.date, windows: list[Window]) -> QuerySet[Case]:
    """Cases registered on ``day`` at the given windows (the whole center when the user holds none)."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
    cases = list_cases(user).filter(registered_at__gte=start, registered_at__lt=start + dt.timedelta(days=1))
    if windows:
        cases = cases.filter(window__in=windows)
    return cases.order_by(green_first(), "-registered_at")[: HOME_LIMIT + 1]


def green_channel_cases(user: Any) -> QuerySet[Case]:
    """The open green-channel cases the user can see, soonest due first: the block above the case list.
    ``green_channel IN (reasons)`` reads the column's own index, so this stays small at a million cases."""
    pending = list_cases(user).filter(green_channel__in=GreenChannel.values, state__in=PENDING)
    return pending.order_by(F("due_date").asc(nulls_last=True), "registered_at")[:GREEN_LIMIT]


def center_counts(user: Any, today: dt.date) -> dict[str, int]:
    """Running, due-today and overdue counts of everything the user can see, in one query.

    Only columns of the (org, state, due date) index are named, so PostgreSQL counts from the index alone
    instead of reading every running case's row (COUNT(*), and due dates in place of ids)."""
    return running(visible_cases(user)).aggregate(
        running=Count("*"),
        due_today=Count("due_date", filter=Q(due_date=today)),
        overdue=Count("due_date", filter=Q(due_date__lt=today)),
    )


def per_center_counts(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """For county roles: running, due-today and overdue counts per center, every visible center listed
    (one with nothing running too), in two queries."""
    counts = {
        row["org_id"]: row
        for row in running(visible_cases(user))
        .values("org_id")
        .annotate(
            running=Count("*"),
            due_today=Count("due_date", filter=Q(due_date=today)),
            overdue=Count("due_date", filter=Q(due_date__lt=today)),
        )
        .order_by()
    }
    empty = {"running": 0, "due_today": 0, "overdue": 0}
    return [{"center": org, **empty, **counts.get(org.pk, {})} for org in visible_centers(user)]


def case_for_page(user: Any, number: str) -> Case | None:
    """One case with everything its page shows, in a fixed number of queries (one more on a county case
    opened by an escalation: the town case(s) it came from)."""
    case = (
        visible_cases(user)
        .select_related(
            "org",
            "window",
            "item_version",
            "handler__staff",
            "first_contact__staff",
            "registered_by__staff",
            "accepted_by__staff",
            # the network: the station, the villager's authorisation, the county's case deciding this one
            "station",
            "authorization",
            "upstream_case__org",
        )
        .prefetch_related(
            "materials",
            "tasks__window",
            "tasks__completed_by__staff",
            Prefetch(
                "notices", queryset=Notice.objects.order_by("issued_at", "id").defer("html", "data", "pdf")
            ),
            Prefetch("events", queryset=CaseEvent.objects.order_by("seq")),
            Prefetch("attachments", queryset=Attachment.objects.select_related("material")),
        )
        .filter(number=number)
        .first()
    )
    if case is not None and case.channel == Channel.ESCALATION:
        towns = Case.objects.select_related("org").order_by("id")
        prefetch_related_objects([case], Prefetch("escalations", queryset=towns))
    return case


def has_case(user: Any, number: str) -> bool:
    return visible_cases(user).filter(number=number).exists()


def assignable_handlers(case: Case) -> QuerySet[Any]:
    """Active staff of the case's center with the right to handle cases (what ``assign`` checks)."""
    perm = Q(codename="handle_case", content_type__app_label="cases")
    can_handle = (
        Q(is_superuser=True)
        | Q(groups__permissions__in=_permissions(perm))
        | Q(user_permissions__in=_permissions(perm))
    )
    users = get_user_model().objects.filter(can_handle, is_active=True, staff__org_id=case.org_id)
    return users.select_related("staff").distinct().order_by("staff__name")


def _permissions(q: Q) -> QuerySet[Permission]:
    return Permission.objects.filter(q)


def notice_for(user: Any, pk: int) -> Notice | None:
    return Notice.objects.filter(pk=pk, case__in=visible_cases(user)).select_related("case").first()


def attachment_for(user: Any, pk: int) -> Attachment | None:
    return Attachment.objects.filter(pk=pk, case__in=visible_cases(user)).first()


def intake_items(center: Org, q: str, limit: int = 30) -> list[ServiceItem]:
    """Items enabled at the center matching name, alias, code or pinyin initials (the catalog's search)."""
    return list(published_items(q=q, org_code=center.code)[:limit])


def intake_item(center: Org, code: str) -> ServiceItem | None:
    return published_items(org_code=center.code).filter(code=code).first()


def filter_windows(user: Any) -> list[tuple[str, str]]:
    """(code, name) of the windows the list page filters by; codes repeat across centers, so one each."""
    seen: dict[str, str] = {}
    for window in visible_windows(user).order_by("number"):
        seen.setdefault(window.code, window_label(window))
    return list(seen.items())


# ------------------------------------------------------------------------------------------ 网上预审


def online_applications(user: Any, state: str = "") -> QuerySet[Case]:
    """The user's centers' online applications waiting for review (网上预审), newest first, with the
    checklist and the uploads each row shows, in a fixed number of queries."""
    states = [state] if state in ONLINE_REVIEW_STATES else list(ONLINE_REVIEW_STATES)
    return (
        visible_cases(user)
        .filter(channel=Channel.ONLINE, state__in=states)
        .select_related("org", "item")
        .prefetch_related("materials", Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        .order_by("-registered_at", "-id")
    )


def online_review_counts(user: Any) -> dict[str, int]:
    """How many online applications wait for review (submitted) and for the applicant (supplementing), in
    one query; kept on the user object so the nav and the inbox page of one request count once."""
    cached = getattr(user, "_bianmin_online_counts", None)
    if cached is None:
        cached = (
            visible_cases(user)
            .filter(channel=Channel.ONLINE, state__in=ONLINE_REVIEW_STATES)
            .aggregate(
                submitted=Count("id", filter=Q(state=CaseState.SUBMITTED)),
                supplementing=Count("id", filter=Q(state=CaseState.SUPPLEMENTING)),
            )
        )
        user._bianmin_online_counts = cached
    return cached


# ------------------------------------------------------------------------------- returning applicants


def last_case_of_applicant(user: Any, id_number: str) -> Case | None:
    """The most recent case, among those the user can see, of the applicant with this ID number: a
    returning citizen's name, phone and address need not be typed again (一窗受理)."""
    if not id_number:
        return None
    return (
        visible_cases(user)
        .filter(applicant_id_number=id_number)
        .only(
            "applicant_kind",
            "applicant_name",
            "applicant_id_type",
            "applicant_id_number",
            "applicant_phone",
            "applicant_address",
            "registered_at",
            "item_snapshot",
        )
        .order_by("-registered_at", "-id")
        .first()
    )


# --------------------------------------------------------------------------- the three-level network

NETWORK_LIMIT = 100
# 上报件 the county has not taken yet (accepting it, or returning it to the town, settles the town's case).
BEFORE_ACCEPTANCE = (CaseState.SUBMITTED, CaseState.SUPPLEMENTING)
DUE_SOON_DAYS = 1  # the county's per-town column: due today or on the next working day


def network_level(user: Any) -> str | None:
    """Which of the network's pages is the user's: the station's ledger (an agent), the town's inbox of
    forwarded cases, or the county's inbox of escalations; None for a user without a center."""
    staff = staff_of(user)
    if staff is None:
        return OrgKind.COUNTY if getattr(user, "is_superuser", False) else None
    return str(staff.org.kind)


def stations_for(user: Any) -> list[Org]:
    """The village stations whose ledger the user may read: an agent's own, a town's stations, every station
    of a county role's county (the case scope's own orgs, so a town never lists another town's)."""
    ids = visible_org_ids(user) | station_ids_below(user)
    return list(Org.objects.filter(pk__in=sorted(ids), kind=OrgKind.VILLAGE).order_by("code"))


def station_ledger(user: Any, station: Org) -> QuerySet[Case]:
    """代办点台账: every case the station took, newest first (000 篇1 受理: 由代辦員負責受理、登記，做好管理
    台帳; 004 第七条: 做好代办事项台账登记), whichever center owns it now."""
    return list_cases(user).filter(station_id=station.pk)


def station_waiting(user: Any, station: Org, state: str) -> QuerySet[Case]:
    """The station's cases in ``state`` (待报送, or 已交回待转交), green channel first, longest waiting first."""
    since = "returned_to_agent_at" if state == CaseState.WITH_AGENT else "registered_at"
    cases = list_cases(user).filter(station_id=station.pk, state=state)
    return cases.order_by(green_first(), since, "id")[:NETWORK_LIMIT]


def forwarded_to_sign(user: Any) -> QuerySet[Case]:
    """代办件签收: proxy cases the town's stations forwarded and the town has not signed for yet."""
    cases = list_cases(user).filter(state=CaseState.FORWARDED, org_id__in=sorted(visible_org_ids(user)))
    return cases.select_related("station").order_by(green_first(), "forwarded_at", "id")[:NETWORK_LIMIT]


def waiting_at_county(user: Any) -> QuerySet[Case]:
    """The town's cases escalated to the county and not decided yet. The county's case is read through the
    link (number, state, due date) only: the town cannot open it."""
    cases = list_cases(user).filter(state=CaseState.ESCALATED, org_id__in=sorted(visible_org_ids(user)))
    cases = cases.select_related("upstream_case__org")
    return cases.order_by(green_first(), "escalated_at", "id")[:NETWORK_LIMIT]


def escalations_to_accept(user: Any) -> QuerySet[Case]:
    """上报件: the county's cases opened by a town's escalation and not accepted (or returned) yet, with the
    town case each came from. Green first: the county case's own flag, or the town case's."""
    towns = Case.objects.select_related("org").order_by("id")
    town_green = Exists(Case.objects.filter(upstream_case=OuterRef("pk")).exclude(green_channel=""))
    cases = list_cases(user).filter(channel=Channel.ESCALATION, state__in=BEFORE_ACCEPTANCE)
    cases = cases.prefetch_related(Prefetch("escalations", queryset=towns))
    return cases.order_by(green_first(), town_green.desc(), "registered_at", "id")[:NETWORK_LIMIT]


def per_town_network_counts(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """For county roles: per town (its stations' own cases with it) the open cases, those due within one
    working day, the overdue ones and those escalated and waiting at the county — one aggregate over the
    (org, state, due date) index, and the towns with their stations."""
    staff = staff_of(user)
    horizon = add_workdays(today, DUE_SOON_DAYS, staff.org.region_code if staff else None).date
    running_now = Q(state__in=CaseState.running_states())
    counts = (
        visible_cases(user)
        .filter(state__in=CaseState.open_states())
        .values("org_id")
        .annotate(
            open=Count("*"),
            due_soon=Count("due_date", filter=running_now & Q(due_date__gte=today, due_date__lte=horizon)),
            overdue=Count("due_date", filter=running_now & Q(due_date__lt=today)),
            escalated=Count("state", filter=Q(state=CaseState.ESCALATED)),
        )
        .order_by()
    )
    orgs = Org.objects.filter(pk__in=sorted(visible_org_ids(user)), kind__in=(OrgKind.TOWN, OrgKind.VILLAGE))
    orgs = orgs.order_by("path")
    keys = ("open", "due_soon", "overdue", "escalated")
    towns: dict[int, dict[str, Any]] = {}
    town_of: dict[int, int] = {}
    for org in orgs:
        if org.kind == OrgKind.TOWN:
            towns[org.pk] = {"town": org, **dict.fromkeys(keys, 0)}
            town_of[org.pk] = org.pk
        elif org.parent_id is not None:
            town_of[org.pk] = org.parent_id
    for row in counts:
        town = towns.get(town_of.get(row["org_id"], 0))
        if town is not None:
            for key in keys:
                town[key] += row[key]
    return list(towns.values())
