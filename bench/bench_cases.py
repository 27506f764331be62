"""Benchmark of the case engine: full lives through the actions vs. plain SQL, registrations over HTTP
against gunicorn, and the overdue query at a large number of cases.

Runs on PostgreSQL when ``BIANMIN_BENCH_DATABASE_URL`` is set (that database is migrated and its case
tables emptied: give it a database of its own), else on a SQLite file under ``var/``. Django must not be
set up before ``prepare_environment`` runs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VALID_ID = "11010519491231002X"
MATERIALS = ["居民身份证", "户口簿"]


def prepare_environment() -> str:
    url = os.environ.get("BIANMIN_BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bianmin.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    return url


def _world() -> dict[str, Any]:
    """A county, one town with its 民政 window, a clerk (also handler) and one promised item."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from bianmin.catalog.actions import enable_item, publish_item
    from bianmin.orgs.models import Org, OrgKind, Staff, Window, WindowPost
    from bianmin.orgs.roles import Role, ensure_roles

    ensure_roles()
    county, _ = Org.objects.get_or_create(
        code="990001", defaults={"kind": OrgKind.COUNTY, "name": "基准县中心"}
    )
    town, _ = Org.objects.get_or_create(
        code="990001100", defaults={"kind": OrgKind.TOWN, "name": "基准镇中心", "parent": county}
    )
    window, _ = Window.objects.get_or_create(org=town, code="MZ", defaults={"name": "民政", "number": 1})
    user, created = get_user_model().objects.get_or_create(username="bench-clerk")
    if created:
        user.set_unusable_password()
        user.save()
        for role in (Role.CLERK, Role.HANDLER):
            user.groups.add(Group.objects.get(name=role))
        staff = Staff.objects.create(user=user, org=town, name="基准员")
        WindowPost.objects.create(staff=staff, window=window, post="A")
    if not publish_item.__module__:  # pragma: no cover - keeps linters quiet about unused import paths
        raise RuntimeError
    from bianmin.catalog.models import ServiceItem

    if not ServiceItem.objects.filter(code="BENCH1").exists():
        publish_item(
            owner=county,
            code="BENCH1",
            data={
                "name": "基准事项",
                "kind": "promised",
                "statutory_days": 20,
                "promised_days": 10,
                "window_codes": ["MZ"],
                "legal_basis": "基准",
            },
            materials=[{"name": "居民身份证"}, {"name": "户口簿", "copies": 1}],
        )
    enable_item(ServiceItem.objects.get(code="BENCH1"), town)
    user = get_user_model().objects.get(username="bench-clerk")
    return {"county": county, "town": town, "window": window, "user": user}


def _empty_cases() -> None:
    from django.db import connection

    from bianmin.cases import models as m
    from bianmin.feedback.models import Rating

    tables = [
        Rating,
        m.OneTimeNoticeBreach,
        m.Attachment,
        m.AuditSeal,
        m.CaseEvent,
        m.Notice,
        m.JointTask,
        m.CaseMaterial,
        m.Case,
        m.Counter,
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(t._meta.db_table for t in tables) + " CASCADE")
        else:
            for t in tables:
                cursor.execute(f"DELETE FROM {t._meta.db_table}")


def lifecycles(world: dict[str, Any], lives: int) -> float:
    """Lives per second: register → accept → assign → conclude → deliver → archive, all through actions."""
    from bianmin.cases import actions

    user = world["user"]
    applicant = {"kind": "person", "name": "张三", "id_number": VALID_ID}
    start = time.perf_counter()
    for _ in range(lives):
        case = actions.register(
            actor=user, item_code="BENCH1", applicant=applicant, received_materials=MATERIALS
        )
        actions.accept(case, actor=user)
        actions.assign(case, actor=user, handler=user)
        actions.conclude(case, actor=user, result="granted")
        actions.deliver(case, actor=user, method="window", collected_by="张三")
        actions.archive(case, actor=user)
    return lives / (time.perf_counter() - start)


def plain_sql_lifecycles(world: dict[str, Any], lives: int) -> float:
    """The same lives as bare INSERTs/UPDATEs, one transaction per step: the floor the actions sit on."""
    from django.db import connection, transaction
    from django.utils import timezone

    from bianmin.cases.models import Case, CaseEvent, CaseMaterial

    town, user = world["town"], world["user"]
    from bianmin.catalog.models import ServiceItem

    item = ServiceItem.objects.select_related("current").get(code="BENCH1")
    case_t, ev_t, mat_t = Case._meta.db_table, CaseEvent._meta.db_table, CaseMaterial._meta.db_table
    steps = ["accepted", "in_progress", "concluded", "delivered", "archived"]
    start = time.perf_counter()
    for i in range(lives):
        now = timezone.now()
        with transaction.atomic(), connection.cursor() as c:
            c.execute(
                f"INSERT INTO {case_t} (org_id, number, query_code, item_id, item_version_id, item_snapshot, kind,"
                " channel, state, applicant_kind, applicant_name, applicant_id_type, applicant_id_number,"
                " applicant_credit_code, applicant_phone, applicant_address, agent_name, agent_id_number,"
                " agent_phone, agent_authorization, registered_at, base_days, extended_days, suspended_days,"
                " due_provisional, suspension_type, result, result_reason, certificate_name, certificate_number,"
                " delivery_method, collected_by, close_reason, event_count, last_hash, first_contact_id,"
                " registered_by_id) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,'','','','','','','',%s,0,0,0,"
                " %s,'','','','','','','','',1,'',%s,%s)",
                [
                    town.pk,
                    f"SQL{i:012d}",
                    "123456",
                    item.pk,
                    item.current_id,
                    "{}",
                    "promised",
                    "window",
                    "submitted",
                    "person",
                    "张三",
                    "resident_id",
                    VALID_ID,
                    now,
                    False,
                    user.pk,
                    user.pk,
                ],
            )
            c.execute(f"SELECT id FROM {case_t} WHERE number = %s", [f"SQL{i:012d}"])
            case_id = c.fetchone()[0]
            for pos, name in enumerate(MATERIALS):
                c.execute(
                    f"INSERT INTO {mat_t} (case_id, position, name, mandatory, originals, copies, received,"
                    " received_original, received_copies, pages, note) VALUES (%s,%s,%s,%s,1,0,%s,%s,0,0,'')",
                    [case_id, pos, name, True, True, True],
                )
            c.execute(
                f"INSERT INTO {ev_t} (case_id, org_id, seq, type, actor_id, actor_name, at, from_state, to_state,"
                " data, prev_hash, hash) VALUES (%s,%s,1,'register',%s,'',%s,'','submitted','{}','','')",
                [case_id, town.pk, user.pk, now],
            )
        for seq, state in enumerate(steps, start=2):
            with transaction.atomic(), connection.cursor() as c:
                c.execute(
                    f"UPDATE {case_t} SET state = %s, event_count = %s WHERE id = %s", [state, seq, case_id]
                )
                c.execute(
                    f"INSERT INTO {ev_t} (case_id, org_id, seq, type, actor_id, actor_name, at, from_state,"
                    " to_state, data, prev_hash, hash) VALUES (%s,%s,%s,%s,%s,'',%s,'',%s,'{}','','')",
                    [case_id, town.pk, seq, state, user.pk, now, state],
                )
    return lives / (time.perf_counter() - start)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api_register(world: dict[str, Any], requests: int, clients: int) -> dict[str, float]:
    """Registrations per second and p95 latency over HTTP against gunicorn, with concurrent clients."""
    from rest_framework.authtoken.models import Token

    token = Token.objects.get_or_create(user=world["user"])[0].key
    port = _free_port()
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bianmin.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api/v1/cases/"
    body = json.dumps(
        {
            "item": "BENCH1",
            "channel": "window",
            "received_materials": MATERIALS,
            "applicant": {"kind": "person", "name": "张三", "id_number": VALID_ID},
        }
    ).encode()
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    def one() -> float:
        began = time.perf_counter()
        req = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(req, timeout=30) as resp:
            if resp.status != 201:
                raise RuntimeError(f"registration answered {resp.status}")
            resp.read()
        return time.perf_counter() - began

    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/items/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        for _ in range(clients):  # warm both workers
            one()
        latencies: list[float] = []
        lock = threading.Lock()
        per_client = requests // clients

        def client() -> None:
            mine = [one() for _ in range(per_client)]
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=client) for _ in range(clients)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    return {
        "api_register_per_s": round(len(latencies) / elapsed, 1),
        "api_register_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
        "api_register_median_ms": round(statistics.median(latencies) * 1000, 1),
        "api_requests": len(latencies),
        "api_clients": clients,
    }


def bulk_cases(world: dict[str, Any], count: int, today: dt.date) -> None:
    """``count`` cases in one INSERT … SELECT, spread over five years."""
    from django.db import connection, transaction

    from bianmin.cases.models import Case
    from bianmin.catalog.models import ServiceItem

    item = ServiceItem.objects.get(code="BENCH1")
    t = Case._meta.db_table
    cols = (
        "org_id, number, query_code, item_id, item_version_id, item_snapshot, kind, channel, state,"
        " applicant_kind, applicant_name, applicant_id_type, applicant_id_number, applicant_credit_code,"
        " applicant_phone, applicant_address, agent_name, agent_id_number, agent_phone, agent_authorization,"
        " registered_at, base_days, extended_days, suspended_days, due_date, due_provisional,"
        " suspension_type, result, result_reason, certificate_name, certificate_number, delivery_method,"
        " collected_by, close_reason, event_count, last_hash, window_id"
    )
    # A county's ledger: most cases long archived, one in fifty still running and registered in the last
    # forty days, so about a quarter of the running ones are past their due date.
    state = "CASE WHEN n %% 50 = 0 THEN 'in_progress' WHEN n %% 50 = 1 THEN 'accepted' ELSE 'archived' END"
    if connection.vendor == "postgresql":
        series = "SELECT n FROM generate_series(1, %s) AS n"
        age = "(CASE WHEN n %% 50 < 2 THEN n %% 40 ELSE n %% 1800 END)"
        due = f"(%s::date - {age}::int + 14)"
        reg = f"(%s::timestamptz - make_interval(days => {age}::int))"
    else:
        series = (
            "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) SELECT n FROM s"
        )
        age = "(CASE WHEN n %% 50 < 2 THEN n %% 40 ELSE n %% 1800 END)"
        due = f"date(%s, '-' || {age} || ' days', '+14 days')"
        reg = f"datetime(%s, '-' || {age} || ' days')"
    sql = (
        f"INSERT INTO {t} ({cols}) SELECT %s, 'B' || n, '000000', %s, %s, '{{}}', 'promised', 'window', {state},"
        f" 'person', '张三', 'resident_id', '', '', '', '', '', '', '', '', {reg}, 10, 0, 0, {due}, false,"
        f" '', '', '', '', '', '', '', '', 0, '', %s FROM ({series}) AS g"
    )
    start_ts = dt.datetime.combine(today, dt.time(9), tzinfo=dt.UTC)
    with transaction.atomic(), connection.cursor() as c:
        params: list[Any] = [
            world["town"].pk,
            item.pk,
            item.current_id,
            start_ts.isoformat(),
            today.isoformat(),
            world["window"].pk,
            count,
        ]
        if connection.vendor != "postgresql":
            params = [
                world["town"].pk,
                item.pk,
                item.current_id,
                start_ts.strftime("%Y-%m-%d %H:%M:%S"),
                today.isoformat(),
                world["window"].pk,
                count,
            ]
        c.execute(sql, params)
    with connection.cursor() as c:
        # Fresh statistics (and, on PostgreSQL, a visibility map) as a routinely vacuumed database has.
        c.execute(f"VACUUM ANALYZE {t}" if connection.vendor == "postgresql" else f"ANALYZE {t}")


def overdue_query(world: dict[str, Any], today: dt.date, repeats: int = 7) -> dict[str, float]:
    """The board's two questions at scale: how many are overdue at this center, and the first page of them."""
    from bianmin.cases.models import Case
    from bianmin.cases.selectors import overdue

    cases = Case.objects.filter(org=world["town"])
    counts, pages = [], []
    total = 0
    for _ in range(repeats):
        began = time.perf_counter()
        total = overdue(cases, today).count()
        counts.append(time.perf_counter() - began)
        began = time.perf_counter()
        list(overdue(cases, today).order_by("due_date", "id").values("number", "due_date")[:50])
        pages.append(time.perf_counter() - began)
    return {
        "overdue_query_ms": round(statistics.median(counts) * 1000, 2),
        "overdue_first_page_ms": round(statistics.median(pages) * 1000, 2),
        "overdue_found": total,
    }


def run(
    *, lives: int = 300, api_requests: int = 400, clients: int = 8, big: int = 1_000_000
) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    world = _world()
    _empty_cases()
    lifecycles(world, 20)  # warm caches (templates, calendar) outside the timing
    actions_rate = lifecycles(world, lives)
    sql_rate = plain_sql_lifecycles(world, lives)
    results: dict[str, Any] = {
        "database": connection.vendor,
        "lifecycles_per_s": round(actions_rate, 1),
        "plain_sql_lifecycles_per_s": round(sql_rate, 1),
        "lifecycle_overhead_ratio": round(sql_rate / actions_rate, 2),
        "lives": lives,
    }
    _empty_cases()
    results.update(api_register(world, api_requests, clients))
    _empty_cases()
    today = timezone.localdate()
    began = time.perf_counter()
    bulk_cases(world, big, today)
    results["bulk_insert_s"] = round(time.perf_counter() - began, 1)
    results["cases_in_table"] = big
    results.update(overdue_query(world, today))
    _empty_cases()
    return results


if __name__ == "__main__":
    prepare_environment()
    print(json.dumps(run(big=int(os.environ.get("BENCH_CASES", "1000000"))), indent=2))
