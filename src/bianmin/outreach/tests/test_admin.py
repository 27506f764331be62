"""The admin shows market days and home visits read-only, scoped like the pages (orgs.admin_scope)."""

from __future__ import annotations

import datetime as dt

from bianmin.outreach.models import MarketDay
from bianmin.outreach.tests.conftest import MARKET_MORNING, event_on, on_site, visit_request


def test_a_director_reads_only_their_centers_outings_in_the_admin(town, client):
    # given 象湖镇's day with a case, its visit, and a day at 壬田镇
    event = event_on(town)
    on_site(town, event)
    visit_request(town)
    MarketDay.objects.create(
        org=town.town2, date=dt.date(2026, 3, 11), place="壬田圩", scheduled_at=MARKET_MORNING
    )
    director = town.director
    director.is_staff = True
    director.save()
    client.force_login(director)
    # when director Wu opens the admin's lists
    days = client.get("/admin/outreach/marketday/").content.decode()
    visits = client.get("/admin/outreach/homevisit/").content.decode()
    # then only 象湖镇's rows, and no way to add or change one
    assert "熊家场" in days and "壬田圩" not in days
    assert "刘秀英" in visits and "13907971234" not in visits
    assert client.get("/admin/outreach/marketday/add/").status_code == 403
    other = MarketDay.objects.get(place="壬田圩")
    assert (
        client.get(f"/admin/outreach/marketday/{other.pk}/change/").status_code == 302
    )  # not found: back to the list
