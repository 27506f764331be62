"""Query counts pinned: the home page and the list page cost the same with 3 cases as with 13.

When a change makes one of these fail, look for a per-row query (a missing select_related, a calendar or
org lookup inside the loop) before raising the number.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bianmin.cases import actions
from bianmin.counter.tests.helpers import accepted, applied_online, in_progress, online_item, submitted

# Both pages: session, user, staff, its org, groups (scoping), the town's village stations (scoping: a town
# sees its stations' own cases), calendar stamp = 7, and the nav's 网上预审 count and unread notifications = 9.
# Home: + the urgings the user owes a reply to and their urge events (督办 first, 000 篇2), windows held,
# three lists, the counts, permissions (2), the meetings due a reminder (例会/培训) = 19.
# List: + count, one page of cases, the 绿色通道 block above it, the window filter's choices, permissions for
# the nav (2) = 15.
# 网上预审: session, user, permissions (2), staff, its org, groups (scoping), the town's stations, the nav's
# count (also the page's), the nav's unread notifications, the paginator's count, one page of cases, their
# checklists, their uploads = 14.
HOME_QUERIES = 19
LIST_QUERIES = 15
INBOX_QUERIES = 14


def make_cases(world, n):
    """A mix: waiting, accepted by Li, assigned to Li as handler — every home section gets rows."""
    for i in range(n):
        if i % 3 == 0:
            submitted(world)
        elif i % 3 == 1:
            accepted(world)
        else:
            case = in_progress(world, handler=world.clerk)
            actions.urge(case, actor=world.leader, note="请加快办理")  # on Li's home page, first


def queries(client, url):
    client.get(url)  # warm the process's calendar cache, which is built once per process
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def make_online(world, n):
    """Online applications with one to three uploads, some sent back for supplement."""
    for i in range(n):
        case = applied_online(world, uploads=("居民身份证", "户口簿", "家庭收入证明")[: i % 3 + 1])
        if i % 2:
            actions.notify_missing(case, actor=world.clerk)


@pytest.mark.parametrize(("url", "pinned"), [("/counter/", HOME_QUERIES), ("/counter/cases/", LIST_QUERIES)])
def test_page_queries_do_not_grow_with_the_cases(world, client, url, pinned):
    client.force_login(world.clerk)
    make_cases(world, 3)
    few = queries(client, url)
    make_cases(world, 10)
    many = queries(client, url)
    assert few == many == pinned


def test_online_inbox_queries_do_not_grow_with_the_applications_or_their_uploads(
    world, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    online_item(world)
    client.force_login(world.clerk)
    make_online(world, 3)
    few = queries(client, "/counter/online/")
    make_online(world, 10)
    many = queries(client, "/counter/online/")
    assert few == many == INBOX_QUERIES


def test_list_page_with_filters_and_export_do_not_grow(world, client):
    client.force_login(world.clerk)
    make_cases(world, 3)
    url = "/counter/cases/?state=accepted&state=in_progress&format=csv"
    few = queries(client, url)
    make_cases(world, 10)
    actions.withdraw(submitted(world), actor=world.clerk, reason="撤回")
    assert queries(client, url) == few
