"""AB cover (001: AB岗, 窗口不空岗): a window is empty when neither its A nor its B post is at their post."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from bianmin.attendance import actions
from bianmin.attendance.models import EmptyWindowAlert
from bianmin.attendance.selectors import empty_window_count, empty_windows, violations
from bianmin.attendance.selectors_cover import window_staffing
from bianmin.attendance.tests.test_api import login
from bianmin.conftest import at, make_staff
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import Staff
from bianmin.orgs.roles import Role


def test_a_window_is_empty_when_a_and_b_are_both_away(world: Any) -> None:
    """民政: 李窗口 holds A, 陈承办 B. 李 on a trip and 陈 not signed in leaves it empty; 陈 signing in covers it."""
    now = at(2026, 3, 2, 9, 30)
    actions.sign_in(world.clerk, at(2026, 3, 2, 7, 58))
    assert world.mz not in empty_windows(world.town, now)
    actions.start_trip(world.clerk, "入户核查", at(2026, 3, 2, 9, 0))
    assert world.mz in empty_windows(world.town, now)
    actions.sign_in(world.handler, at(2026, 3, 2, 9, 10))
    assert world.mz not in empty_windows(world.town, now)
    # outside office hours nothing is empty
    assert empty_windows(world.town, at(2026, 3, 2, 12, 30)) == []


def test_monthly_count_of_empty_half_days(world: Any) -> None:
    """One working day, three windows (民政 A/B, 国土 A=陈, 林业 A=林): only 林 never signed in."""
    day = dt.date(2026, 3, 2)
    actions.sign_in(world.handler, at(2026, 3, 2, 7, 58))
    actions.sign_in(world.handler, at(2026, 3, 2, 14, 0))
    assert empty_window_count(world.town, day, day) == 2  # 林业, morning and afternoon


# ------------------------------------------------------------------------------ history, alerts, API

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def monday(world: Any) -> Any:
    """Monday 2 March at 象湖镇 (default hours 8:00–12:00, 14:30–17:30). 民政: 李窗口 (A) signs in both
    half days; 陈承办 (民政 B, 国土 A) only the morning, out 9:00–9:30; 林业员 (林业 A) in at 8:20, not after."""
    for user, moments in (
        (world.clerk, [(7, 55), (14, 20)]),
        (world.handler, [(7, 55)]),
        (world.forester, [(8, 20)]),
    ):
        for hh, mm in moments:
            actions.sign_in(user, at(2026, 3, 2, hh, mm))
    actions.start_trip(world.handler, "入户调查", at(2026, 3, 2, 9, 0))
    actions.end_trip(world.handler, at(2026, 3, 2, 9, 30))
    return world


def test_window_staffing_counts_half_days_from_sign_ins_and_trips(monday: Any) -> None:
    """001 窗口不空岗 for the monthly report, with no job run: 民政 always had someone (A, then B); 国土 was
    empty while its only holder was out and all afternoon; 林业 the 20 minutes before 8:20 and all afternoon."""
    rows = {
        r.window.name: (r.half_days, r.staffed, r.empty, r.empty_minutes)
        for r in window_staffing(monday.town, MONDAY, MONDAY)
    }
    assert rows == {"民政": (2, 2, 0, 0), "国土和规划": (2, 0, 2, 30 + 180), "林业": (2, 0, 2, 20 + 180)}
    assert empty_window_count(monday.town, MONDAY, MONDAY) == 4
    # days before the center kept sign-ins are not judged (rather than every window empty)
    assert {
        r.half_days for r in window_staffing(monday.town, dt.date(2026, 2, 23), dt.date(2026, 2, 27))
    } == {0}
    # with ``now`` at 10:00 only the morning so far is judged
    assert empty_window_count(monday.town, MONDAY, MONDAY, now=at(2026, 3, 2, 10)) == 2


def test_a_clerk_judged_only_from_joining_to_leaving(world: Any) -> None:
    """到岗/离职日期: 林业员 joins on Tuesday 3 March and leaves after Wednesday; no sign-ins at all — absent
    Tuesday and Wednesday only, not Monday before joining nor Thursday after leaving."""
    actions.sign_in(world.clerk, at(2026, 3, 2, 7, 55))  # the center keeps sign-ins
    Staff.objects.filter(pk=world.forester.staff.pk).update(
        joined_on=dt.date(2026, 3, 3), left_on=dt.date(2026, 3, 4)
    )
    found = [
        (v.day, v.kind)
        for v in violations([world.town.pk], MONDAY, dt.date(2026, 3, 5))
        if v.user_id == world.forester.pk
    ]
    assert found == [(dt.date(2026, 3, 3), "absent_day"), (dt.date(2026, 3, 4), "absent_day")]


def test_the_command_records_one_alert_per_window_and_half_day_and_keeps_them(monday: Any) -> None:
    """``bianmin attendance_alerts``: the empty half days so far, once each however often it runs; the
    morning's alerts stay when the afternoon is staffed."""
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        call_command("attendance_alerts", stdout=StringIO())
        call_command("attendance_alerts", stdout=StringIO())
    rows = list(
        EmptyWindowAlert.objects.order_by("window__number").values_list("window__name", "session", "minutes")
    )
    assert rows == [("国土和规划", "am", 30), ("林业", "am", 20)]
    alert = EmptyWindowAlert.objects.get(window=monday.ly)
    assert alert.since == at(2026, 3, 2, 8, 0) and "林业员：08:20签到" in alert.away
    with time_machine.travel(at(2026, 3, 2, 15, 0), tick=False):
        out = StringIO()
        call_command("attendance_alerts", stdout=out)
    assert out.getvalue().startswith("2 empty-window alert(s)")
    assert EmptyWindowAlert.objects.count() == 4 == empty_window_count(monday.town, MONDAY, MONDAY)


def test_the_director_acknowledges_an_alert_once(monday: Any) -> None:
    actions.record_empty_window_alerts(monday.town, at(2026, 3, 2, 10, 0))
    alert = EmptyWindowAlert.objects.get(window=monday.ly)
    with pytest.raises(DomainError) as clerk:
        actions.acknowledge_alert(monday.clerk, alert, now=at(2026, 3, 2, 10, 5))
    assert clerk.value.code == "permission_denied"
    with pytest.raises(DomainError) as outsider:
        actions.acknowledge_alert(
            make_staff("d2", monday.town2, Role.DIRECTOR, "外镇主任"), alert, now=at(2026, 3, 2, 10, 5)
        )
    assert outsider.value.code == "alert_not_found"
    done = actions.acknowledge_alert(monday.leader, alert, now=at(2026, 3, 2, 10, 5), note="已电话催促到岗")
    assert (done.acknowledged_by, done.note) == (monday.leader, "已电话催促到岗")
    with pytest.raises(DomainError) as twice:
        actions.acknowledge_alert(monday.director, alert, now=at(2026, 3, 2, 10, 6))
    assert twice.value.code == "alert_acknowledged"


def test_the_empty_windows_api_answers_live_and_the_months_history(
    monday: Any, api: Any, time_machine: Any
) -> None:
    time_machine.move_to(at(2026, 3, 2, 15, 0))
    actions.record_empty_window_alerts(monday.town, at(2026, 3, 2, 10, 0))
    login(api, monday.director)
    answer = api.get("/api/v1/attendance/empty-windows/")
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["empty"] == ["GT", "LY"] and body["month"] == "2026-03"
    mz = next(w for w in body["windows"] if w["window"] == "MZ")
    assert mz["serving"] == "李窗口" and [h["state"] for h in mz["holders"]] == ["on_duty", "not_signed_in"]
    assert [(a["window"], a["session"]) for a in body["alerts"]] == [("GT", "am"), ("LY", "am")]
    assert {s["window"]: (s["staffed"], s["empty"]) for s in body["staffing"]} == {
        "MZ": (2, 0),
        "GT": (0, 2),
        "LY": (0, 2),
    }
    assert api.get("/api/v1/attendance/empty-windows/", {"month": "2026-3"}).status_code == 400
    assert api.get("/api/v1/attendance/empty-windows/", {"center": monday.town2.code}).status_code == 404
    assert login(api, monday.clerk).get("/api/v1/attendance/empty-windows/").status_code == 403


def test_the_windows_page_alerts_the_director_and_offers_acknowledgement(
    monday: Any, client: Any, time_machine: Any
) -> None:
    """The director sees the windows empty now in red, derived live (no job ran), and the month's alerts."""
    time_machine.move_to(at(2026, 3, 2, 15, 0))
    client.force_login(monday.director)
    page = client.get("/counter/attendance/windows/").content.decode()
    assert "2 个窗口空岗" in page and "国土和规划" in page and "本月暂无空岗记录" in page
    actions.record_empty_window_alerts(monday.town, at(2026, 3, 2, 15, 0))
    page = client.get("/counter/attendance/windows/").content.decode()
    assert page.count("attendance/alerts/") == 4
    alert = EmptyWindowAlert.objects.get(window=monday.gt, session="am")
    client.post(f"/counter/attendance/alerts/{alert.pk}/acknowledge/", {"note": "已安排B岗"})
    alert.refresh_from_db()
    assert alert.acknowledged_by == monday.director and alert.note == "已安排B岗"
    # the sign-in page of anyone at the center names the empty windows too
    client.force_login(monday.clerk)
    assert "空岗窗口：国土和规划、林业" in client.get("/counter/attendance/").content.decode()
    assert client.get("/counter/attendance/windows/").status_code == 403


def test_two_runs_of_the_command_at_once_record_each_alert_once(monday: Any, transactional_db: Any) -> None:
    """The cron and a hand-run at the same moment: one alert per window and half day, no error."""
    results: list[str] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        barrier.wait()
        try:
            results.append(str(actions.record_empty_window_alerts(monday.town, at(2026, 3, 2, 10, 0))))
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) in (["0", "2"], ["1", "1"])
    assert EmptyWindowAlert.objects.count() == 2
