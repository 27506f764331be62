"""The board page's card list filtered per window and per staff (the API's filters, the same form), and the
board's 未批示 figure read from the cases' own count."""

from __future__ import annotations

import datetime as dt

import time_machine

from bianmin.cases import actions as case_actions
from bianmin.conftest import at
from bianmin.supervision import actions, selectors
from bianmin.supervision.filters import CardFilterForm
from bianmin.supervision.tests.helpers import accepted_case


def _numbers(response) -> set[str]:  # noqa: ANN001
    return {c["case"] for c in response.context["cards"]}


def test_the_card_list_filters_per_window_and_per_staff(world, client, api):
    """001 电子监察 超时 → 黄牌/红牌, each card naming its window and responsible staff: the supervisor narrows
    the list to one window or one staff member, on the page as through the API."""
    mine = accepted_case(world, handler=world.handler)
    theirs = accepted_case(world, handler=world.forester)
    client.force_login(world.supervisor)
    api.force_authenticate(world.supervisor)
    with time_machine.travel(at(2026, 10, 12, 10), tick=False):
        page = client.get("/counter/supervision/")
        assert _numbers(page) == {mine.number, theirs.number}
        text = page.content.decode()
        assert 'name="window"' in text and f'<option value="{world.mz.pk}">1号 民政</option>' in text
        assert f'<option value="{world.forester.pk}">林业员</option>' in text
        by_staff = client.get(f"/counter/supervision/?status=pending&staff={world.forester.pk}")
        assert _numbers(by_staff) == {theirs.number}
        assert f'<option value="{world.forester.pk}" selected>' in by_staff.content.decode()
        assert _numbers(client.get(f"/counter/supervision/?window={world.mz.pk}")) == {
            mine.number,
            theirs.number,
        }
        assert _numbers(client.get(f"/counter/supervision/?window={world.gt.pk}")) == set()
        listed = api.get(f"/api/v1/supervision/cards/?staff={world.forester.pk}").json()["results"]
        assert {c["case"] for c in listed} == {theirs.number}
    assert {"window", "staff"} <= set(CardFilterForm.base_fields)


def test_the_filters_offer_the_users_centers_only(world):
    """A town's supervisor picks among the town's windows and staff, the county's among every town's, each
    named with its town."""
    windows, staff = selectors.card_filter_choices(world.supervisor)
    assert {pk for pk, _ in windows} == {world.mz.pk, world.gt.pk, world.ly.pk}
    assert world.clerk2.pk not in {pk for pk, _ in staff} and world.handler.pk in {pk for pk, _ in staff}
    windows, staff = selectors.card_filter_choices(world.county_admin)
    assert (world.mz2.pk, "壬田镇 1号 民政") in windows
    assert (world.clerk2.pk, "赵外镇（壬田镇）") in staff


def test_the_board_counts_the_cases_left_without_the_leaders_review(world, api, client):
    """000 篇2 带班领导: 对当天申办事项…进行批示 — the cases of an earlier day without a 批示 show on the board;
    today's are not counted while the center's day goes on."""
    friday = dt.date(2026, 10, 9)
    reviewed = accepted_case(world, friday)
    accepted_case(world, friday)
    accepted_case(world, dt.date(2026, 10, 12))  # today's: still to be reviewed today
    case_actions.review(reviewed.number, actor=world.leader, note="已阅", now=at(2026, 10, 9, 17))
    api.force_authenticate(world.supervisor)
    client.force_login(world.supervisor)
    with time_machine.travel(at(2026, 10, 12, 10), tick=False):
        assert api.get("/api/v1/supervision/board/").json()["unreviewed_cases"] == 1
        counts = client.get("/counter/supervision/counts/").content.decode()
    assert "未批示办件" in counts and "<td>1</td>" in counts


def test_a_decided_card_is_not_listed_again_as_pending(world):
    """003 曾家镇 责任追究制: a card decided once stays decided — before any sweep (a derived card decided by its
    key) the pending list no longer holds it, nor does a staff filter naming the case's new handler."""
    case = accepted_case(world, handler=world.handler)
    today = dt.date(2026, 10, 12)
    red = next(c for c in selectors.cards(world.supervisor, today) if c.level == "red")
    actions.decide_card(red.ref, "dismiss", actor=world.supervisor, reason="系统故障", today=today)
    pending = selectors.cards(world.supervisor, today, selectors.CardQuery(status="pending"))
    assert [(c.case_id, c.level) for c in pending] == [(case.pk, "yellow")]
    every = selectors.cards(world.supervisor, today)
    assert sorted((c.level, c.status) for c in every) == [("red", "dismissed"), ("yellow", "pending")]
    # the case handed to another handler: the record keeps who was responsible; the new one is not shown it
    case.handler = world.forester
    case.save(update_fields=["handler"])
    mine = selectors.cards(world.supervisor, today, selectors.CardQuery(staff=world.forester.pk))
    assert [(c.level, c.id is None) for c in mine] == [("yellow", True)]


def test_the_board_shows_complaints_due_soon_and_overdue(world, api, client):
    """003 曾家镇 效能投诉制度 六: 当日或三天内答复 — complaints due today or on the next working day show as a
    warning on the board, late ones as overdue (Friday 6 March 2026; Monday the 9th is the next working day)."""
    from bianmin.complaints.tests.conftest import complain

    complain(world, now=at(2026, 3, 2))  # due Thursday the 5th: overdue
    complain(world, now=at(2026, 3, 3))  # due today
    complain(world, now=at(2026, 3, 4))  # due Monday, the next working day
    complain(world, now=at(2026, 3, 5))  # due Tuesday: not yet
    api.force_authenticate(world.supervisor)
    client.force_login(world.supervisor)
    with time_machine.travel(at(2026, 3, 6, 10), tick=False):
        board = api.get("/api/v1/supervision/board/").json()
        counts = client.get("/counter/supervision/counts/").content.decode()
    assert (board["complaints_due_soon"], board["overdue_complaints"]) == (2, 1)
    assert "投诉预警" in counts and 'href="/counter/complaints/">2</a>' in counts
