"""Benchmark: ``WorkCalendar.add_workdays`` against ``chinese_calendar.find_workday``.

``run()`` needs no database (the calendar is built without overrides) and returns a dict for the bench
runner; ``python bench/bench_workdays.py`` prints it as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import chinese_calendar

try:
    from bianmin.workdays.calendar import WorkCalendar
except ModuleNotFoundError:  # a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from bianmin.workdays.calendar import WorkCalendar

PAIRS = 10_000
TIMED_PAIRS = 2_000
SEED = 42
FIRST_START = dt.date(2024, 1, 1)
LAST_START = dt.date(2026, 10, 31)
MAX_DAYS = 60
REPEATS = 3
ONE_DAY = dt.timedelta(days=1)


def make_pairs(count: int = PAIRS, seed: int = SEED) -> list[tuple[dt.date, int]]:
    """``count`` deterministic (start, n) pairs: start uniform in 2024-01-01..2026-10-31, n in 1..60."""
    rng = random.Random(seed)
    span = (LAST_START - FIRST_START).days
    return [
        (FIRST_START + dt.timedelta(days=rng.randint(0, span)), rng.randint(1, MAX_DAYS))
        for _ in range(count)
    ]


def _find_workday(start: dt.date, n: int) -> dt.date:
    # find_workday(k, d) first moves to the first workday ON or after d, then k workdays further, so the
    # start day is counted when it is a workday. Starting from the next day with k = n - 1 gives the n-th
    # workday strictly after start, whatever start is (workday, weekend or holiday), like add_workdays.
    return chinese_calendar.find_workday(n - 1, start + ONE_DAY)


def _best_seconds(call: Callable[[dt.date, int], object], pairs: list[tuple[dt.date, int]]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        began = time.perf_counter()
        for start, n in pairs:
            call(start, n)
        best = min(best, time.perf_counter() - began)
    return best


def run(pairs_count: int = PAIRS, timed_count: int = TIMED_PAIRS) -> dict:
    """Both answers compared on ``pairs_count`` pairs; both timed on the first ``timed_count`` of them
    (chinese_calendar takes most of a millisecond a call, so timing it on every pair only costs time)."""
    calendar = WorkCalendar()
    add = calendar.add_workdays
    pairs = make_pairs(pairs_count)
    last_published = dt.date(max(chinese_calendar.holidays).year, 12, 31)
    # chinese_calendar raises for years it has no data for (2027 on), so both sides are compared and timed
    # on the pairs whose answer it can give; the rest are counted, not hidden.
    comparable = [(start, n) for start, n in pairs if add(start, n).date <= last_published]
    mismatches = [(start, n) for start, n in comparable if add(start, n).date != _find_workday(start, n)]
    if mismatches:
        raise RuntimeError(
            f"add_workdays and find_workday disagree on {len(mismatches)} pairs: {mismatches[:5]}"
        )

    timed = comparable[:timed_count]
    ours = _best_seconds(add, timed) / len(timed) * 1e6
    theirs = _best_seconds(_find_workday, timed) / len(timed) * 1e6
    return {
        "add_us_per_call": round(ours, 3),
        "chinesecalendar_us_per_call": round(theirs, 3),
        "speedup_vs_chinesecalendar": round(theirs / ours, 1),
        "pairs": len(pairs),
        "pairs_compared": len(comparable),
        "pairs_timed": len(timed),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
