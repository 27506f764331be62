"""Daily rollups against the raw ledger on random data (issue 12 item 2), the mark, and concurrent runs."""

from __future__ import annotations

import datetime as dt
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections

from bianmin.cases import actions
from bianmin.complaints.models import Complaint
from bianmin.conftest import at
from bianmin.feedback.actions import rate
from bianmin.lib.errors import DomainError
from bianmin.lib.periods import parse_period
from bianmin.reports.actions import rebuild_rollups
from bianmin.reports.models import DailyRollup, RollupMark
from bianmin.reports.selectors import statistics
from bianmin.reports.tests.conftest import ALL_MANDATORY, register

BREAKDOWNS = ("total", "window", "item", "station", "kind", "channel", "town")


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    return at(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59))


def random_ledger(w: Any, seed: int, n: int = 36) -> None:
    """``n`` cases over September–October 2026 at both towns, each taken a random way through its life
    by the case actions, with ratings and complaints now and then."""
    rng = random.Random(seed)
    start = dt.date(2026, 9, 1)
    for _ in range(n):
        day = start + dt.timedelta(days=rng.randint(0, 55))
        town2 = rng.random() < 0.25
        clerk = w.clerk2 if town2 else w.clerk
        item = (
            rng.choice(["MZ001", "ZH001", "MZ001", "GT001"]) if not town2 else rng.choice(["MZ001", "ZH001"])
        )
        full = rng.random() < 0.8
        now = _moment(rng, day)
        case = register(
            w, item, now=now, actor=clerk, received_materials=ALL_MANDATORY if full else ["居民身份证"]
        )
        later = lambda days, now=now: now + dt.timedelta(days=days, minutes=rng.randint(1, 60))  # noqa: E731
        try:
            if not full:
                if rng.random() < 0.5:
                    actions.reject(case, actor=clerk, reason="不符合条件", now=later(0))
                else:
                    actions.notify_missing(case, actor=clerk, now=later(0))
                continue
            if rng.random() < 0.15:
                continue  # still waiting
            case = actions.accept(case, actor=clerk, now=later(rng.randint(0, 1))).case
            when = rng.randint(1, 20)
            if item == "ZH001":
                case = actions.conclude(case, actor=clerk, result="granted", now=later(when // 10)).case
            elif item == "GT001":
                continue
            else:
                handler = w.handler if not town2 else clerk
                if town2:
                    continue
                actions.assign(case, actor=clerk, handler=handler, now=later(2))
                if rng.random() < 0.3:
                    actions.suspend(case, actor=handler, type="testing", reason="检验", now=later(3))
                    actions.resume(case, actor=handler, now=later(5))
                if rng.random() < 0.8:
                    case = actions.conclude(case, actor=handler, result="granted", now=later(5 + when)).case
            if rng.random() < 0.3:
                received = day + dt.timedelta(days=rng.randint(0, 10))
                Complaint.objects.create(
                    org=case.org,
                    channel="phone",
                    content="态度差",
                    case=case,
                    against_window=case.window,
                    received_at=_moment(rng, received),
                    received_on=received,
                    due_date=received + dt.timedelta(days=10),
                    upheld=rng.random() < 0.5,
                    decided_at=_moment(rng, received + dt.timedelta(days=3)),
                )
            if case.concluded_at is not None and rng.random() < 0.6:
                level = rng.randint(1, 5)
                rate(
                    case,
                    level=level,
                    comment="慢" if level > 3 else "",
                    now=case.concluded_at + dt.timedelta(hours=1),
                )
        except DomainError:
            continue  # a step the rules refuse on that day (a holiday, a guard): the case stays as it is


def _figures(org: Any, period: str, by: str, today: dt.date, rollups: bool) -> Any:
    table = statistics(org, parse_period(period), by, today=today, rollups=rollups)
    return {r.key: r.values for r in table.rows}, table.total.values


@pytest.mark.parametrize("seed", [1, 2])
def test_rollups_give_the_ledgers_figures_on_random_data(world: Any, seed: int) -> None:
    random_ledger(world, seed)
    today = dt.date(2026, 11, 20)
    # the rollups reach 10-19 at 象湖镇 only: its October is part rollups, part ledger; 壬田镇 all ledger
    rebuild_rollups(dt.date(2026, 9, 1), org=world.town, today=dt.date(2026, 10, 20))
    assert DailyRollup.objects.filter(center=world.town).exists()
    year = statistics(world.county, parse_period("2026"), today=today).total.values
    assert year["received"] == 36 and year["concluded"] and year["returned"] and year["supplement"]
    assert sum(year[f"ratings_{n}"] for n in range(1, 6)) and year["complaints"]  # type: ignore[misc]
    for org in (world.county, world.town, world.town2, world.village):
        for period in ("2026-09", "2026-10", "2026-Q4", "2026"):
            for by in BREAKDOWNS:
                assert _figures(org, period, by, today, True) == _figures(org, period, by, today, False), (
                    org.name,
                    period,
                    by,
                )
    # and with every center rolled up through yesterday
    rebuild_rollups(dt.date(2026, 9, 1), today=today)
    for period in ("2026-09", "2026-10", "2026"):
        for by in BREAKDOWNS:
            assert _figures(world.county, period, by, today, True) == _figures(
                world.county, period, by, today, False
            )


def test_a_rebuild_is_idempotent_and_the_mark_stays_one_span(world: Any) -> None:
    random_ledger(world, 3, n=12)
    today = dt.date(2026, 11, 1)
    rebuild_rollups(dt.date(2026, 10, 1), org=world.town, today=today)
    first = sorted(DailyRollup.objects.filter(center=world.town).values_list("day", "received", "concluded"))
    rebuild_rollups(dt.date(2026, 10, 1), org=world.town, today=today)
    assert (
        sorted(DailyRollup.objects.filter(center=world.town).values_list("day", "received", "concluded"))
        == first
    )
    mark = RollupMark.objects.get(center=world.town)
    assert (mark.rolled_from, mark.rolled_through) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    # a later --since that would leave a gap starts from the day after the mark instead
    rebuild_rollups(dt.date(2026, 11, 10), org=world.town, today=dt.date(2026, 11, 15))
    mark.refresh_from_db()
    assert (mark.rolled_from, mark.rolled_through) == (dt.date(2026, 10, 1), dt.date(2026, 11, 14))


def test_todays_cases_are_counted_without_the_command(world: Any) -> None:
    """Pages never depend on the command: today (never rolled) comes from the ledger."""
    rebuild_rollups(dt.date(2026, 10, 1), org=world.town, today=dt.date(2026, 10, 14))
    register(world, now=at(2026, 10, 14, 9))
    table = statistics(world.town, parse_period("2026-10"), today=dt.date(2026, 10, 14))
    assert table.total.values["received"] == 1


def test_the_command_rebuilds_an_orgs_centers(world: Any) -> None:
    register(world, now=at(2026, 10, 12, 9))
    call_command("reports_rollup", "--since", "2026-10-01", "--org", world.town.code)
    assert RollupMark.objects.filter(center=world.town).exists()
    assert not RollupMark.objects.filter(center=world.town2).exists()
    assert DailyRollup.objects.filter(center=world.town, day=dt.date(2026, 10, 12)).get().received == 1


@pytest.mark.django_db(transaction=True)
def test_two_rebuilds_at_once_write_each_day_once(world: Any) -> None:
    """The cron run and a second one started by hand: the center's mark row serves them one after the
    other; the rows are those of one rebuild."""
    for day in (12, 13, 14):
        register(world, now=at(2026, 10, day, 9))
    barrier = threading.Barrier(2)

    def run() -> int:
        try:
            barrier.wait()
            return sum(
                r.rows
                for r in rebuild_rollups(dt.date(2026, 10, 1), org=world.town, today=dt.date(2026, 10, 20))
            )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        written = list(pool.map(lambda _: run(), range(2)))
    assert sorted(DailyRollup.objects.filter(center=world.town).values_list("day", "received")) == [
        (dt.date(2026, 10, d), 1) for d in (12, 13, 14)
    ]
    assert written[0] == written[1] or 0 in written
