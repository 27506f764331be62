"""Query counts pinned: the complaint and opinion-book lists (pages and API) cost the same with 2 rows as with
12.

When one of these fails, look for a per-row query (a missing select_related, a masking check or a calendar
lookup inside the loop) before raising the number.
"""

from __future__ import annotations

from typing import Any

import pytest

from bianmin.cases import actions as case_actions
from bianmin.complaints import actions
from bianmin.complaints.tests.conftest import MORNING, complain
from bianmin.conftest import at, person

# Complaint page: session, user, permissions (2), staff, groups (scoping), the paginator's count, the staff's
# center, the calendar stamp for "due on the next working day" (once, whatever the rows), one page of
# complaints with their targets, the calendar stamp again for the board's counts, the counts in one
# aggregate, the nav's town stations, its 网上预审 count and its unread notifications = 15 for clerk Li; the
# supervisor's nav has no 网上预审 count = 14.
COMPLAINT_PAGE = {"clerk": 15, "supervisor": 14}
# Opinion page: session, user, permissions (2), staff, groups (scoping), count, one page, the staff's center
# (the form's), the nav (3, with the unread notifications), the form's staff choices = 13. A staff
# author's name is on the row itself.
OPINION_PAGE = 13
# API (the user authenticated, their permissions and scope read once per process): count, one page with
# the targets and the reply notice's number joined = 2; the opinion book likewise.
COMPLAINT_API = 2
OPINION_API = 2


@pytest.fixture
def morning(time_machine: Any) -> None:
    time_machine.move_to(MORNING)


def complaints(world: Any, n: int) -> None:
    """Complaints in every state and with every kind of target: phoned and answered, letters answered with
    a numbered notice, a major one referred, some about a case, the rest waiting."""
    for i in range(n):
        kind = i % 4
        if kind == 0:
            complain(world, now=at(2026, 3, 2, 9, i))
        elif kind == 1:
            done = complain(world, now=at(2026, 3, 2, 10, i))
            actions.reply_complaint(done, actor=world.leader, text="已致歉", mode="phone", now=MORNING)
        elif kind == 2:
            letter = complain(world, channel="letter", now=at(2026, 3, 3, 9, i))
            actions.reply_complaint(letter, actor=world.leader, text="已处理", mode="written", now=MORNING)
        else:
            case = case_actions.register(actor=world.clerk, item_code="MZ001", applicant=person()).case
            major = complain(world, channel="letter", major=True, case=case, now=at(2026, 3, 4, 9, i))
            actions.refer_complaint(
                major, actor=world.supervisor, note="报纪委", to_body="镇纪委", now=MORNING
            )


def opinions(world: Any, n: int) -> None:
    for i in range(n):
        staff_idea = i % 3 == 0
        entry = actions.record_opinion(
            actor=world.clerk,
            org=world.town,
            source=("book", "card", "box")[i % 3],
            content=f"建议{i}",
            author_kind="staff" if staff_idea else "citizen",
            author_name="" if staff_idea else f"群众{i}",
            author_staff=world.handler.staff if staff_idea else None,
            consent_to_publish=not staff_idea,
            now=MORNING,
        )
        if i % 2:
            actions.answer_opinion(
                entry, actor=world.leader, answer="已采纳", publish=not staff_idea, now=MORNING
            )
            actions.adopt_opinion(entry, actor=world.leader, note="已落实", now=MORNING)


def pinned(client: Any, url: str, django_assert_num_queries: Any, count: int) -> None:
    client.get(url)  # warm the process's calendar cache, built once per process
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("user", ["clerk", "supervisor"])
def test_the_complaint_list_page(world, client, morning, django_assert_num_queries, user):  # noqa: ANN001
    """The clerk sees the complainant masked, the supervisor in full: the same queries either way."""
    client.force_login(getattr(world, user))
    complaints(world, 2)
    pinned(client, "/counter/complaints/", django_assert_num_queries, COMPLAINT_PAGE[user])
    complaints(world, 10)
    pinned(client, "/counter/complaints/", django_assert_num_queries, COMPLAINT_PAGE[user])


def test_the_opinion_list_page(world, client, morning, django_assert_num_queries):  # noqa: ANN001
    client.force_login(world.clerk)
    opinions(world, 2)
    pinned(client, "/counter/opinions/", django_assert_num_queries, OPINION_PAGE)
    opinions(world, 10)
    pinned(client, "/counter/opinions/", django_assert_num_queries, OPINION_PAGE)


def test_the_complaint_and_opinion_api_lists(world, api, morning, django_assert_num_queries):  # noqa: ANN001
    api.force_authenticate(world.supervisor)
    complaints(world, 2)
    opinions(world, 2)
    pinned(api, "/api/v1/complaints/", django_assert_num_queries, COMPLAINT_API)
    pinned(api, "/api/v1/opinions/", django_assert_num_queries, OPINION_API)
    complaints(world, 10)
    opinions(world, 10)
    pinned(api, "/api/v1/complaints/", django_assert_num_queries, COMPLAINT_API)
    pinned(api, "/api/v1/opinions/", django_assert_num_queries, OPINION_API)
