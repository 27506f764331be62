"""The demo's month of history: every state on the board, built once, all through the actions."""

import datetime as dt

import pytest

from bianmin.cases.audit import verify_all
from bianmin.cases.models import Case
from bianmin.cases.selectors import overdue
from bianmin.demo.build import build_demo
from bianmin.demo.history import build_history
from bianmin.feedback.models import Rating

pytestmark = pytest.mark.django_db


def test_history_covers_the_board_and_is_built_once():
    build_demo()
    today = dt.date(2026, 11, 20)
    created = build_history(today=today)
    assert created == Case.objects.count() > 20
    states = set(Case.objects.values_list("state", flat=True))
    assert {
        "archived",
        "delivered",
        "in_progress",
        "suspended",
        "supplementing",
        "rejected",
        "withdrawn",
        "submitted",
        "accepted",
    } <= states
    assert overdue(Case.objects.all(), today).exists()
    assert Rating.objects.filter(level__gte=4).exists()
    assert Case.objects.filter(channel="agent_station").exists()
    # 网上预审 has two online applications with uploads waiting at 象湖镇, one of them incomplete
    waiting = Case.objects.filter(channel="online", state="submitted", org__code="360781100")
    assert waiting.count() == 2
    assert sorted(c.attachments.count() for c in waiting) == [2, 3]
    assert {a.content_type for c in waiting for a in c.attachments.all()} == {"image/png", "application/pdf"}
    # the trail written through the actions verifies
    assert verify_all()[1] is None
    # a second run adds nothing
    assert build_history(today=today) == 0
    assert Case.objects.count() == created
