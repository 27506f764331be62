"""A submission's frozen table read back (``figures.thawed``): the reports app's ``StatisticsTable.from_json``
reads months, quarters and years, not the half months of the semi-monthly report (000 篇8 ③ 每月15號和月底),
so a half month is read as its month and given its own period back — with every figure as it was stored."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from bianmin.cases import actions as cases
from bianmin.conftest import at, person
from bianmin.lib.periods import parse_period
from bianmin.submissions import figures
from bianmin.submissions.schedule import half_month, period_for


def register(world, day):  # type: ignore[no-untyped-def]
    with time_machine.travel(day, tick=False):
        return cases.register(actor=world.clerk, item_code="MZ001", applicant=person()).case


@pytest.mark.parametrize(
    ("kind", "key", "first", "last"),
    [
        ("semi_monthly", "2026-11-H1", dt.date(2026, 11, 1), dt.date(2026, 11, 15)),
        ("semi_monthly", "2026-11-H2", dt.date(2026, 11, 16), dt.date(2026, 11, 30)),
        ("monthly", "2026-11", dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
        ("quarterly", "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ],
)
def test_a_stored_table_reads_back_with_its_own_period_and_figures(world, kind, key, first, last):
    # given cases on the 3rd and the 20th of November: each half month counts one
    register(world, at(2026, 11, 3, 10))
    register(world, at(2026, 11, 20, 10))
    period = period_for(kind, key)
    live = figures.live_table(world.town, period, today=dt.date(2027, 1, 5))
    # when it is frozen as a submission stores it, and read back
    back = figures.thawed(figures.frozen(live), period)
    # then the period is the report's own (a half month stays a half month) and the figures are the same
    assert (back.period.key, back.period.first, back.period.last) == (key, first, last)
    assert back.total.values == live.total.values
    assert [(r.label, r.values) for r in back.rows] == [(r.label, r.values) for r in live.rows]
    received = 1 if kind == "semi_monthly" else 2
    assert back.total.values["received"] == received


def test_a_half_months_table_is_not_read_as_its_whole_month(world):
    """The stored key of a half month is ``2026-11-H1``; read back it must not become 2026-11's 30 days."""
    h1 = half_month(2026, 11, 1)
    stored = figures.frozen(figures.live_table(world.town, h1, today=dt.date(2026, 11, 16)))
    assert stored["period"] == "2026-11-H1"
    back = figures.thawed(stored, h1)
    assert back.period == h1 and back.period != parse_period("2026-11")
    assert stored["period"] == "2026-11-H1"  # the stored row is left as it was
