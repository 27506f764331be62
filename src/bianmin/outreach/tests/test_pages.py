"""The 赶场服务 and 上门服务 pages: what each person sees, and the forms going through the actions."""

from __future__ import annotations

import datetime as dt

import pytest

from bianmin.cases.models import Case, Channel
from bianmin.conftest import UserFactory, at
from bianmin.outreach.models import HomeVisit, MarketDay, MarketDayState, OutreachCase, VisitState
from bianmin.outreach.tests.conftest import MARKET_MORNING, event_on, on_site, staff, visit_request


@pytest.fixture
def morning(time_machine):  # noqa: ANN001, ANN201
    """The pages read the real clock: it is nine on market day at 象湖镇."""
    time_machine.move_to(MARKET_MORNING)


def html(response) -> str:  # noqa: ANN001
    return response.content.decode()


def test_every_page_answers_clerk_li(town, client, morning):
    event = event_on(town, team=(town.clerk,), leader=town.leader)
    visit = visit_request(town)
    client.force_login(town.clerk)
    for url in [
        "/counter/market-days/",
        f"/counter/market-days/{event.pk}/",
        f"/counter/market-days/{event.pk}/register/",
        f"/counter/market-days/{event.pk}/register/?q=dbsq",
        f"/counter/market-days/{event.pk}/register/?item=MZ001",
        "/counter/home-visits/",
        "/counter/home-visits/new/",
        f"/counter/home-visits/{visit.pk}/",
        f"/counter/home-visits/{visit.pk}/register/?item=MZ001",
    ]:
        assert client.get(url).status_code == 200, url


def test_the_nav_links_to_both_pages(town, client, morning):
    client.force_login(town.clerk)
    page = html(client.get("/counter/"))
    assert 'href="/counter/market-days/"' in page and 'href="/counter/home-visits/"' in page


def test_another_towns_clerk_sees_nothing_of_ours(town, client, morning):
    """Outsider Zhao of 壬田镇: our market day and our visit are not found, and not listed."""
    event = event_on(town)
    visit = visit_request(town)
    client.force_login(town.clerk2)
    for url in [
        f"/counter/market-days/{event.pk}/",
        f"/counter/market-days/{event.pk}/register/",
        f"/counter/home-visits/{visit.pk}/",
        f"/counter/home-visits/{visit.pk}/register/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/counter/market-days/{event.pk}/log/", {}).status_code == 404
    assert "熊家场" not in html(client.get("/counter/market-days/"))
    assert "刘秀英" not in html(client.get("/counter/home-visits/"))


def test_the_county_sees_every_towns_events_with_their_center(town, client, morning):
    event_on(town)
    MarketDay.objects.create(
        org=town.town2, date=dt.date(2026, 3, 11), place="壬田圩", scheduled_at=MARKET_MORNING
    )
    client.force_login(town.county_admin)
    page = html(client.get("/counter/market-days/"))
    assert "熊家场" in page and "壬田圩" in page and "象湖镇" in page and "壬田镇" in page
    only = html(client.get("/counter/market-days/", {"center": town.town2.code}))
    assert "壬田圩" in only and "熊家场" not in only


def test_the_list_shows_upcoming_and_past_and_the_staffing_gap(town, client, morning):
    """001: 逢场日应全部在岗 — a day with two on post for three windows is marked."""
    past = MarketDay.objects.create(
        org=town.town, date=dt.date(2026, 2, 25), place="熊家场", scheduled_at=MARKET_MORNING
    )
    event_on(town, team=(town.clerk,), leader=town.leader)
    client.force_login(town.clerk)
    page = html(client.get("/counter/market-days/"))
    upcoming, _, earlier = page.partition('id="h-past"')
    assert "2026-03-05" in upcoming and "在岗不足，缺 1 人" in upcoming
    assert f"/counter/market-days/{past.pk}/" in earlier and "2026-02-25" in earlier
    event_page = html(
        client.get(f"/counter/market-days/{MarketDay.objects.get(date=dt.date(2026, 3, 5)).pk}/")
    )
    assert "在岗不足，缺 1 人" in event_page


def test_a_director_schedules_the_month_from_the_list(town, client, morning):
    client.force_login(town.director)
    response = client.post("/counter/market-days/schedule/", {"center": town.town.code, "month": "2026-03"})
    assert response.status_code == 302
    assert sorted(MarketDay.objects.values_list("date", flat=True)) == [
        dt.date(2026, 3, 5),
        dt.date(2026, 3, 15),
        dt.date(2026, 3, 25),
    ]
    # clerk Li is told she may not
    client.force_login(town.clerk)
    client.post("/counter/market-days/schedule/", {"center": town.town.code, "month": "2026-04"}, follow=True)
    assert MarketDay.objects.count() == 3


def test_a_leader_plans_a_day_by_hand(town, client, morning):
    client.force_login(town.leader)
    assert client.get("/counter/market-days/new/").status_code == 200
    response = client.post(
        "/counter/market-days/new/",
        {
            "date": "2026-03-15",
            "place": "燕子村服务点",
            "starts_at": "08:00",
            "leader": staff(town.leader).pk,
            "team": [staff(town.clerk).pk, staff(town.handler).pk],
        },
    )
    event = MarketDay.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/counter/market-days/{event.pk}/"
    assert event.place == "燕子村服务点" and event.team.count() == 2
    # a day already past is refused in the action's words
    response = client.post(
        "/counter/market-days/new/", {"date": "2026-03-01", "place": "x", "starts_at": "08:00"}
    )
    assert response.status_code == 400 and "赶场日期已过" in html(response)


def test_the_day_is_logged_and_ended_from_its_page(town, client, morning):
    event = event_on(town, team=(town.clerk,), leader=town.leader)
    client.force_login(town.clerk)
    log = {
        "people_served": 35,
        "consultations": 9,
        "disputes_mediated": 1,
        "follow_up_visits": 2,
        "note": "宣传社保",
    }
    assert client.post(f"/counter/market-days/{event.pk}/log/", log).status_code == 302
    response = client.post(f"/counter/market-days/{event.pk}/end/", {"ends_at": "12:30"}, follow=True)
    event.refresh_from_db()
    assert (event.people_served, event.state, event.ends_at) == (35, MarketDayState.ENDED, dt.time(12, 30))
    assert "已散场" in html(response)
    # then the log is closed: no form, and a post is refused with 409
    assert f'action="/counter/market-days/{event.pk}/log/"' not in html(response)
    assert client.post(f"/counter/market-days/{event.pk}/log/", log).status_code == 409


def test_a_wrong_form_comes_back_with_its_errors(town, client, morning):
    event = event_on(town, leader=town.leader)
    client.force_login(town.clerk)
    response = client.post(f"/counter/market-days/{event.pk}/log/", {"people_served": -3})
    assert response.status_code == 400 and 'role="alert"' in html(response)
    assert client.post(f"/counter/market-days/{event.pk}/nothing/").status_code == 404


def test_a_case_is_registered_at_the_stall_and_opens_in_the_counter(town, client, morning):
    event = event_on(town, team=(town.clerk,), leader=town.leader)
    client.force_login(town.clerk)
    response = client.post(
        f"/counter/market-days/{event.pk}/register/?item=MZ001",
        {
            "item": "MZ001",
            "name": "张三",
            "id_number": "11010519491231002X",
            "phone": "13800000000",
            "received": [str(m.pk) for m in town.dibao.current.materials.filter(mandatory=True)],
            "token": "t-1",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/counter/cases/{case.number}/"
    assert case.channel == Channel.MARKET_DAY and case.outreach.market_day == event
    # the event page lists it and counts it
    page = html(client.get(f"/counter/market-days/{event.pk}/"))
    assert case.number in page


def test_a_wrong_id_number_is_shown_beside_its_field(town, client, morning):
    event = event_on(town)
    client.force_login(town.clerk)
    response = client.post(
        f"/counter/market-days/{event.pk}/register/?item=MZ001",
        {"item": "MZ001", "name": "张三", "id_number": "110105194912310021", "token": "t-2"},
    )
    assert response.status_code == 400 and "GB 11643" in html(response)
    assert not Case.objects.exists()


def test_a_home_visit_goes_from_request_to_visit_on_its_pages(town, client, morning):
    client.force_login(town.clerk)
    response = client.post(
        "/counter/home-visits/new/",
        {
            "requester_name": "刘秀英",
            "requester_phone": "13907971234",
            "reason": "disabled",
            "matter": "残疾人两项补贴",
            "address": "象湖镇下坪村3组12号",
            "wished_at": "2026-03-06T09:00",
        },
    )
    visit = HomeVisit.objects.get()
    assert response.status_code == 302 and visit.wished_at == at(2026, 3, 6, 9)
    # the list masks the phone; the visit's page shows it to call ahead
    assert "139****1234" in html(client.get("/counter/home-visits/"))
    assert "13907971234" not in html(client.get("/counter/home-visits/"))
    assert "13907971234" in html(client.get(f"/counter/home-visits/{visit.pk}/"))
    client.force_login(town.leader)
    assert (
        client.post(f"/counter/home-visits/{visit.pk}/assign/", {"staff": staff(town.clerk).pk}).status_code
        == 302
    )
    client.force_login(town.clerk)
    response = client.post(
        f"/counter/home-visits/{visit.pk}/register/?item=MZ001",
        {
            "item": "MZ001",
            "name": "刘秀英",
            "id_number": "11010519491231002X",
            "phone": "13907971234",
            "token": "t-3",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get().channel == Channel.HOME_VISIT and OutreachCase.objects.get().home_visit == visit
    assert client.post(f"/counter/home-visits/{visit.pk}/visit/", {"note": "已上门登记"}).status_code == 302
    visit.refresh_from_db()
    assert visit.state == VisitState.VISITED


def test_the_supervisor_reads_but_gets_no_forms(town, client, morning):
    event = event_on(town, leader=town.leader)
    on_site(town, event)
    client.force_login(town.supervisor)
    page = html(client.get(f"/counter/market-days/{event.pk}/"))
    assert "活动日志" in page and '<form method="post" action="/counter/market-days/' not in page
    assert client.get("/counter/home-visits/new/").status_code == 403


def test_someone_with_no_role_is_refused(town, client, morning):
    nobody = UserFactory(username="nobody")
    nobody.save()
    client.force_login(nobody)
    assert client.get("/counter/market-days/").status_code == 403
    assert client.get("/counter/home-visits/").status_code == 403
