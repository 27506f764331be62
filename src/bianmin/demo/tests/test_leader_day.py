"""The demo month shows the leader's day (000 篇2 帶班領導): 批示 on most days, urgings answered and not,
a pending extension request and an approved one (行政许可法 Art. 42)."""

import datetime as dt

import pytest

from bianmin.cases.audit import verify_all
from bianmin.cases.models import Case, CaseEvent
from bianmin.cases.selectors import unreviewed_count
from bianmin.cases.steps import Step
from bianmin.demo.build import build_demo
from bianmin.demo.history import build_history
from bianmin.demo.leader_day import build_leader_day
from bianmin.orgs.models import Org

pytestmark = pytest.mark.django_db


def test_the_demo_month_has_reviews_urgings_and_extensions():
    build_demo()
    today = dt.date(2026, 11, 20)
    build_history(today=today)
    written = build_leader_day(today=today)
    assert written > 0
    town = Org.objects.get(code="360781100")
    # 批示 on most days of the month, one day a week left without
    reviewed_days = {e.at.date() for e in CaseEvent.objects.filter(type=Step.REVIEW, org=town)}
    assert len(reviewed_days) >= 10
    now = dt.datetime(2026, 11, 20, 20, tzinfo=dt.UTC)
    assert unreviewed_count([town], today, now) > 0
    # 督办: answered and unanswered
    urged = set(CaseEvent.objects.filter(type=Step.URGE, org=town).values_list("case_id", flat=True))
    replied = set(CaseEvent.objects.filter(type=Step.REPLY_URGE, org=town).values_list("case_id", flat=True))
    assert replied and urged - replied
    assert Case.objects.filter(org=town, urge_reply_by__isnull=False).exists()
    # Art. 42: one extension approved, one request waiting for the leader
    assert Case.objects.filter(org=town, extended_days__gt=0).exists()
    assert Case.objects.filter(org=town, extension_requested_days__gt=0).count() == 1
    assert verify_all()[1] is None
    # built once
    assert build_leader_day(today=today) == 0
