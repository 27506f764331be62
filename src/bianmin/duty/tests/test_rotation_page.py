"""轮值顺序 edited on a page by the director, then the month re-arranged by it: generated days follow the new
order, a hand edit (手工编排), a swap (调班), a written duty log and the days already past are kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.conftest import at
from bianmin.duty import actions, selectors
from bianmin.duty.models import DutyEntry, DutyKind, EntrySource
from bianmin.duty.tests.conftest import NOW, OCTOBER

pytestmark = pytest.mark.django_db

URL = "/counter/duty/rotation/"


def leaders(org: Any) -> dict[dt.date, int]:
    return dict(DutyEntry.objects.filter(org=org, kind=DutyKind.LEADER).values_list("date", "staff_id"))


def post_leaders(client: Any, duty: Any, order: list[Any], month: str = "2026-10", **extra: Any) -> Any:
    return client.post(
        f"{URL}?org={duty.town.code}&month={month}",
        {"kind": DutyKind.LEADER, "leader-staff": [s.pk for s in order] + [""], **extra},
    )


def test_the_director_sets_a_rotation_on_the_page(duty: Any, client: Any, time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)
    client.force_login(duty.director)
    page = client.get(URL).content.decode()
    assert "周带班 → 吴主任" in page and "李窗口 → 陈承办 → 林业员" in page
    answer = client.post(
        f"{URL}?org={duty.town.code}",
        {"kind": DutyKind.STAFF, "staff-staff": [duty.forester.staff.pk, "", duty.clerk.staff.pk]},
    )
    assert answer.status_code == 302
    assert selectors.rotation_of(duty.town, DutyKind.STAFF) == [duty.forester.staff, duty.clerk.staff]
    # the same name twice, or someone of another town, is refused and nothing changes
    for wrong in ([duty.clerk.staff.pk, duty.clerk.staff.pk], [duty.clerk2.staff.pk], ["x"]):
        page = client.post(f"{URL}?org={duty.town.code}", {"kind": DutyKind.STAFF, "staff-staff": wrong})
        assert page.status_code == 200
        html = page.content.decode()
        assert "轮值顺序中同一人只能出现一次" in html or "只能安排本单位的工作人员值班" in html
    assert selectors.rotation_of(duty.town, DutyKind.STAFF) == [duty.forester.staff, duty.clerk.staff]
    assert client.post(URL, {"kind": "nope"}).status_code == 200
    # only the director edits: a clerk is refused the page
    client.force_login(duty.clerk)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"kind": DutyKind.STAFF, "staff-staff": [duty.clerk.staff.pk]}).status_code == 403


def test_rearranging_the_month_keeps_hand_edits_swaps_and_logs(
    duty: Any, client: Any, time_machine: Any
) -> None:
    """000 篇2 每天至少1名领导带班: the leaders' order is reversed on 20 September; every generated October day
    changes hands, except 13 October (edited by hand to 陈承办), 14 October (swapped) and 15 October (its
    duty log written) — and every working day still has its 带班领导."""
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    actions.assign(
        actor=duty.director,
        org=duty.town,
        date=dt.date(2026, 10, 13),
        kind=DutyKind.LEADER,
        staff=duty.handler.staff,
        note="周带班下乡",
        now=NOW,
    )
    swapped = DutyEntry.objects.get(org=duty.town, date=dt.date(2026, 10, 14), kind=DutyKind.LEADER)
    other = duty.director.staff if swapped.staff_id == duty.leader.staff.pk else duty.leader.staff
    actions.swap(swapped, actor=duty.director, to_staff=other, reason="会议冲突", now=NOW)
    logged = DutyEntry.objects.get(org=duty.town, date=dt.date(2026, 10, 15), kind=DutyKind.LEADER)
    DutyEntry.objects.filter(pk=logged.pk).update(log="提前写好的值班记录")  # as if written on the day
    before = leaders(duty.town)
    kept = {dt.date(2026, 10, d) for d in (13, 14, 15)}

    time_machine.move_to(NOW, tick=False)
    client.force_login(duty.director)
    answer = post_leaders(client, duty, [duty.director.staff, duty.leader.staff], regenerate="1")
    assert answer.status_code == 302
    after = leaders(duty.town)
    assert set(after) == set(before)
    for day, staff_id in before.items():
        if day in kept:
            assert after[day] == staff_id, day
        else:
            assert after[day] != staff_id, day  # two leaders reversed: every generated day changes hands
    assert DutyEntry.objects.get(org=duty.town, date=dt.date(2026, 10, 13), kind=DutyKind.LEADER).source == (
        EntrySource.MANUAL
    )
    for day in (
        d for d in selectors.month_days(*OCTOBER) if DutyKind.LEADER in selectors.required_kinds(duty.town, d)
    ):
        assert selectors.duty_leader_of(duty.town, day) is not None, day
    # staff duty untouched by a change of the leaders' order
    assert "已按新轮值重排" in client.get(answer["Location"]).content.decode()


def test_rearranging_leaves_the_days_already_past(duty: Any, client: Any, time_machine: Any) -> None:
    """On Friday 9 October the order changes: 8 October (past) keeps its leader, 9 October on follow the new
    order; saving without 重排 changes no day at all."""
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    before = leaders(duty.town)
    time_machine.move_to(at(2026, 10, 9, 8), tick=False)
    client.force_login(duty.director)
    post_leaders(client, duty, [duty.director.staff, duty.leader.staff])
    assert leaders(duty.town) == before
    post_leaders(client, duty, [duty.director.staff, duty.leader.staff], regenerate="1")
    after = leaders(duty.town)
    assert after[dt.date(2026, 10, 8)] == before[dt.date(2026, 10, 8)]
    assert after[dt.date(2026, 10, 9)] != before[dt.date(2026, 10, 9)]
    assert after[dt.date(2026, 10, 12)] != before[dt.date(2026, 10, 12)]


def test_rearranging_fills_the_days_still_lacking(duty: Any, time_machine: Any) -> None:
    """A month not generated yet: 重排 is a generation (no day existing to change)."""
    time_machine.move_to(NOW, tick=False)
    changed, created = actions.regenerate_month(duty.town, *OCTOBER, actor=duty.director, now=NOW)
    assert changed == 0 and created == DutyEntry.objects.filter(org=duty.town).count() == 18 * 2 + 13


def test_rotation_over_the_api(duty: Any, api: Any, time_machine: Any) -> None:
    """POST /api/v1/rosters/rotation/: the same action as the page, and the month re-arranged on request."""
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    before = leaders(duty.town)
    time_machine.move_to(NOW, tick=False)
    url = "/api/v1/rosters/rotation/"
    api.force_authenticate(duty.clerk)
    refused = api.post(url, {"org": duty.town.code, "kind": "leader", "staff": []}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    api.force_authenticate(duty.director)
    order = [duty.director.staff.pk, duty.leader.staff.pk]
    done = api.post(
        url, {"org": duty.town.code, "kind": "leader", "staff": order, "regenerate": "2026-10"}, format="json"
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert (body["staff"], body["staff_names"], body["created"]) == (order, ["吴主任", "周带班"], 0)
    assert body["changed"] == len(before)
    again = api.post(
        url, {"org": duty.town.code, "kind": "leader", "staff": [order[0], order[0]]}, format="json"
    )
    assert (again.status_code, again.json()["code"]) == (400, "rotation_repeats")
    other = api.post(url, {"org": duty.town2.code, "kind": "leader", "staff": order}, format="json")
    assert (other.status_code, other.json()["code"]) == (404, "org_not_found")
    bad = api.post(
        url, {"org": duty.town.code, "kind": "leader", "staff": order, "regenerate": "2026-13"}, format="json"
    )
    assert bad.status_code == 400
