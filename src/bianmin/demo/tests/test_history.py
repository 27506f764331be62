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
    # the network's month: every hop of the proxy procedure somewhere (003 曾家镇全程代办制度, 004 委托·受理·
    # 承办·回交), escalations at the county, the stations' own delegated cases, a proxy leg overdue
    assert {"at_station", "forwarded", "escalated", "with_agent"} <= states
    county_cases = Case.objects.filter(org__code="360781", channel="escalation")
    assert county_cases.count() == 4 and county_cases.filter(state="concluded").count() == 2
    assert Case.objects.filter(upstream_case__in=county_cases, state="delivered").count() == 1
    assert Case.objects.filter(org__kind="village", state="delivered").count() == 3
    late = Case.objects.filter(proxy=True, returned_to_agent_at=None, proxy_due_date__lt=today)
    assert late.filter(org__code="360781101", green_channel="elderly").exists()
    # the trail written through the actions verifies
    assert verify_all()[1] is None
    # a second run adds nothing
    assert build_history(today=today) == 0
    assert Case.objects.count() == created
