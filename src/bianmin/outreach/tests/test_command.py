"""``bianmin schedule_market_days``: the monthly job, safe to run twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bianmin.outreach.models import MarketDay


def run(*args: str) -> str:
    out = StringIO()
    call_command("schedule_market_days", *args, stdout=out)
    return out.getvalue()


def test_next_month_is_planned_for_every_center_with_market_days(town, time_machine):
    """On 20 March the job plans April: 象湖镇 on the 5th, 15th, 25th; 壬田镇 on the 1st, 11th, 21st."""
    time_machine.move_to(dt.datetime(2026, 3, 20, 6, tzinfo=dt.UTC))
    out = run()
    assert "共新安排 6 个赶场日" in out
    assert sorted((e.org.code, e.date.day) for e in MarketDay.objects.select_related("org")) == [
        (town.town.code, 5),
        (town.town.code, 15),
        (town.town.code, 25),
        (town.town2.code, 1),
        (town.town2.code, 11),
        (town.town2.code, 21),
    ]
    # and a second run changes nothing
    assert "共新安排 0 个赶场日" in run()
    assert MarketDay.objects.count() == 6


def test_one_center_and_one_month(town, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 20, 6, tzinfo=dt.UTC))
    run("--month", "2026-05", "--center", town.town2.code)
    assert sorted(MarketDay.objects.values_list("date", flat=True)) == [
        dt.date(2026, 5, 1),
        dt.date(2026, 5, 11),
        dt.date(2026, 5, 21),
    ]
    with pytest.raises(CommandError):
        run("--month", "May")
    with pytest.raises(CommandError):
        run("--center", "000000")
