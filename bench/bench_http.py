"""Registrations over HTTP against gunicorn, beside the same registrations written as plain SQL.

Sixteen clients at once, each on its own keep-alive connection, post ``/api/v1/cases/`` with a token — the
register step of the bench life (one mandatory material missing). gunicorn runs as a two-core server would
be set up: ``WORKERS`` processes (one per core) × ``THREADS`` threads (gthread), so sixteen requests can be in
flight, each thread with its own persistent database connection. The baseline is the register step of
``equal_work.SqlLife`` from sixteen threads, each on its own connection, in the same run: the database work
a registration cannot avoid. The two alternate in rounds so a drift of the machine's speed falls on both.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from typing import Any

import bench_cases
import equal_work

WORKERS = 2
THREADS = 8
CLIENTS = 16


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "ERROR"}
    # The checkout's own sources first, as ``make bench`` runs them (not whatever ``bianmin`` is installed).
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(bench_cases.ROOT / "src"), env.get("PYTHONPATH")) if p
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "bianmin.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, env=env, cwd=bench_cases.ROOT, stdout=subprocess.DEVNULL)


def _wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/items/")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class _Client:
    """One client on one keep-alive connection; a connection the server closed is opened again (and the
    time that takes is part of the request's latency, as a browser's would be)."""

    def __init__(self, port: int, token: str, body: bytes) -> None:
        self.port, self.body = port, body
        self.headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        self.conn: http.client.HTTPConnection | None = None

    def post(self) -> float:
        began = time.perf_counter()
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request("POST", "/api/v1/cases/", body=self.body, headers=self.headers)
                response = self.conn.getresponse()
                payload = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        if response.status != 201:
            raise RuntimeError(f"registration answered {response.status}: {payload[:300]!r}")
        return time.perf_counter() - began

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def _paced(k: int, workers: int, per_worker: int, rate: float | None, call: Any) -> list[float]:
    """``per_worker`` calls of ``call``; with a ``rate``, worker ``k`` of ``workers`` sends on a fixed schedule
    (together they offer ``rate`` calls per second) and a latency counts from the scheduled moment, so time
    spent queued behind a slow answer is not hidden. Without a rate, back to back."""
    latencies = []
    if rate is None:
        for _ in range(per_worker):
            began = time.perf_counter()
            call()
            latencies.append(time.perf_counter() - began)
        return latencies
    interval = workers / rate
    start = time.perf_counter() + k * interval / workers
    for i in range(per_worker):
        due = start + i * interval
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        call()
        latencies.append(time.perf_counter() - due)
    return latencies


def _clients_round(
    clients: list[_Client], per_client: int, rate: float | None = None
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(clients) + 1)
    errors: list[BaseException] = []

    def send(k: int) -> None:
        try:
            barrier.wait()
            mine = _paced(k, len(clients), per_client, rate, clients[k].post)
            with lock:
                latencies.extend(mine)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=send, args=(k,)) for k in range(len(clients))]
    for t in threads:
        t.start()
    barrier.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise errors[0]
    return elapsed, latencies


def _sql_round(
    crew: bench_cases.Crew, lives: list[equal_work.SqlLife], per_thread: int, rate: float | None = None
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()

    def work(k: int) -> None:
        mine = _paced(k, len(lives), per_thread, rate, lives[k].register)
        with lock:
            latencies.extend(mine)

    return crew.run(work), latencies


def _latencies(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 1),
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "requests": len(ordered),
    }


def _summary(elapsed: float, latencies: list[float]) -> dict[str, float]:
    return {"per_s": round(len(latencies) / elapsed, 1), **_latencies(latencies)}


def run(
    w: bench_cases.World,
    requests: int = 960,
    clients: int = CLIENTS,
    workers: int = WORKERS,
    threads: int = THREADS,
    rounds: int = 4,
) -> dict[str, Any]:
    """Three measures, each beside plain SQL. One client: a registration's own time, nothing queued.
    Saturated: ``clients`` clients each send the next registration as soon as the last is answered — the
    most the server takes (throughput), and the queueing that makes (latency). Paced: the clients together
    offer half the saturated HTTP throughput on a fixed schedule — a busy center rather than a load test —
    and the latency a clerk then sees (p95)."""
    from rest_framework.authtoken.models import Token

    token = Token.objects.get_or_create(user=w.user)[0].key
    body = json.dumps(
        {
            "item": equal_work.ITEM_CODE,
            "channel": "window",
            "received_materials": equal_work.received_at_registration(w),
            "applicant": equal_work.APPLICANT,
        }
    ).encode()
    per_client = max(1, requests // (clients * rounds))
    sql_lives: list[equal_work.SqlLife] = [None] * clients  # type: ignore[list-item]

    def prepare(k: int) -> None:
        sql_lives[k] = equal_work.SqlLife(bench_cases._own_user(w))
        sql_lives[k].register()

    crew = bench_cases.Crew(clients)
    port = _free_port()
    server = _start_server(port, workers, threads)
    timed: dict[str, list[Any]] = {"http": [0.0, []], "plain_sql": [0.0, []]}
    single: dict[str, list[float]] = {}
    paced: dict[str, list[float]] = {}
    pool = [_Client(port, token, body) for _ in range(clients)]
    try:
        crew.run(prepare)
        _wait_until_up(port)
        _clients_round(
            pool, 3
        )  # every client's connection open, every server thread's database connection too
        single["http"] = _clients_round(pool[:1], 40)[1]
        solo = bench_cases.Crew(1)
        try:
            single["plain_sql"] = _sql_round(solo, sql_lives[:1], 40)[1]
        finally:
            solo.close()
        for r in range(rounds):
            for kind in ("http", "plain_sql") if r % 2 == 0 else ("plain_sql", "http"):
                if kind == "http":
                    elapsed, latencies = _clients_round(pool, per_client)
                else:
                    elapsed, latencies = _sql_round(crew, sql_lives, per_client)
                timed[kind][0] += elapsed
                timed[kind][1] += latencies
        rate = 0.5 * len(timed["http"][1]) / timed["http"][0]
        per_paced = max(4, per_client)
        paced["http"] = _clients_round(pool, per_paced, rate)[1]
        paced["plain_sql"] = _sql_round(crew, sql_lives, per_paced, rate)[1]
    finally:
        crew.close()
        for client in pool:
            client.close()
        server.terminate()
        server.wait(timeout=30)
    one_http, one_sql = _latencies(single["http"]), _latencies(single["plain_sql"])
    over_http, plain = _summary(*timed["http"]), _summary(*timed["plain_sql"])
    paced_http, paced_sql = _latencies(paced["http"]), _latencies(paced["plain_sql"])
    return {
        "server": f"gunicorn gthread, {workers} workers × {threads} threads, keep-alive",
        "clients": clients,
        "load_average_1min_at_end": round(os.getloadavg()[0], 1),
        "one_client": {
            "http": one_http,
            "plain_sql": one_sql,
            "median_ratio": round(one_http["median_ms"] / one_sql["median_ms"], 2),
        },
        "saturated": {
            "http": over_http,
            "plain_sql": plain,
            "throughput_ratio": round(over_http["per_s"] / plain["per_s"], 2),
            "target_throughput_ratio_min": round(1 / 3, 2),
            "p95_ratio": round(over_http["p95_ms"] / plain["p95_ms"], 2),
        },
        "paced": {
            "offered_per_s": round(rate, 1),
            "http": paced_http,
            "plain_sql": paced_sql,
            "p95_ratio": round(paced_http["p95_ms"] / paced_sql["p95_ms"], 2),
            "target_p95_ms_max": 100,
        },
    }
