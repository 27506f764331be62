"""Read queries of the counter pages.

Built on ``bianmin.cases.selectors`` so the scoping rule (``case_scope``) lives in one place: every query
here starts from ``visible_cases``/``list_cases``, and an out-of-scope object is simply not found.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, F, OrderBy, Prefetch, Q, QuerySet, Value
from django.db.models.lookups import Exact
from django.utils import timezone

from bianmin.cases.models import Attachment, Case, CaseEvent, CaseState, Channel, GreenChannel, Notice
from bianmin.cases.selectors import list_cases, running, visible_cases
from bianmin.catalog.models import ServiceItem
from bianmin.catalog.selectors import delegated_to_station, published_items
from bianmin.counter.display import window_label
from bianmin.orgs.models import Org, OrgKind, Window
from bianmin.orgs.selectors import staff_of, visible_centers, visible_windows, windows_held

# A concluded case is no longer open, but it still waits for the counter: the result must be delivered.
PENDING = CaseState.open_states() | {CaseState.CONCLUDED}
HANDLER_STATES = (CaseState.ACCEPTED, CaseState.IN_PROGRESS, CaseState.SUSPENDED)
HOME_LIMIT = 100
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
        :HOME_LIMIT
    ]


def waiting_for_handler(user: Any) -> QuerySet[Case]:
    """Cases assigned to the user as handler (承办人) whose work is not done."""
    return _by_due(list_cases(user).filter(handler=user, state__in=HANDLER_STATES))[:HOME_LIMIT]


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
    return cases.order_by(green_first(), "-registered_at")[:HOME_LIMIT]


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
    """One case with everything its page shows, in a fixed number of queries."""
    return (
        visible_cases(user)
        .select_related(
            "org",
            "window",
            "item_version",
            "handler__staff",
            "first_contact__staff",
            "registered_by__staff",
            "accepted_by__staff",
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
