"""The demo month has complaints in every channel and state and an answered, adopted, published opinion."""

import datetime as dt

import pytest

from bianmin.complaints.models import Channel, Complaint, ComplaintState, OpinionEntry, ReplyNotice
from bianmin.complaints.selectors import complaint_board_counts
from bianmin.demo.build import build_demo
from bianmin.demo.complaints import build_complaints

pytestmark = pytest.mark.django_db


def test_demo_complaints_every_channel_and_state_built_once():
    build_demo()
    today = dt.date(2026, 11, 20)
    created = build_complaints(today=today)
    assert created == Complaint.objects.count() > 0
    assert set(Complaint.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert set(Complaint.objects.values_list("state", flat=True)) == set(ComplaintState.values)
    assert ReplyNotice.objects.count() == 2
    assert Complaint.objects.filter(major=True, referrals__isnull=False).exists()
    counts = complaint_board_counts(Complaint.objects.values_list("org_id", flat=True), today)
    assert counts["overdue"] >= 1 and counts["due_today"] >= 1
    assert OpinionEntry.objects.filter(adopted=True, published=True).exists()
    assert build_complaints(today=today) == 0
