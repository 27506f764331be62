"""The board and the cards as plain data: one shape for the page, its export and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from bianmin.supervision import selectors
from bianmin.supervision.cards import Card
from bianmin.supervision.selectors import BoardRow


def _row(row: BoardRow) -> dict[str, Any]:
    return {"id": row.key, "label": row.label, "warning": row.warning, "yellow": row.yellow, "red": row.red}


def _extra_counts(org_ids: list[int], today: dt.date) -> dict[str, int | None]:
    """Counts other apps provide, when they are installed in this tree: overdue complaints (效能投诉) and
    cases without the leader's 批示 (``cases.selectors.unreviewed_cases``)."""
    extra: dict[str, int | None] = {"unreviewed_cases": None, "overdue_complaints": None}
    try:
        from bianmin.complaints.selectors import overdue_complaints
    except ImportError:  # pragma: no cover - the complaints app is part of the tree
        pass
    else:
        extra["overdue_complaints"] = overdue_complaints(org_ids, today).count()
    from bianmin.cases import selectors as case_selectors

    unreviewed = getattr(case_selectors, "unreviewed_cases", None)
    if unreviewed is not None:  # pragma: no cover - provided with the leader's daily review
        extra["unreviewed_cases"] = unreviewed(org_ids, today).count()
    return extra


def board_payload(user: Any, today: dt.date, now: dt.datetime | None = None) -> dict[str, Any]:
    board = selectors.board(user, today, now)
    ids = sorted(selectors.board_org_ids(user))
    return {
        "today": today,
        "totals": _row(board.totals),
        "by_window": [_row(r) for r in board.by_window],
        "by_staff": [_row(r) for r in board.by_staff],
        "by_town": [_row(r) for r in board.by_town],
        "pending_cards": board.pending_cards,
        **_extra_counts(ids, today),
    }


def card_rows(cards: Iterable[Card]) -> list[dict[str, Any]]:
    cards = list(cards)
    names, windows = selectors.card_names(cards)
    return [
        {
            "ref": c.ref,
            "id": c.id,
            "case": c.case_number,
            "subject": c.subject,
            "subject_key": c.subject_key,
            "rule": c.rule,
            "level": c.level,
            "status": c.status,
            "staff": c.staff_id,
            "staff_name": names.get(c.staff_id, "") if c.staff_id else "",
            "window": c.window_id,
            "window_name": windows.get(c.window_id, "") if c.window_id else "",
            "due_date": c.due_date,
            "days_overdue": c.days_overdue,
            "reached_on": c.reached_on,
            "note": c.note,
            "decision_reason": c.decision_reason,
            "decided_by_name": names.get(c.decided_by_id, "") if c.decided_by_id else "",
        }
        for c in cards
    ]
