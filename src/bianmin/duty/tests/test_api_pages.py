"""``/api/v1/rosters/`` and ``/api/v1/meetings/``, the 值班表 pages and 燕子村's public rota (004 公开轮值表)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.authtoken.models import Token

from bianmin.conftest import at
from bianmin.duty import actions
from bianmin.duty.models import DutyEntry, DutyKind, MeetingKind
from bianmin.duty.tests.conftest import NOW, OCTOBER

pytestmark = pytest.mark.django_db

# Page: session, user, permissions (2), staff, groups (scoping), its org, the month's entries (one query,
# swaps counted), the calendar stamp, the nav (3, with the unread notifications) = 12; the same for one
# day's roster or a month of them.
ROSTER_PAGE = 12
# API: token with its user and staff, the permission stamp, groups (scoping), count, one page = 5.
ROSTER_API = 5


def login(api: Any, user: Any) -> Any:
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


def test_the_month_roster_over_the_api_is_scoped(duty: Any, api: Any) -> None:
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    actions.generate_month(duty.village, *OCTOBER, now=NOW)
    body = login(api, duty.clerk).get("/api/v1/rosters/?month=2026-10&page_size=200").json()
    assert {r["org"] for r in body["results"]} == {duty.town.code}
    row = next(r for r in body["results"] if r["date"] == "2026-10-10" and r["kind"] == "leader")
    assert row["staff_name"] in ("周带班", "吴主任") and row["source"] == "generated"
    bad = api.get("/api/v1/rosters/?month=2026-13")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_month"
    other = login(api, duty.clerk2).get("/api/v1/rosters/?month=2026-10").json()
    assert other["count"] == 0


def test_roster_edit_swap_and_log_over_the_api(duty: Any, api: Any, time_machine: Any) -> None:
    time_machine.move_to(at(2026, 10, 12, 17))
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    director = login(api, duty.director)
    answer = director.post(
        "/api/v1/rosters/assign/",
        {"org": duty.town.code, "date": "2026-10-12", "kind": "leader", "staff": duty.director.staff.pk},
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["source"] == "manual"
    entry = DutyEntry.objects.get(org=duty.town, date=dt.date(2026, 10, 12), kind=DutyKind.LEADER)
    refused = director.post(
        f"/api/v1/rosters/{entry.pk}/swap/", {"to_staff": duty.leader.staff.pk}, format="json"
    )
    assert refused.status_code == 400
    swapped = director.post(
        f"/api/v1/rosters/{entry.pk}/swap/",
        {"to_staff": duty.leader.staff.pk, "reason": "外出开会"},
        format="json",
    )
    assert (
        swapped.status_code == 200
        and swapped.json()["staff_name"] == "周带班"
        and swapped.json()["swaps"] == 1
    )
    staff_entry = DutyEntry.objects.get(org=duty.town, date=dt.date(2026, 10, 12), kind=DutyKind.STAFF)
    holder = login(api, staff_entry.staff.user)
    logged = holder.post(
        f"/api/v1/rosters/{staff_entry.pk}/log/", {"log": "接待群众12人", "hall_cleaned": True}, format="json"
    )
    assert logged.status_code == 200 and logged.json()["hall_cleaned"] is True
    clerk = login(api, duty.clerk)
    forbidden = clerk.post(
        f"/api/v1/rosters/{entry.pk}/swap/", {"to_staff": duty.clerk.staff.pk, "reason": "x"}, format="json"
    )
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "permission_denied"
    outsider = login(api, duty.clerk2).post(f"/api/v1/rosters/{entry.pk}/log/", {"log": "x"}, format="json")
    assert outsider.status_code == 404 and outsider.json()["code"] == "duty_entry_not_found"


def test_meetings_api(duty: Any, api: Any) -> None:
    actions.schedule_meeting(
        actor=duty.director,
        org=duty.town,
        kind=MeetingKind.MEETING,
        starts_at=at(2026, 10, 30, 16),
        topic="十月例会",
    )
    body = login(api, duty.clerk).get("/api/v1/meetings/").json()
    assert [r["topic"] for r in body["results"]] == ["十月例会"]
    assert login(api, duty.clerk2).get("/api/v1/meetings/").json()["count"] == 0


def test_roster_page_and_its_pinned_queries(duty: Any, client: Any, django_assert_num_queries: Any) -> None:
    """The month page costs the same with a week of entries as with a whole month."""
    client.force_login(duty.clerk)
    url = "/counter/duty/?month=2026-10"
    actions.assign(
        actor=duty.director,
        org=duty.town,
        date=dt.date(2026, 10, 9),
        kind=DutyKind.LEADER,
        staff=duty.leader.staff,
    )
    client.get(url)
    with django_assert_num_queries(ROSTER_PAGE):
        page = client.get(url)
    assert page.status_code == 200 and "值班表" in page.content.decode()
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    with django_assert_num_queries(ROSTER_PAGE):
        page = client.get(url)
    html = page.content.decode()
    assert "调休上班" in html and "吴主任" in html and "未排班" not in html


def test_roster_api_pinned_queries(duty: Any, api: Any, django_assert_num_queries: Any) -> None:
    login(api, duty.clerk)
    actions.assign(
        actor=duty.director,
        org=duty.town,
        date=dt.date(2026, 10, 9),
        kind=DutyKind.LEADER,
        staff=duty.leader.staff,
    )
    api.get("/api/v1/rosters/?month=2026-10")
    with django_assert_num_queries(ROSTER_API):
        assert api.get("/api/v1/rosters/?month=2026-10").status_code == 200
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    with django_assert_num_queries(ROSTER_API):
        assert api.get("/api/v1/rosters/?month=2026-10").status_code == 200


def test_roster_day_page_forms(duty: Any, client: Any, time_machine: Any) -> None:
    time_machine.move_to(at(2026, 10, 12, 17))
    actions.generate_month(duty.town, *OCTOBER, now=NOW)
    client.force_login(duty.director)
    url = f"/counter/duty/{duty.town.code}/2026-10-12/leader/"
    entry = DutyEntry.objects.get(org=duty.town, date=dt.date(2026, 10, 12), kind=DutyKind.LEADER)
    other = next(s for s in (duty.leader.staff, duty.director.staff) if s.pk != entry.staff_id)
    answer = client.post(url, {"step": "swap", "to_staff": other.pk, "reason": "下乡督查"})
    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert "下乡督查" in page
    client.force_login(duty.clerk)
    assert "调班" not in client.get(url).content.decode().split("</h1>")[1].split("调班记录")[0]


def test_station_rota_is_public(duty: Any, client: Any, time_machine: Any) -> None:
    """004: 公开轮值表 — anyone sees 燕子村's cadre on duty, working days only."""
    time_machine.move_to(at(2026, 10, 8, 9))
    actions.generate_month(duty.village, *OCTOBER, now=NOW)
    page = client.get(f"/stations/{duty.village.code}/rota/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "王代办" in html and "刘干部" in html
    assert "10月10日" in html and "10月11日" not in html  # the 调休 Saturday yes, the Sunday off no
    assert client.get(f"/stations/{duty.town.code}/rota/").status_code == 404
