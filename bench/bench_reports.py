"""The statistics table at a county's scale (issue 12 item 2): a county's month and year at 1,000,000 cases.

The cases are ``bench_pages``' five-year ledger (built here when the table holds fewer), given conclusion
dates (the concluded, delivered and archived ones: 0–13 days after acceptance) and refusal dates, so the
on-time and average-days figures have rows to count. Then, in one run:

- the rollups of the whole history are built once (``reports.actions.rebuild_rollups``, timed);
- ``reports.selectors.statistics`` for the county — last full month and last full year, total and by
  window — is timed with the rollups (what pages read) and with ``rollups=False``, the same figures
  straight from the ledger, as the baseline; both must give the same table.

Targets: < 1 s for the month, < 2 s for the year, with rollups. Run alone with
``python bench/bench_reports.py [--cases N]`` (``BIANMIN_BENCH_DATABASE_URL`` as for ``run.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

MONTH_TARGET_MS = 1000
YEAR_TARGET_MS = 2000


def _median_ms(call: Callable[[], Any], repeats: int) -> float:
    call()  # warm: plans, caches
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return round(statistics.median(times) * 1000, 1)


def conclude_history() -> float:
    """Conclusion dates for the concluded cases and closing dates for the refused ones, in two UPDATEs."""
    from django.db import connection, transaction

    from bianmin.cases.models import Case

    table = Case._meta.db_table
    postgres = connection.vendor == "postgresql"
    concluded = (
        "accepted_at + (id %% 14) * interval '1 day' + interval '2 hours'"
        if postgres
        else "datetime(accepted_at, '+' || (id %% 14) || ' days', '+2 hours')"
    )
    closed = "registered_at + interval '1 hour'" if postgres else "datetime(registered_at, '+1 hour')"
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            f"UPDATE {table} SET concluded_at = {concluded} WHERE concluded_at IS NULL"
            " AND state IN ('concluded', 'delivered', 'archived') AND accepted_at IS NOT NULL",
            [],
        )
        c.execute(
            f"UPDATE {table} SET closed_at = {closed} WHERE closed_at IS NULL AND state = 'rejected'", []
        )
    with connection.cursor() as c:
        c.execute(f"VACUUM ANALYZE {table}" if postgres else f"ANALYZE {table}")
    return round(time.perf_counter() - began, 1)


def run(w: Any, count: int, repeats: int = 5) -> dict[str, Any]:
    import bench_pages
    from django.db import connection
    from django.utils import timezone

    from bianmin.cases.models import Case
    from bianmin.lib.periods import parse_period
    from bianmin.reports.actions import rebuild_rollups
    from bianmin.reports.models import DailyRollup
    from bianmin.reports.selectors import statistics as table_of

    today = timezone.localdate()
    results: dict[str, Any] = {"database": connection.vendor}
    if Case.objects.count() < count:
        results["build"] = bench_pages.build(w, count, today)
    results["conclusions_s"] = conclude_history()
    results["cases_in_table"] = Case.objects.count()
    first = Case.objects.order_by("registered_at").values_list("registered_at", flat=True).first()
    since = timezone.localtime(first).date() if first else today
    began = time.perf_counter()
    rebuild_rollups(since, org=w.county, today=today)
    results["rollup_build_s"] = round(time.perf_counter() - began, 1)
    results["rollup_rows"] = DailyRollup.objects.count()

    last_month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    periods = {"month": parse_period(last_month), "year": parse_period(str(today.year - 1))}
    targets = {"month": MONTH_TARGET_MS, "year": YEAR_TARGET_MS}
    timings: dict[str, Any] = {}
    for name, period in periods.items():
        for by in ("total", "window"):
            rolled = table_of(w.county, period, by, today=today)
            raw = table_of(w.county, period, by, today=today, rollups=False)
            assert rolled.to_json() == raw.to_json(), f"rollups and ledger differ: {name} {by}"
            with_ms = _median_ms(lambda p=period, b=by: table_of(w.county, p, b, today=today), repeats)
            raw_ms = _median_ms(
                lambda p=period, b=by: table_of(w.county, p, b, today=today, rollups=False), repeats
            )
            timings[f"{name}_{by}"] = {
                "period": period.key,
                "received": rolled.total.values["received"],
                "concluded": rolled.total.values["concluded"],
                "with_rollups_ms": with_ms,
                "ledger_only_ms": raw_ms,
                "ledger_to_rollups_ratio": round(raw_ms / with_ms, 1) if with_ms else None,
                "target_ms": targets[name],
                "meets_target": with_ms < targets[name],
            }
    results["statistics"] = timings
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    import bench_cases

    bench_cases.prepare_environment()
    w = bench_cases.world()
    print(json.dumps(run(w, args.cases, args.repeats), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
