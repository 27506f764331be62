"""The demo's market days and home visits: a month at each town, the next one planned, visits in every state."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from bianmin.cases.audit import verify_all
from bianmin.cases.models import Case, Channel
from bianmin.demo.build import build_demo
from bianmin.demo.history import build_history
from bianmin.demo.outreach import build_outreach
from bianmin.orgs.models import Org
from bianmin.outreach.models import HomeVisit, MarketDay, MarketDayState, OutreachCase
from bianmin.outreach.selectors import market_days as scoped_market_days
from bianmin.outreach.selectors import staffing

pytestmark = pytest.mark.django_db


def test_a_month_of_market_days_and_home_visits_built_once():
    build_demo()
    today = dt.date(2026, 11, 20)
    build_history(today=today)
    created = build_outreach(today=today)
    assert created == MarketDay.objects.count() > 0
    for code in ("360781100", "360781101"):
        town = Org.objects.get(code=code)
        past = MarketDay.objects.filter(org=town, date__lt=today)
        # every market day of the last month, ended, with a log and cases registered at the stall
        assert {d.day for d in past.values_list("date", flat=True)} == set(town.market_days)
        assert all(e.state == MarketDayState.ENDED and e.people_served and e.ends_at for e in past)
        assert OutreachCase.objects.filter(market_day__org=town).count() == 3 * past.count()
    # one event still to come, at 象湖镇, short of staff
    upcoming = MarketDay.objects.get(date__gte=today)
    assert upcoming.state == MarketDayState.SCHEDULED and upcoming.org.code == "360781100"
    # the county's list marks some days as short of staff, not all
    county = get_user_model().objects.get(username="county")
    gaps = [e for e in scoped_market_days(county) if staffing(e).gap]
    assert upcoming in gaps and len(gaps) < MarketDay.objects.count()
    # home visits in every state, the visited one with its case
    assert set(HomeVisit.objects.values_list("state", flat=True)) == {
        "requested",
        "assigned",
        "visited",
        "cancelled",
    }
    assert Case.objects.filter(channel=Channel.HOME_VISIT, outreach__home_visit__state="visited").count() == 1
    assert (
        Case.objects.filter(channel=Channel.MARKET_DAY).count()
        == OutreachCase.objects.filter(market_day__isnull=False).count()
    )
    # the trail written through the actions verifies; a second run adds nothing
    assert verify_all()[1] is None
    assert build_outreach(today=today) == 0
    assert MarketDay.objects.count() == created
