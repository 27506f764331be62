"""``make bench``: every benchmark in one run, written to bench/results.json (plans to bench/explain.txt).

Every timing stands beside a baseline measured in the same run, as a ratio, since absolute times on a shared
machine drift: the calendar against ``chinese_calendar``; the eight-step case life through the actions against
the same statements in plain SQL (1 and 4 connections); registrations over HTTP (16 clients, gunicorn)
against the same registrations in plain SQL from 16 threads; the counter pages' queries at 1,000,000 cases
against the same questions in hand-written SQL; a notice's first PDF against its stored copy; the county's
statistics table for a month and a year with daily rollups against the same figures from the ledger alone.

Runs on PostgreSQL when ``BIANMIN_BENCH_DATABASE_URL`` names a database of its own (its case tables are
emptied), else on ``var/bench.sqlite3``. On a shared two-core machine a full run takes three to four minutes
(building the million cases 30-60 s of it); ``--quick`` (100,000 cases, fewer lives and requests) about one.
Options: ``--cases N``, ``--lives N``, ``--requests N``, ``--clients N``, ``--workers N``, ``--threads N``,
``--quick``, ``--out PATH``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_cases  # noqa: E402
import bench_http  # noqa: E402
import bench_pages  # noqa: E402
import bench_reports  # noqa: E402
import bench_workdays  # noqa: E402


def _notice_pdf() -> dict[str, Any]:
    """The PDF of the newest acceptance notice: first download (rendered, stored) against a later one."""
    try:
        from bench_pdf import notice_pdf_timings
    except ImportError:
        return {"skipped": "bench/bench_pdf.py is not there yet"}
    from bianmin.cases.models import Notice

    notice = Notice.objects.filter(type="acceptance").order_by("-id").first()
    if notice is None:
        return {"skipped": "no notice issued"}
    timings = dict(notice_pdf_timings(notice))
    timings["first_to_repeat_ratio"] = round(
        timings["notice_pdf_first_ms"] / timings["notice_pdf_repeat_ms"], 1
    )
    return timings


def _timed(results: dict[str, Any], name: str, call: Any) -> Any:
    began = time.perf_counter()
    value = call()
    results.setdefault("seconds_per_part", {})[name] = round(time.perf_counter() - began, 1)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100,000 cases, 60 lives, 320 requests")
    parser.add_argument("--cases", type=int, help="cases for the page queries (default 1,000,000)")
    parser.add_argument("--lives", type=int, help="case lives per kind and connection count (default 240)")
    parser.add_argument("--requests", type=int, help="HTTP registrations (default 960)")
    parser.add_argument("--clients", type=int, default=bench_http.CLIENTS)
    parser.add_argument("--workers", type=int, default=bench_http.WORKERS, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=bench_http.THREADS, help="threads per gunicorn worker")
    parser.add_argument("--out", default=str(HERE / "results.json"))
    args = parser.parse_args()
    cases = args.cases or (100_000 if args.quick else 1_000_000)
    lives = args.lives or (60 if args.quick else 240)
    requests = args.requests or (320 if args.quick else 960)

    url = bench_cases.prepare_environment()
    started = time.time()
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "database_url_scheme": url.split(":", 1)[0],
        "quick": args.quick,
    }
    pairs = 2_000 if args.quick else bench_workdays.PAIRS
    results["workdays"] = _timed(results, "workdays", lambda: bench_workdays.run(pairs))
    w = bench_cases.world()
    results["case_lives"] = _timed(results, "case_lives", lambda: bench_cases.run(lives=lives))
    results["notice_pdf"] = _timed(results, "notice_pdf", _notice_pdf)
    results["http_registrations"] = _timed(
        results,
        "http_registrations",
        lambda: bench_http.run(
            w, requests=requests, clients=args.clients, workers=args.workers, threads=args.threads
        ),
    )
    bench_cases.empty_cases()
    pages, plans = _timed(results, "pages", lambda: bench_pages.run(w, cases))
    results["pages"] = pages
    results["reports"] = _timed(results, "reports", lambda: bench_reports.run(w, cases))
    results["seconds"] = round(time.time() - started, 1)
    out = Path(args.out)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    out.with_name("explain.txt").write_text(plans)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
