"""The counter's 好差评 pages: who sees what (supervisor all, leaders all, a clerk their own), a rating's page
with its rectification and 回访 forms, the statistics page; query counts pinned (they do not grow with rows)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from bianmin.conftest import at
from bianmin.feedback.actions import rate
from bianmin.feedback.models import Rating, RectificationState
from bianmin.feedback.tests.conftest import concluded, registered

# Page: session, user, permissions (2), staff, groups (scoping), count, one page, the nav's center and its
# stations and the unread notifications = 11; a clerk's nav also counts the online applications waiting for
# review = 12.
LIST_PAGE = {"supervisor": 11, "clerk": 12}
# API: token with its user and staff, the permission stamp, groups, count, one page = 5.
LIST_API = 5


def ratings(world, n: int) -> None:  # noqa: ANN001
    for i in range(n):
        case = concluded(world) if i % 2 else registered(world)
        if i % 2:
            rate(case, level=4 + i % 2, comment="等候太久", now=timezone.now())
        else:
            rate(
                case,
                level=1 + i % 3,
                channel="tablet",
                window=world.mz,
                staff=world.clerk,
                now=timezone.now(),
            )


@pytest.mark.parametrize("who", ["supervisor", "clerk"])
def test_the_list_costs_the_same_with_more_rows(world, client, who, django_assert_num_queries):
    client.force_login(getattr(world, who))
    ratings(world, 2)
    client.get("/counter/ratings/")
    with django_assert_num_queries(LIST_PAGE[who]):
        assert client.get("/counter/ratings/").status_code == 200
    ratings(world, 8)
    with django_assert_num_queries(LIST_PAGE[who]):
        assert client.get("/counter/ratings/").status_code == 200


def test_the_list_endpoint_costs_the_same_with_more_rows(world, api, django_assert_num_queries):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.supervisor).key}")
    ratings(world, 2)
    api.get("/api/v1/ratings/")
    with django_assert_num_queries(LIST_API):
        assert api.get("/api/v1/ratings/").status_code == 200
    ratings(world, 8)
    with django_assert_num_queries(LIST_API):
        response = api.get("/api/v1/ratings/")
    assert response.data["count"] == 10
    bad = [r for r in response.data["results"] if r["level"] >= 4]
    assert bad and all(r["rectification"]["state"] == "open" for r in bad)


def test_a_clerk_sees_only_the_ratings_of_their_own_service(world, client, api):
    rate(registered(world), level=2, channel="tablet", window=world.mz, staff=world.clerk)
    rate(concluded(world), level=1)  # the whole case: handler Chen's
    client.force_login(world.clerk)
    page = client.get("/counter/ratings/").content.decode()
    assert "共 1 条" in page
    theirs = Rating.objects.get(staff=world.handler)
    assert client.get(f"/counter/ratings/{theirs.pk}/").status_code == 404
    api.force_authenticate(world.clerk)
    assert api.get("/api/v1/ratings/").data["count"] == 1
    assert api.get(f"/api/v1/ratings/{theirs.pk}/").status_code == 404
    client.force_login(world.clerk2)  # another center sees nothing of 象湖镇's
    assert "共 0 条" in client.get("/counter/ratings/").content.decode()
    assert client.get("/counter/ratings/stats/").status_code == 403


def test_the_rating_page_takes_the_rectification_through_its_states(world, client):
    rating = rate(concluded(world), level=5, comment="态度生硬", now=timezone.now())
    url = f"/counter/ratings/{rating.pk}/"
    client.force_login(world.director)
    page = client.get(url).content.decode()
    assert (
        "整改中" in page and "吴主任" in page and "填报整改措施" in page and "认定恶意评价或误评" not in page
    )
    assert client.post(url + "measures/", {"measures": ""}).status_code == 400
    assert client.post(url + "measures/", {"measures": "批评教育，窗口增设引导员"}).status_code == 302
    response = client.post(
        url + "call/", {"called_on": timezone.localdate().isoformat(), "response": "满意", "satisfied": "1"}
    )
    assert response.status_code == 302
    rating.rectification.refresh_from_db()
    assert rating.rectification.state == RectificationState.RECTIFIED
    client.force_login(world.supervisor)
    page = client.get(url).content.decode()
    assert "核实整改" in page and "认定恶意评价或误评" in page and "已整改待核实" in page
    assert client.post(url + "close/", {"note": "已核实"}).status_code == 302
    assert "已核实办结" in client.get(url).content.decode()
    pdf = client.get(url + "notice.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_overdue_shows_on_the_rating_in_the_list_and_the_filter(world, client, time_machine):
    rating = rate(concluded(world), level=4, comment="慢", now=at(2026, 3, 10))
    time_machine.move_to(
        dt.datetime.combine(rating.rectification.deadline + dt.timedelta(days=1), dt.time(10))
    )
    client.force_login(world.supervisor)
    page = client.get("/counter/ratings/", {"rectification": "overdue"}).content.decode()
    assert "整改超期" in page and "共 1 条" in page


def test_the_statistics_page_shows_the_week_and_the_month_with_a_chart(world, client):
    rate(
        registered(world), level=1, channel="tablet", window=world.mz, staff=world.clerk, now=at(2026, 3, 10)
    )
    rate(
        registered(world),
        level=4,
        comment="差",
        channel="tablet",
        window=world.mz,
        staff=world.clerk,
        now=at(2026, 3, 11),
    )
    client.force_login(world.supervisor)
    page = client.get("/counter/ratings/stats/", {"week": "2026-03-11", "month": "2026-03"}).content.decode()
    assert "2026-03-09 至 2026-03-15" in page and "2026年3月" in page
    assert "1号 民政" in page and "李窗口" in page and "50.0%" in page
    assert '<rect class="bar low" x="0" y="0" height="10" width="50.0"/>' in page
    assert f"/counter/ratings/?window={world.mz.pk}&amp;date_after=2026-03-09" in page
