"""The counter pages' queries at a county's scale: 1,000,000 cases by default.

The data is a ledger of about five years (``HISTORY_WORKDAYS`` working days back from today, from the real
calendar): nine windows and eight clerks at the bench center, one case in ten at a neighbouring center, and
states that follow a case's age — today's registrations still waiting, the last ten working days running,
a tail of late ones (warnings due within one working day, yellow and red cards), then concluded, delivered
and, for anything older than two months, archived; refusals and withdrawals all along. Due dates are the
10th working day after registration (the item's promised time).

Every figure is taken through the code the pages run — ``bianmin.counter.selectors`` and, for the list
page, ``list_cases`` filtered by the list's ``CaseFilter`` and paginated 50 per page with its COUNT — and is
reported beside a baseline measured in the same run: the same question asked in hand-written SQL.
``explain()`` writes ``EXPLAIN (ANALYZE, BUFFERS)`` of every statement the pages send.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import bench_supervision
import equal_work

HISTORY_WORKDAYS = 1220  # about five years
PROMISED_DAYS = 10
OTHER_CENTER_EVERY = 10  # one case in ten belongs to the neighbouring center
PAGE_SIZE = 50
TARGET_MS = 100


def _state_sql() -> str:
    """A case's state from its age ``a`` (working days since registration) and a pseudo-random ``h`` ∈ [0, 1000)."""
    return """CASE
        WHEN h < 15 THEN 'rejected'
        WHEN h < 20 THEN 'withdrawn'
        WHEN a = 0 THEN CASE WHEN h < 600 THEN 'submitted' WHEN h < 700 THEN 'supplementing' ELSE 'accepted' END
        WHEN a <= 10 THEN CASE WHEN h < 40 THEN 'supplementing' WHEN h < 60 THEN 'suspended'
                               WHEN h < 120 THEN 'concluded' WHEN h < 400 THEN 'accepted' ELSE 'in_progress' END
        WHEN a <= 13 THEN CASE WHEN h < 150 THEN 'in_progress' WHEN h < 600 THEN 'concluded' ELSE 'delivered' END
        WHEN a <= 40 THEN CASE WHEN h < 25 THEN 'in_progress' WHEN h < 60 THEN 'concluded'
                               WHEN h < 400 THEN 'delivered' ELSE 'archived' END
        ELSE CASE WHEN h < 23 THEN 'delivered' ELSE 'archived' END
    END"""


def _pick(expr: str, ids: list[int]) -> str:
    """SQL choosing ``ids[expr % len(ids)]`` (``%%`` is the modulo operator in a statement with parameters)."""
    whens = " ".join(f"WHEN {i} THEN {pk}" for i, pk in enumerate(ids))
    return f"CASE ({expr}) %% {len(ids)} {whens} END"


def build(w: Any, count: int, today: dt.date) -> dict[str, Any]:
    """``count`` cases in one INSERT … SELECT, then VACUUM ANALYZE as a routinely vacuumed database has."""
    from django.db import connection, transaction

    from bianmin.cases.models import Case
    from bianmin.workdays.services import get_calendar

    postgres = connection.vendor == "postgresql"
    calendar = get_calendar(w.town.region_code)
    # Working days from HISTORY_WORKDAYS back to PROMISED_DAYS ahead; index 0 is the last one on or before today.
    past, day = [], today
    while len(past) <= HISTORY_WORKDAYS:
        if calendar.is_workday(day):
            past.append(day)
        day -= dt.timedelta(days=1)
    future = []
    day = today
    while len(future) < PROMISED_DAYS + 1:
        day += dt.timedelta(days=1)
        if calendar.is_workday(day):
            future.append(day)
    days = [(-i, d) for i, d in enumerate(past)] + [(i + 1, d) for i, d in enumerate(future)]

    table = equal_work._Table(Case, postgres)
    staff = [u.pk for u in w.staff_users]
    windows = [x.pk for x in w.windows]
    other_window = w.other_user.staff.posts.first().window_id
    town, other = w.town.pk, w.other_town.pk
    accepted = "('accepted', 'in_progress', 'suspended', 'concluded', 'delivered', 'archived')"
    handled = "('in_progress', 'suspended', 'concluded', 'delivered', 'archived')"
    if postgres:
        series = "SELECT n FROM generate_series(0, %s) AS n"
        registered = "((rday + make_interval(mins => 30 + (n %% 480))) AT TIME ZONE 'UTC')"
        accepted_at = f"({registered} + interval '1 hour')"
    else:
        series = (
            "WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < %s) SELECT n FROM s"
        )
        registered = "datetime(rday, '+' || (30 + (n %% 480)) || ' minutes')"
        accepted_at = f"datetime({registered}, '+1 hour')"
    mine = f"(n %% {OTHER_CENTER_EVERY} <> {OTHER_CENTER_EVERY - 1})"
    expressions = {
        "org_id": f"CASE WHEN {mine} THEN {town} ELSE {other} END",
        "number": f"CASE WHEN {mine} THEN '{w.town.code}' ELSE '{w.other_town.code}' END || 'B' || n",
        "query_code": "'000000'",
        "item_id": str(w.item.pk),
        "item_version_id": str(w.item.current_id),
        "kind": "'promised'",
        "state": "state",
        "applicant_kind": "'person'",
        "applicant_name": "'张三'",
        "applicant_id_type": "'resident_id'",
        "applicant_id_number": "'11010519491231002X'",
        "first_contact_id": f"CASE WHEN {mine} THEN {_pick('n', staff)} ELSE {w.other_user.pk} END",
        "registered_by_id": f"CASE WHEN {mine} THEN {_pick('n', staff)} ELSE {w.other_user.pk} END",
        "accepted_by_id": f"CASE WHEN state IN {accepted} THEN "
        f"CASE WHEN {mine} THEN {_pick('n', staff)} ELSE {w.other_user.pk} END END",
        "window_id": f"CASE WHEN {mine} THEN {_pick('n * 13', windows)} ELSE {other_window} END",
        "handler_id": f"CASE WHEN state IN {handled} THEN "
        f"CASE WHEN {mine} THEN {_pick('n / 7', staff)} ELSE {w.other_user.pk} END END",
        "registered_at": registered,
        "accepted_at": f"CASE WHEN state IN {accepted} THEN {accepted_at} END",
        "accepted_on": f"CASE WHEN state IN {accepted} THEN rday END",
        "base_days": str(PROMISED_DAYS),
        "due_date": f"CASE WHEN state IN {accepted} THEN dday END",
        "event_count": "1",
    }
    columns, values, params = [], [], []
    for column in table.columns:
        columns.append(f'"{column}"')
        if column in expressions:
            values.append(expressions[column])
        elif column == "item_snapshot":
            values.append("%s::jsonb" if postgres else "%s")
            params.append(json.dumps(w.snapshot))
        else:
            values.append("%s")
            params.append(table.defaults[column])
    inner = (
        f"SELECT n, r.day AS rday, d.day AS dday, {_state_sql()} AS state FROM ("
        f"SELECT n, n %% {HISTORY_WORKDAYS} AS a, ((n %% 1000) * 7919) %% 1000 AS h FROM ({series}) AS s) AS g"
        f" JOIN bench_day r ON r.i = -g.a JOIN bench_day d ON d.i = {PROMISED_DAYS} - g.a"
    )
    sql = f'INSERT INTO "{Case._meta.db_table}" ({", ".join(columns)}) SELECT {", ".join(values)} FROM ({inner}) AS x'
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_day")
        c.execute("CREATE TABLE bench_day (i integer PRIMARY KEY, day date NOT NULL)")
        c.executemany("INSERT INTO bench_day (i, day) VALUES (%s, %s)", days)
        rebuild = []
        if postgres:
            c.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if c.fetchone()[0]:
                # As a restore does: the rows point at the world's orgs, users, windows and item by
                # construction, so the foreign-key triggers are skipped, and each index is built once after
                # the load instead of taking a million inserts (a superuser's setting; else a plain INSERT).
                c.execute("SET LOCAL session_replication_role = replica")
                c.execute("SET LOCAL maintenance_work_mem = '256MB'")
                c.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN"
                    " (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                    [Case._meta.db_table, Case._meta.db_table],
                )
                rebuild = c.fetchall()
                for name, _definition in rebuild:
                    c.execute(f'DROP INDEX "{name}"')
        c.execute(sql, [*params, count - 1])
        for _name, definition in rebuild:
            c.execute(definition)
        c.execute("DROP TABLE bench_day")
    inserted = time.perf_counter() - began
    began = time.perf_counter()
    with connection.cursor() as c:
        c.execute(
            f'VACUUM ANALYZE "{Case._meta.db_table}"' if postgres else f'ANALYZE "{Case._meta.db_table}"'
        )
    return {"insert_s": round(inserted, 1), "vacuum_analyze_s": round(time.perf_counter() - began, 1)}


# ------------------------------------------------------------------------------------------- queries


def _case_filter() -> Any:
    try:
        from bianmin.cases.filters import CaseFilter
    except ImportError:  # before the filters moved out of the API module
        from bianmin.cases.api.views import CaseFilter
    return CaseFilter


def _list_page(user: Any, query: str) -> tuple[int, int]:
    """The case list page's query: ``list_cases`` through the list's filters, one page of 50 and its COUNT."""
    from django.core.paginator import Paginator
    from django.http import QueryDict

    from bianmin.cases.selectors import list_cases

    filters = _case_filter()(QueryDict(query), queryset=list_cases(user))
    page = Paginator(filters.qs, PAGE_SIZE).get_page(1)
    return len(list(page.object_list)), page.paginator.count


OPEN_STATES_QUERY = "&".join(
    f"state={s}"
    for s in ("at_station", "forwarded", "submitted", "supplementing", "accepted", "in_progress", "suspended")
)


def role_user(w: Any, username: str, role: str, org: Any, name: str) -> Any:
    """A member of staff with one role and no window post (a county admin, a supervisor)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from bianmin.orgs.models import Staff

    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=role))
        Staff.objects.create(user=user, org=org, name=name)
    return get_user_model().objects.select_related("staff").get(pk=user.pk)


def county_user(w: Any) -> Any:
    """The county center's admin (县政务服务中心): sees every town's and station's cases, 1,000,000 here."""
    from bianmin.orgs.roles import Role

    return role_user(w, "bench-county", Role.COUNTY_ADMIN, w.county, "县管理员")


def supervisor(w: Any) -> Any:
    """The bench center's supervisor (纪检监察), who reads the e-supervision board."""
    from bianmin.orgs.roles import Role

    return role_user(w, "bench-supervisor", Role.SUPERVISOR, w.town, "监察员")


def page_queries(w: Any, today: dt.date) -> dict[str, Callable[[], Any]]:
    """Each page query as the pages run it, by name."""
    from bianmin.cases.selectors import per_window_counts, visible_cases
    from bianmin.counter import selectors

    user, county = w.user, county_user(w)
    windows = selectors.my_windows(user)
    return {
        "home_center_counts": lambda: selectors.center_counts(user, today),
        "home_my_open_cases": lambda: list(selectors.my_open_cases(user)),
        "home_waiting_for_handler": lambda: list(selectors.waiting_for_handler(user)),
        "home_registered_today": lambda: list(selectors.registered_on(user, today, windows)),
        "board_per_window_counts": lambda: per_window_counts(visible_cases(user), today),
        "list_by_state": lambda: _list_page(user, "state=accepted&state=in_progress"),
        "list_overdue": lambda: _list_page(user, "overdue=true"),
        "list_due_today": lambda: _list_page(
            user, f"due_before={today:%Y-%m-%d}&overdue=false&state=accepted&state=in_progress"
        ),
        "list_all": lambda: _list_page(user, ""),
        # the county's open cases across all its towns and stations (the three-level network)
        "county_open_cases": lambda: _list_page(county, OPEN_STATES_QUERY),
        **bench_supervision.page_queries(w, today),
    }


def plain_sql_queries(w: Any, today: dt.date) -> dict[str, list[tuple[str, list[Any]]]]:
    """The same questions in hand-written SQL: the rows (every column the page reads) or the counts, scoped
    to the center; what an index-aware reader of the schema would send."""
    from django.db import connection
    from django.utils import timezone

    from bianmin.counter.selectors import HOME_LIMIT

    org, user = w.town.pk, w.user.pk
    running = "('accepted', 'in_progress')"
    pending = "('submitted', 'supplementing', 'accepted', 'in_progress', 'suspended', 'concluded')"
    rows = (
        'SELECT c.*, w.number, w.name, s.name FROM "cases_case" c LEFT JOIN "orgs_window" w ON w.id = c.window_id'
        ' LEFT JOIN "orgs_staff" s ON s.user_id = c.handler_id WHERE c.org_id = %s'
    )
    start = dt.datetime.combine(today, dt.time.min, tzinfo=timezone.get_current_timezone())
    day = [connection.ops.adapt_datetimefield_value(t) for t in (start, start + dt.timedelta(days=1))]
    windows = [x.pk for x in w.windows[:1]]
    home = HOME_LIMIT + 1  # the home lists read one row past what they show, to know there are more
    towns = "(" + ", ".join(str(pk) for pk in sorted({w.town.pk, w.other_town.pk})) + ")"
    open_ = (
        "('at_station', 'forwarded', 'submitted', 'supplementing', 'accepted', 'in_progress', 'suspended')"
    )
    all_rows = (
        'SELECT c.*, o.name, w.number, w.name, s.name FROM "cases_case" c JOIN "orgs_org" o ON o.id = c.org_id'
        ' LEFT JOIN "orgs_window" w ON w.id = c.window_id LEFT JOIN "orgs_staff" s ON s.user_id = c.handler_id'
    )

    def page(where: str, params: list[Any]) -> list[tuple[str, list[Any]]]:
        return [
            (f'SELECT count(*) FROM "cases_case" c WHERE c.org_id = %s {where}', [org, *params]),
            (f"{rows} {where} ORDER BY c.registered_at DESC LIMIT {PAGE_SIZE}", [org, *params]),
        ]

    return {
        "home_center_counts": [
            (
                "SELECT count(*), count(*) FILTER (WHERE due_date = %s), count(*) FILTER (WHERE due_date < %s)"
                f' FROM "cases_case" WHERE org_id = %s AND state IN {running}',
                [today, today, org],
            )
        ],
        "home_my_open_cases": [
            (
                f"{rows} AND c.state IN {pending} AND (c.handler_id = %s OR c.first_contact_id = %s)"
                f" ORDER BY c.due_date NULLS LAST, c.registered_at LIMIT {home}",
                [org, user, user],
            )
        ],
        "home_waiting_for_handler": [
            (
                f"{rows} AND c.state IN ('accepted', 'in_progress', 'suspended') AND c.handler_id = %s"
                f" ORDER BY c.due_date NULLS LAST, c.registered_at LIMIT {home}",
                [org, user],
            )
        ],
        "home_registered_today": [
            (
                f"{rows} AND c.registered_at >= %s AND c.registered_at < %s AND c.window_id = %s"
                f" ORDER BY c.registered_at DESC LIMIT {home}",
                [org, *day, *windows],
            )
        ],
        "board_per_window_counts": [
            (
                "SELECT w.id, w.name, w.number, n.open, n.due_today, n.overdue FROM (SELECT window_id, count(*) AS open,"
                " count(*) FILTER (WHERE due_date = %s) AS due_today, count(*) FILTER (WHERE due_date < %s) AS overdue"
                f' FROM "cases_case" WHERE org_id = %s AND state IN {running} GROUP BY window_id) n'
                ' LEFT JOIN "orgs_window" w ON w.id = n.window_id ORDER BY w.number',
                [today, today, org],
            )
        ],
        "list_by_state": page(f"AND c.state IN {running}", []),
        "list_overdue": page(f"AND c.state IN {running} AND c.due_date < %s", [today]),
        "list_due_today": page(f"AND c.state IN {running} AND c.due_date = %s", [today]),
        "list_all": page("", []),
        "county_open_cases": [
            (f'SELECT count(*) FROM "cases_case" c WHERE c.org_id IN {towns} AND c.state IN {open_}', []),
            (
                f"{all_rows} WHERE c.org_id IN {towns} AND c.state IN {open_} ORDER BY c.registered_at DESC LIMIT 50",
                [],
            ),
        ],
        **bench_supervision.plain_sql_queries(w, today),
    }


def _median_ms(call: Callable[[], Any], repeats: int) -> float:
    call()  # warm: plans, caches
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def _run_sql(statements: list[tuple[str, list[Any]]]) -> None:
    from django.db import connection

    with connection.cursor() as c:
        for sql, params in statements:
            c.execute(sql, params)
            c.fetchall()


def measure(w: Any, today: dt.date, repeats: int = 7) -> dict[str, Any]:
    """Median time of each page query beside the same question in plain SQL, taken in turns."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ours, theirs = page_queries(w, today), plain_sql_queries(w, today)
    results: dict[str, Any] = {}
    for name, call in ours.items():
        call()  # the user's scope (staff, roles) is read once per user object: count the steady state
        with CaptureQueriesContext(connection) as ctx:
            call()
        page_ms, sql_ms = [], []
        for _ in range(2):  # in turns, so a slow moment of the machine falls on both
            page_ms.append(_median_ms(call, repeats))
            sql_ms.append(_median_ms(lambda name=name: _run_sql(theirs[name]), repeats))
        ms, base = min(page_ms), min(sql_ms)
        results[name] = {
            "ms": round(ms, 2),
            "plain_sql_ms": round(base, 2),
            "ratio": round(ms / base, 2),
            "statements": len(ctx.captured_queries),
            "target_ms": TARGET_MS,
        }
    return results


def whole_pages(w: Any, today: dt.date, repeats: int = 5) -> dict[str, Any]:
    """The pages themselves through Django's test client (session, scoping, queries, rendering), beside
    the plain SQL of their case queries."""
    from django.test import Client

    theirs = plain_sql_queries(w, today)
    pages = {
        "home_page": (
            "/counter/",
            [
                "home_center_counts",
                "home_my_open_cases",
                "home_waiting_for_handler",
                "home_registered_today",
            ],
        ),
        "list_page_by_state": ("/counter/cases/?state=accepted&state=in_progress", ["list_by_state"]),
        "list_page_all": ("/counter/cases/", ["list_all"]),
        "county_list_page_open": (f"/counter/cases/?{OPEN_STATES_QUERY}", ["county_open_cases"]),
        "supervision_board_page": ("/counter/supervision/", ["supervision_board"]),
    }
    users = {"county": county_user(w), "supervision": supervisor(w)}
    results: dict[str, Any] = {}
    for name, (url, parts) in pages.items():
        client = Client()
        client.force_login(users.get(name.split("_")[0], w.user))

        def get(url: str = url, client: Client = client) -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")

        statements = [s for part in parts for s in theirs[part]]
        page_ms = min(_median_ms(get, repeats) for _ in range(2))
        sql_ms = min(_median_ms(lambda s=statements: _run_sql(s), repeats) for _ in range(2))
        results[name] = {
            "url": url,
            "ms": round(page_ms, 1),
            "plain_sql_ms": round(sql_ms, 2),
            "ratio": round(page_ms / sql_ms, 2),
        }
    return results


def explain(w: Any, today: dt.date) -> str:
    """``EXPLAIN (ANALYZE, BUFFERS)`` of every statement the page queries send (SQLite: the query plan)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    out = []
    for name, call in page_queries(w, today).items():
        with CaptureQueriesContext(connection) as ctx:
            call()
        for q in ctx.captured_queries:
            with connection.cursor() as c:
                c.execute(prefix + q["sql"])
                plan = "\n".join(" ".join(str(x) for x in row) for row in c.fetchall())
            out.append(f"## {name}\n{q['sql']}\n\n{plan}\n")
    return "\n".join(out)


def run(w: Any, count: int, repeats: int = 7) -> tuple[dict[str, Any], str]:
    from django.db import connection
    from django.utils import timezone

    from bianmin.cases.models import Case
    from bianmin.cases.selectors import due_within, overdue, running

    today = timezone.localdate()
    built = build(w, count, today)
    scope = Case.objects.filter(org=w.town)
    results: dict[str, Any] = {
        "cases_in_table": Case.objects.count(),
        "cases_at_the_center": scope.count(),
        "running_at_the_center": running(scope).count(),
        "warnings_at_the_center": due_within(scope, 1, today, w.town.region_code).count(),
        "overdue_at_the_center": overdue(scope, today).count(),
        "build": built,
        "queries": measure(w, today, repeats),
        "pages": whole_pages(w, today),
        "database": connection.vendor,
    }
    return results, explain(w, today)
