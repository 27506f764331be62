"""The demo's disclosure: the running quarter live from the history, the previous quarter with a few cases
concluded in it through the case actions and frozen as the quarterly command would have, once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from bianmin.cases.models import Case
from bianmin.conftest import at
from bianmin.demo.build import COUNTY_CODE, TOWN_CODES, build_demo
from bianmin.demo.disclosure import CASES, build_disclosure
from bianmin.demo.history import build_history
from bianmin.disclosure.models import Disclosure

pytestmark = pytest.mark.django_db
NOW = at(2026, 11, 24, 10)


def test_the_previous_quarter_is_concluded_rated_and_published_once(client: Any, time_machine: Any) -> None:
    time_machine.move_to(NOW)
    build_demo()
    assert build_history(today=NOW.date())
    # 000 篇7 每季度滚动公开: the third quarter, before the history's month, frozen for both towns and the
    # county that discloses them
    assert build_disclosure(now=NOW) == 3
    snapshots = {d.org.code: d for d in Disclosure.objects.select_related("org")}
    assert set(snapshots) == {COUNTY_CODE, *TOWN_CODES}
    assert {d.quarter for d in snapshots.values()} == {"2026-Q3"}
    # published by the quarterly run on the quarter's second day, not by whoever built the demo
    assert {timezone.localtime(d.published_at) for d in snapshots.values()} == {at(2026, 10, 2, 2)}
    xianghu = snapshots[TOWN_CODES[0]]
    ours = [c for c in CASES if c[0] == TOWN_CODES[0]]
    assert xianghu.row_count == len(ours) and snapshots[COUNTY_CODE].row_count == len(CASES)
    assert {r["result"] for r in xianghu.rows} == {"granted", "denied"}
    assert all(
        dt.date(2026, 7, 1) <= dt.date.fromisoformat(r["concluded_on"]) <= dt.date(2026, 9, 30)
        for r in xianghu.rows
    )
    # one concluded late, the rest on time; every rating at the window counted
    figures = xianghu.figures
    assert (figures["concluded"], figures["on_time"]) == (len(ours), len(ours) - 1)
    assert figures["ratings"] == sum(1 for c in ours if c[4] is not None)
    # nothing personal in the snapshot: names masked, no ID number or phone
    text = str(xianghu.rows)
    for case in Case.objects.filter(org__code=TOWN_CODES[0]):
        for secret in (case.applicant_id_number, case.applicant_phone, case.applicant_name):
            assert not secret or secret not in text, secret
    # the public page: the running quarter live, the third quarter from its snapshot in the archive
    page = client.get(f"/disclosure/{TOWN_CODES[0]}/").content.decode()
    assert "数据截至 2026-11-24" in page and "?quarter=2026-Q3" in page
    assert "存档公开" in client.get(f"/disclosure/{TOWN_CODES[0]}/?quarter=2026-Q3").content.decode()
    # built once
    count = Case.objects.count()
    assert build_disclosure(now=NOW) == 0
    assert Case.objects.count() == count and Disclosure.objects.count() == 3
