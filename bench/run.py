"""``make bench``: every benchmark in one run, written to bench/results.json.

Timings are reported beside a baseline measured in the same run (chinese_calendar for the calendar,
plain SQL for the case lifecycle), since absolute times on shared machines drift.
Options: ``--cases N`` (size of the overdue-query table, default 1,000,000), ``--lives N``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_cases  # noqa: E402
import bench_workdays  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--lives", type=int, default=300)
    parser.add_argument("--api-requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--out", default=str(HERE / "results.json"))
    args = parser.parse_args()

    url = bench_cases.prepare_environment()
    started = time.time()
    results = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "database_url_scheme": url.split(":", 1)[0],
        "workdays": bench_workdays.run(),
        "cases": bench_cases.run(
            lives=args.lives, api_requests=args.api_requests, clients=args.clients, big=args.cases
        ),
    }
    results["seconds"] = round(time.time() - started, 1)
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
