"""Benchmark of the case engine: full lives through the actions against the same statements in plain SQL.

Both kinds of life run the same way side by side: at one connection in the bench process, and at four
connections in four worker processes of their own (as a production server runs requests in worker
processes), alternating in rounds so a drift of the machine's speed falls on both.

Runs on PostgreSQL when ``BIANMIN_BENCH_DATABASE_URL`` is set (that database is migrated and its case tables
emptied: give it a database of its own), else on a SQLite file under ``var/``. Django must not be set up
before ``prepare_environment`` runs. The world (a county, its center with nine windows, eight staff, one
real item) is shared with ``bench_http`` and ``bench_pages``.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import equal_work

ROOT = Path(__file__).resolve().parents[1]
STAFF = 8  # clerks of the bench center, each also a handler; the first is the one whose pages are measured


def prepare_environment() -> str:
    url = os.environ.get("BIANMIN_BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bianmin.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


@dataclass
class World:
    county: Any
    town: Any
    other_town: Any
    windows: list[Any]  # the bench center's nine windows, in hall order
    user: Any  # clerk at window 1 (民政), also a handler: the one whose pages are measured
    staff_users: list[Any]  # every clerk of the bench center, ``user`` first
    other_user: Any  # a clerk of the other center
    item: Any
    snapshot: dict[str, Any]


def _staff_user(username: str, name: str, org: Any, window: Any) -> Any:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from bianmin.orgs.models import Staff, WindowPost
    from bianmin.orgs.roles import Role

    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
        for role in (Role.CLERK, Role.HANDLER):
            user.groups.add(Group.objects.get(name=role))
        staff = Staff.objects.create(user=user, org=org, name=name)
        WindowPost.objects.create(staff=staff, window=window, post="A")
    return get_user_model().objects.select_related("staff").get(pk=user.pk)


def world() -> World:
    """A county, the bench center with the nine windows of the demo's standard, eight clerks and the demo's
    临时救助申请 as item ``BENCH1`` (four mandatory materials, a snapshot of realistic size); idempotent."""
    from bianmin.catalog.actions import enable_item, publish_item
    from bianmin.catalog.models import ServiceItem
    from bianmin.catalog.selectors import version_snapshot
    from bianmin.demo.catalog_data import ITEMS, WINDOWS
    from bianmin.orgs.models import Org, OrgKind, Window
    from bianmin.orgs.roles import ensure_roles

    ensure_roles()
    county, _ = Org.objects.get_or_create(
        code="990001", defaults={"kind": OrgKind.COUNTY, "name": "基准县政务服务中心", "short_name": "基准县"}
    )
    town, _ = Org.objects.get_or_create(
        code="990001100",
        defaults={
            "kind": OrgKind.TOWN,
            "name": "基准镇便民服务中心",
            "short_name": "基准镇",
            "parent": county,
        },
    )
    other, _ = Org.objects.get_or_create(
        code="990001101",
        defaults={"kind": OrgKind.TOWN, "name": "邻镇便民服务中心", "short_name": "邻镇", "parent": county},
    )
    windows = [
        Window.objects.get_or_create(org=town, code=code, defaults={"name": name, "number": i})[0]
        for i, (code, name, _departments) in enumerate(WINDOWS, start=1)
    ]
    other_window = Window.objects.get_or_create(
        org=other, code="MZ", defaults={"name": "民政窗口", "number": 1}
    )[0]
    staff_users = [
        _staff_user(f"bench-clerk{'' if i == 0 else i}", f"基准员{i + 1}", town, windows[i % len(windows)])
        for i in range(STAFF)
    ]
    other_user = _staff_user("bench-neighbour", "邻镇员", other, other_window)
    source = next(i for i in ITEMS if i["code"] == "MZ003")  # 临时救助申请
    current = ServiceItem.objects.filter(code=equal_work.ITEM_CODE).values_list("current__name", flat=True)
    if list(current) != [source["data"]["name"]]:  # a database from an older bench: publish the item anew
        publish_item(
            owner=county, code=equal_work.ITEM_CODE, data=source["data"], materials=source["materials"]
        )
    item = ServiceItem.objects.select_related("current").get(code=equal_work.ITEM_CODE)
    enable_item(item, town)
    enable_item(item, other)
    assert item.current is not None
    return World(
        county=county,
        town=town,
        other_town=other,
        windows=windows,
        user=staff_users[0],
        staff_users=staff_users,
        other_user=other_user,
        item=item,
        snapshot=version_snapshot(item.current),
    )


def empty_cases() -> None:
    """Every case row and what hangs off it (events, notices, ratings …), and the numbering counters."""
    from django.apps import apps
    from django.db import connection

    case_models = list(apps.get_app_config("cases").get_models())
    # Other apps' rows that point at cases (ratings, complaints …): found from the models, not listed by hand.
    dependants = [
        m
        for m in apps.get_models()
        if m not in case_models
        and any(f.is_relation and f.related_model in case_models for f in m._meta.concrete_fields)
    ]
    tables = [m._meta.db_table for m in dependants + case_models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        else:
            with connection.constraint_checks_disabled():
                for t in tables:
                    cursor.execute(f'DELETE FROM "{t}"')


# --------------------------------------------------------------------------------------------- lives


@dataclass
class Timed:
    per_step: dict[str, list[float]]

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        yield
        self.per_step.setdefault(name, []).append(time.perf_counter() - began)


def _own_user(w: World) -> World:
    """The world with a user object of this thread's own: its permission and staff caches are not shared."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.select_related("staff").get(pk=w.user.pk)
    return World(**{**w.__dict__, "user": user})


class Crew:
    """Threads that stay up for a whole comparison, each on its own database connection, and run rounds
    of work together: the rounds of two kinds can then alternate finely without opening connections."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.work: Callable[[int], None] | None = None
        self.start = threading.Barrier(size + 1)
        self.end = threading.Barrier(size + 1)
        self.errors: list[BaseException] = []
        self.threads = [threading.Thread(target=self._serve, args=(k,), daemon=True) for k in range(size)]
        for t in self.threads:
            t.start()

    def _serve(self, k: int) -> None:
        from django.db import connection

        try:
            connection.ensure_connection()
            while True:
                self.start.wait()
                if self.work is None:
                    return
                try:
                    self.work(k)
                except BaseException as e:  # noqa: BLE001 - raised in the caller's thread
                    self.errors.append(e)
                self.end.wait()
        except threading.BrokenBarrierError:
            return
        except BaseException as e:  # noqa: BLE001 - no connection: nothing this crew can run
            self.errors.append(e)
            self.start.abort()
            self.end.abort()
        finally:
            connection.close()

    def run(self, work: Callable[[int], None]) -> float:
        """``work(k)`` in every thread k at once; answers the wall-clock seconds until the last is done."""
        self.work = work
        began = time.perf_counter()
        try:
            self.start.wait()
            began = time.perf_counter()
            self.end.wait()
        except threading.BrokenBarrierError:
            pass
        elapsed = time.perf_counter() - began if not self.errors else 0.0
        if self.errors:
            self.close()
            raise self.errors[0]
        return elapsed

    def close(self) -> None:
        self.work = None
        try:
            self.start.wait(timeout=30)
        except threading.BrokenBarrierError:
            pass
        for t in self.threads:
            t.join(timeout=30)


def in_threads(threads: int, work: Callable[[int], None]) -> float:
    """``work(k)`` once in each of ``threads`` threads with connections of their own."""
    crew = Crew(threads)
    try:
        return crew.run(work)
    finally:
        crew.close()


def _alternating(run_round: Callable[[str, int], float], per_round: int, rounds: int) -> dict[str, float]:
    """Seconds spent on each kind, the two alternating in ``rounds`` (A B, B A, …) so a drift of the shared
    machine's speed falls on both."""
    elapsed = {"actions": 0.0, "plain_sql": 0.0}
    for r in range(rounds):
        for kind in ("actions", "plain_sql") if r % 2 == 0 else ("plain_sql", "actions"):
            elapsed[kind] += run_round(kind, per_round)
    return elapsed


def compare_rates(w: World, lives: int, threads: int, rounds: int = 12) -> dict[str, float]:
    """Lives per second through the actions and as plain SQL, ``lives`` of each spread over ``threads``
    threads of this process, each on its own connection; each thread warms up with one life of each first."""
    per_round = max(1, lives // (threads * rounds))
    kinds: dict[str, list[Callable[[], Any]]] = {"actions": [None] * threads, "plain_sql": [None] * threads}  # type: ignore[list-item]

    def prepare(k: int) -> None:
        own = _own_user(w)
        made = {"actions": lambda: equal_work.action_life(own), "plain_sql": equal_work.SqlLife(own).life}
        for kind, life in made.items():
            life()
            kinds[kind][k] = life

    crew = Crew(threads)
    try:
        crew.run(prepare)

        def run_round(kind: str, count: int) -> float:
            runners = kinds[kind]

            def work(k: int) -> None:
                for _ in range(count):
                    runners[k]()

            return crew.run(work)

        elapsed = _alternating(run_round, per_round, rounds)
    finally:
        crew.close()
    done = per_round * threads * rounds
    return {kind: done / seconds for kind, seconds in elapsed.items()}


# ----------------------------------------------------------------------------------- worker processes

WAIT = 600  # seconds any one round may take before the bench gives up on a worker process


def _life_worker(connection: Any, start: Any, end: Any) -> None:
    """One worker process (started fresh, not forked): Django and a database connection of its own, the
    bench world read back, one life of each kind to warm up; then the rounds the parent sends."""
    import django

    django.setup()
    try:
        own = _own_user(world())
        lives: dict[str, Callable[[], Any]] = {
            "actions": lambda: equal_work.action_life(own),
            "plain_sql": equal_work.SqlLife(own).life,
        }
        for life in lives.values():
            life()
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which stops the bench
        connection.send(repr(e))
        return
    connection.send(None)
    while True:
        command = connection.recv()
        if command is None:
            return
        kind, count = command
        start.wait(WAIT)
        error = None
        try:
            for _ in range(count):
                lives[kind]()
        except BaseException as e:  # noqa: BLE001 - reported to the parent after the round
            error = repr(e)
        end.wait(WAIT)
        connection.send(error)


class Team:
    """Worker processes that stay up for a whole comparison, each running whole lives on its own
    connection, as a production server's worker processes run requests: no worker waits for another's
    Python (the GIL), only for the database and the machine's cores."""

    def __init__(self, size: int) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.start = context.Barrier(size + 1)
        self.end = context.Barrier(size + 1)
        self.pipes = []
        self.processes = []
        for _ in range(size):
            mine, theirs = context.Pipe()
            process = context.Process(target=_life_worker, args=(theirs, self.start, self.end), daemon=True)
            process.start()
            self.pipes.append(mine)
            self.processes.append(process)
        try:
            self._answers()
        except BaseException:
            self.close()
            raise

    def _answers(self) -> None:
        errors = []
        for pipe in self.pipes:
            try:
                if not pipe.poll(WAIT):
                    raise RuntimeError("a bench worker process did not answer")
                error = pipe.recv()
            except EOFError:
                raise RuntimeError("a bench worker process ended (its error is printed above)") from None
            if error is not None:
                errors.append(error)
        if errors:
            raise RuntimeError(f"a bench worker process failed: {errors[0]}")

    def run(self, kind: str, count: int) -> float:
        """``count`` lives of ``kind`` in every process at once; the wall-clock seconds until the last is done."""
        for pipe in self.pipes:
            pipe.send((kind, count))
        self.start.wait(WAIT)
        began = time.perf_counter()
        self.end.wait(WAIT)
        elapsed = time.perf_counter() - began
        self._answers()
        return elapsed

    def close(self) -> None:
        for pipe in self.pipes:
            try:
                pipe.send(None)
            except OSError:
                pass
        for process in self.processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()


def compare_rates_in_processes(lives: int, processes: int, rounds: int = 12) -> dict[str, float]:
    """Lives per second through the actions and as plain SQL, ``lives`` of each spread over ``processes``
    worker processes (``Team``), alternating in rounds as ``compare_rates`` does."""
    per_round = max(1, lives // (processes * rounds))
    team = Team(processes)
    try:
        elapsed = _alternating(team.run, per_round, rounds)
    finally:
        team.close()
    done = per_round * processes * rounds
    return {kind: done / seconds for kind, seconds in elapsed.items()}


def _rates(rates: dict[str, float], how: str, target: bool = True) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "how": how,
        "actions_lives_per_s": round(rates["actions"], 1),
        "plain_sql_lives_per_s": round(rates["plain_sql"], 1),
        "ratio": round(rates["plain_sql"] / rates["actions"], 2),
    }
    if target:
        summary["target_ratio_max"] = 2.5
    return summary


def run(*, lives: int = 200, processes: tuple[int, ...] = (4,)) -> dict[str, Any]:
    """Statements and time per step at one connection, then lives per second against plain SQL: at one
    connection (in this process), and at ``processes`` connections, one per worker process (``Team``) as a
    production server runs its requests. For comparison, the same lives from as many threads of this one
    process, where the actions' Python waits for the GIL while plain SQL's threads mostly wait for the
    database: that figure measures the interpreter, not the actions, and carries no target."""
    from django.db import connection

    w = world()
    empty_cases()
    for _ in range(3):  # warm caches (templates, calendar, snapshots) before anything is counted or timed
        equal_work.action_life(w)
    sql = equal_work.SqlLife(w)
    sql.life()
    action_statements = equal_work.statements_per_step(lambda step: equal_work.action_life(w, step))
    sql_statements = equal_work.statements_per_step(sql.life)

    # One connection, step by step: where the time of a life goes.
    action_timed, sql_timed = Timed({}), Timed({})
    step_lives = max(20, lives // 4)
    for _ in range(step_lives):
        equal_work.action_life(w, action_timed.step)
        sql.life(sql_timed.step)

    results: dict[str, Any] = {
        "database": connection.vendor,
        "life": " → ".join(equal_work.STEPS),
        "statements_per_step": {
            s: {"actions": action_statements[s], "plain_sql": sql_statements[s]} for s in equal_work.STEPS
        },
        "statements_per_life": {
            "actions": sum(action_statements.values()),
            "plain_sql": sum(sql_statements.values()),
        },
        "step_ms_median": {
            s: {
                "actions": round(statistics.median(action_timed.per_step[s]) * 1000, 2),
                "plain_sql": round(statistics.median(sql_timed.per_step[s]) * 1000, 2),
                "ratio": round(
                    statistics.median(action_timed.per_step[s]) / statistics.median(sql_timed.per_step[s]), 2
                ),
            }
            for s in equal_work.STEPS
        },
        "lives": lives,
    }
    results["connections_1"] = _rates(compare_rates(w, lives, 1), "one connection, in the bench process")
    for n in processes:
        results[f"connections_{n}"] = _rates(
            compare_rates_in_processes(lives, n), f"{n} worker processes, each on a connection of its own"
        )
    for n in processes:
        results[f"connections_{n}_as_threads_of_one_process"] = _rates(
            compare_rates(w, lives, n),
            f"{n} threads of the bench process, each on a connection of its own; for comparison only",
            target=False,
        )
    return results
