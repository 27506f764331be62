"""The demo's consultation log: a day of questions at each town (window, phone, market day), followed up,
handed over, one turned into a case, and the frequent question on 低保 published in the item's FAQ."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.conftest import at
from bianmin.consultations.models import Consultation, EventType, State
from bianmin.consultations.selectors import frequent_topics
from bianmin.demo.build import build_demo
from bianmin.demo.consultations import FREQUENT, build_consultations
from bianmin.demo.outreach import build_outreach
from bianmin.orgs.models import Org

pytestmark = pytest.mark.django_db


def test_a_day_of_consultations_at_each_town_built_once(client: Any) -> None:
    build_demo()
    today = dt.date(2026, 11, 20)  # a Friday: the day before is Thursday the 19th
    build_outreach(today=today)
    created = build_consultations(now=at(2026, 11, 20, 8))
    assert created == Consultation.objects.count() > 0
    for code in ("360781100", "360781101"):
        town = Org.objects.get(code=code)
        rows = Consultation.objects.filter(org=town)
        # the window, the phone and the town's last market day
        assert set(rows.values_list("channel", flat=True)) == {"window", "phone", "market_day"}
        assert rows.filter(asked_on=dt.date(2026, 11, 19)).count() == 10
        # 首问负责: one handed over and closed by the colleague, one a case, one still followed up
        handed = rows.get(events__type=EventType.HAND_OVER)
        assert handed.state == State.CLOSED and handed.owner != handed.first_contact
        turned = rows.get(state=State.CASE)
        assert turned.case is not None and turned.case.org == town
        assert rows.filter(state=State.FOLLOW_UP).count() == 1
        # the question on 低保 is among the frequent ones
        frequent = frequent_topics([town.pk], today)
        assert frequent[0].topic == FREQUENT and frequent[0].asked == 5
    # 象湖镇's answer to it is published on the item's guide page
    page = client.get("/guide/MZ001/", {"org": "360781100"}).content.decode()
    assert FREQUENT in page and "户口簿" in page
    # a second run adds nothing
    assert build_consultations(now=at(2026, 11, 20, 9)) == 0
    assert Consultation.objects.count() == created
