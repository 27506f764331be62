"""The supervision board's queries at a county's scale, beside the same questions in plain SQL.

Wired like ``bench_pages``: ``page_queries`` and ``plain_sql_queries`` take the bench world ``w`` (its town,
staff user) and ``today`` over the ledger ``bench_pages.build`` loads, and ``bench_pages.measure``-style
code times them. The board's counts read the (org, state, due_date) index with the window included
(``case_org_state_due_win``): the level boundaries are turned into due dates first (``selectors.bounds``),
so each level is a range of that index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any


def page_queries(w: Any, today: dt.date) -> dict[str, Callable[[], Any]]:
    from bianmin.supervision import selectors

    user = w.user
    return {
        "supervision_board": lambda: selectors.board(user, today),
        "supervision_red_cases": lambda: list(selectors.level_cases(user, today, "red")[:50]),
    }


def plain_sql_queries(w: Any, today: dt.date) -> dict[str, list[tuple[str, list[Any]]]]:
    from bianmin.supervision.selectors import bounds

    org = w.town
    b = bounds(org, today)
    running = "('accepted', 'in_progress')"
    counts = (
        "count(due_date) FILTER (WHERE due_date >= %s), "
        "count(due_date) FILTER (WHERE due_date < %s AND due_date > %s), "
        "count(due_date) FILTER (WHERE due_date <= %s)"
    )
    params = [today, today, b.red_cutoff, b.red_cutoff]
    return {
        "supervision_board": [
            (
                f'SELECT window_id, {counts} FROM "cases_case" WHERE org_id = %s AND state IN {running}'
                " AND due_date <= %s GROUP BY window_id",
                [*params, org.pk, b.horizon],
            ),
            (
                f'SELECT handler_id, {counts} FROM "cases_case" WHERE org_id = %s AND state IN {running}'
                " AND due_date <= %s GROUP BY handler_id",
                [*params, org.pk, b.horizon],
            ),
        ],
        "supervision_red_cases": [
            (
                f'SELECT c.* FROM "cases_case" c WHERE c.org_id = %s AND c.state IN {running}'
                " AND c.due_date <= %s ORDER BY c.due_date, c.registered_at LIMIT 50",
                [org.pk, b.red_cutoff],
            )
        ],
    }
