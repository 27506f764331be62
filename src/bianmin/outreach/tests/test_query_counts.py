"""Query counts pinned: the list pages and list endpoints cost the same with 2 rows as with 12.

When one of these fails, look for a per-row query (a missing select_related, a count or a calendar lookup
inside the loop) before raising the number.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token

from bianmin.conftest import at
from bianmin.outreach import actions
from bianmin.outreach.tests.conftest import MARKET_MORNING, on_site, staff, visit_request

# Page: session, user, permissions (2), staff, groups (scoping), its org (the center the page plans for),
# the past events' count, the upcoming events, one page of past events, the calendar stamp (once, however
# many rows), the nav's 网上预审 count, the town's stations it scopes by and the unread notifications = 14.
MARKET_DAY_PAGE = 14
# Page: session, user, permissions (2), staff, groups, its org, count, one page, the nav (3, with the unread
# notifications) = 12.
HOME_VISIT_PAGE = 12
# API: token with its user and staff, the process's permission stamp (orgs.permission_cache), groups
# (scoping), count, one page = 5.
MARKET_DAY_API = 5
HOME_VISIT_API = 5


@pytest.fixture
def morning(time_machine):  # noqa: ANN001, ANN201
    time_machine.move_to(MARKET_MORNING)


def market_days(world, start: int, n: int) -> None:  # noqa: ANN001
    """``n`` events, past and to come, with teams, leaders and a case registered at today's."""
    for i in range(start, start + n):
        day = dt.date(2026, 2, 1) + dt.timedelta(days=i * 3)
        event = actions.schedule_market_day(
            actor=world.leader,
            org=world.town,
            date=day,
            place=f"服务点{i}",
            leader=staff(world.leader),
            team=[staff(world.clerk), staff(world.handler)],
            now=at(2026, 1, 20, 9),
        )
        if day == MARKET_MORNING.date():
            on_site(world, event)


def visits(world, n: int) -> None:  # noqa: ANN001
    for i in range(n):
        visit = visit_request(world, requester_name=f"村民{i}")
        if i % 2:
            actions.assign_home_visit(visit, actor=world.leader, staff=staff(world.clerk), now=MARKET_MORNING)


def count(client, url, django_assert_num_queries, pinned):  # noqa: ANN001, ANN201
    client.get(url)  # warm the process's calendar cache, built once per process
    with django_assert_num_queries(pinned):
        assert client.get(url).status_code == 200


def test_the_market_day_list_page(town, client, morning, django_assert_num_queries):
    client.force_login(town.clerk)
    market_days(town, 0, 2)
    count(client, "/counter/market-days/", django_assert_num_queries, MARKET_DAY_PAGE)
    market_days(town, 2, 10)
    count(client, "/counter/market-days/", django_assert_num_queries, MARKET_DAY_PAGE)


def test_the_home_visit_list_page(town, client, morning, django_assert_num_queries):
    client.force_login(town.clerk)
    visits(town, 2)
    count(client, "/counter/home-visits/", django_assert_num_queries, HOME_VISIT_PAGE)
    visits(town, 10)
    count(client, "/counter/home-visits/", django_assert_num_queries, HOME_VISIT_PAGE)


def test_the_list_endpoints(town, api, morning, django_assert_num_queries):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=town.clerk).key}")
    market_days(town, 0, 2)
    visits(town, 2)
    count(api, "/api/v1/market-days/", django_assert_num_queries, MARKET_DAY_API)
    count(api, "/api/v1/home-visits/", django_assert_num_queries, HOME_VISIT_API)
    market_days(town, 2, 10)
    visits(town, 10)
    count(api, "/api/v1/market-days/", django_assert_num_queries, MARKET_DAY_API)
    count(api, "/api/v1/home-visits/", django_assert_num_queries, HOME_VISIT_API)
