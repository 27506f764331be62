"""The demo month shows 好差评 populated: ratings at windows and online on several channels and by several
staff, rectifications in every state, one rating found malicious, evaluators registered; built once."""

import datetime as dt

import pytest

from bianmin.demo.build import build_demo
from bianmin.demo.feedback import build_feedback
from bianmin.demo.history import build_history
from bianmin.feedback.models import Evaluator, Rating, Rectification

pytestmark = pytest.mark.django_db


def test_the_demo_month_has_ratings_rectifications_in_each_state_and_a_malicious_one():
    build_demo()
    build_history(today=dt.date(2026, 11, 20))
    added = build_feedback()
    assert added > 30
    assert {"tablet", "qr", "sms"} <= set(Rating.objects.values_list("channel", flat=True))
    assert {"acceptance", "delivery", "online"} == set(Rating.objects.values_list("occasion", flat=True))
    assert Rating.objects.values("window").distinct().count() >= 4
    assert Rating.objects.values("staff").distinct().count() >= 4
    assert {"open", "rectified", "closed"} <= set(Rectification.objects.values_list("state", flat=True))
    assert Rating.objects.filter(excluded="malicious").count() == 1
    assert Evaluator.objects.count() == 3
    assert build_feedback() == 0 and Rating.objects.filter(excluded="malicious").count() == 1
