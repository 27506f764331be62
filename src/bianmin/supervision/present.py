"""The board and the cards as plain data: one shape for the page, its export and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from bianmin.cases.selectors import unreviewed_count
from bianmin.complaints.selectors import complaint_board_counts
from bianmin.orgs.models import Org
from bianmin.supervision import selectors
from bianmin.supervision.cards import Card
from bianmin.supervision.models import CardSubject
from bianmin.supervision.selectors import BoardRow


def _row(row: BoardRow) -> dict[str, Any]:
    return {"id": row.key, "label": row.label, "warning": row.warning, "yellow": row.yellow, "red": row.red}


def _extra_counts(
    org_ids: list[int], today: dt.date, now: dt.datetime | None, region: str | None
) -> dict[str, int | None]:
    """Counts of other apps' records on the board: complaints overdue and due by the next working day (效能投诉,
    003 曾家镇: same day or within 3 working days) and the cases left without the duty leader's 批示 (000 篇2
    带班领导: the day's cases are reviewed the same day; today's count once the center has closed)."""
    complaints = complaint_board_counts(org_ids, today, region)
    return {
        "unreviewed_cases": unreviewed_count(org_ids, today, now),
        "overdue_complaints": complaints["overdue"],
        "complaints_due_soon": complaints["warning"],
    }


def board_payload(
    user: Any, today: dt.date, now: dt.datetime | None = None, orgs: list[Org] | None = None
) -> dict[str, Any]:
    orgs = selectors.board_orgs(user) if orgs is None else orgs
    board = selectors.board(user, today, now, orgs)
    ids = sorted(o.pk for o in orgs)
    return {
        "today": today,
        "totals": _row(board.totals),
        "by_window": [_row(r) for r in board.by_window],
        "by_staff": [_row(r) for r in board.by_staff],
        "by_town": [_row(r) for r in board.by_town],
        "pending_cards": board.pending_cards,
        **_extra_counts(ids, today, now, orgs[0].region if orgs else None),
    }


def subject_label(card: Card) -> str:
    """办件, 代办时限, or 联办任务 with its window's code."""
    label = str(CardSubject(card.subject).label)
    if card.subject == CardSubject.TASK and ":" in card.subject_key:
        return f"{label} {card.subject_key.split(':', 1)[1]}"
    return label


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
            "subject_label": subject_label(c),
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
