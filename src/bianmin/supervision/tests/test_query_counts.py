"""Query counts pinned: the board page, its polled counts, the drill-down and the card list endpoint cost the
same with one late case as with many, whatever the filters.

When one of these fails, look for a per-row query (a name or a window looked up per card, a calendar lookup
per center) before raising the number.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token

from bianmin.conftest import at
from bianmin.supervision import actions
from bianmin.supervision.models import CardLevel, CardRecord
from bianmin.supervision.tests.helpers import accepted_case

TODAY = dt.date(2026, 10, 12)

# Page: session, user, permissions (2), staff, its org, groups, stations below (scoping); the centers with
# their office hours (2, once for the whole page); stored cards, sweep marks, events since, late cases,
# calendar stamp, joint tasks, fees tried on free cases, the derived cards already on record (the cards);
# upheld complaints,
# confirmed cards, their staff's names (accountability); calendar stamps (2), counts per window and per
# staff, 即办件 due today, names, windows (the board); pending cards, the complaints' counts with the
# calendar stamp for their next working day (2), unreviewed cases with the centers' closing hours (3);
# names and windows of the page's cards (2); the filters' windows and staff (2); the nav's unread
# notifications; the mediations near or past their limit (矛盾纠纷调解期限) = 40.
BOARD_PAGE = 40
# The polled partial: session, user, permissions (2), staff, org, groups, stations, the centers (2), the
# board's 7, pending cards, the complaints' counts (2), unreviewed cases (3) = 23.
COUNTS_PARTIAL = 23
# API: token with its user and staff, permission stamp, groups, stations, centers (2), the cards (8, with
# the fees tried on free cases), names and windows (2) = 16.
CARDS_API = 16


@pytest.fixture
def monday(time_machine):  # noqa: ANN001, ANN201
    time_machine.move_to(at(2026, 10, 12, 10), tick=False)


def late(world, n: int) -> None:  # noqa: ANN001
    for i in range(n):
        accepted_case(world, handler=world.handler if i % 2 else world.forester)


def one_confirmed(world) -> None:  # noqa: ANN001
    """A confirmed red card, so the accountability table has a row from the start."""
    late(world, 1)
    actions.sweep_all(TODAY)
    red = CardRecord.objects.get(level=CardLevel.RED)
    actions.decide_card(str(red.pk), "confirm", actor=world.supervisor, reason="超期", today=TODAY)


def count(client, url, django_assert_num_queries, pinned):  # noqa: ANN001, ANN201
    client.get(url)  # warm the process's calendar cache, built once per process
    with django_assert_num_queries(pinned):
        response = client.get(url)
    assert response.status_code == 200
    return response


PAGES = [
    ("/counter/supervision/", BOARD_PAGE),
    ("/counter/supervision/?status=&level=red", BOARD_PAGE),
    ("/counter/supervision/counts/", COUNTS_PARTIAL),
]


@pytest.mark.parametrize(("url", "pinned"), PAGES)
def test_the_board_pages(world, client, monday, django_assert_num_queries, url, pinned):
    client.force_login(world.supervisor)
    one_confirmed(world)
    count(client, url, django_assert_num_queries, pinned)
    late(world, 6)
    actions.sweep_all(TODAY)
    late(world, 3)  # written and derived cards side by side
    count(client, url, django_assert_num_queries, pinned)
    filtered = f"{url}{'&' if '?' in url else '?'}window={world.mz.pk}&staff={world.handler.pk}"
    if "counts" not in url:
        count(client, filtered, django_assert_num_queries, pinned)


def test_the_card_list_endpoint(world, api, monday, django_assert_num_queries):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.supervisor).key}")
    late(world, 1)
    count(api, "/api/v1/supervision/cards/", django_assert_num_queries, CARDS_API)
    late(world, 8)
    count(api, "/api/v1/supervision/cards/", django_assert_num_queries, CARDS_API)
    count(api, f"/api/v1/supervision/cards/?staff={world.handler.pk}", django_assert_num_queries, CARDS_API)
