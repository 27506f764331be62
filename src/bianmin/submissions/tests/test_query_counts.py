"""Query counts pinned: the submission pages and endpoints cost the same with few reports (and centers) as
with many, and the counter home's 即将到期的报表 block costs a director a fixed, small number of queries.

When one of these fails, look for a per-row query (a missing select_related, a rule or calendar lookup
inside the loop) before raising the number.
"""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bianmin.conftest import OrgFactory, at, make_staff
from bianmin.orgs.models import OrgKind
from bianmin.orgs.roles import Role
from bianmin.submissions import actions
from bianmin.submissions.models import Submission
from bianmin.workdays.services import get_calendar

PERIODS = ["2026-09-H1", "2026-09-H2", "2026-10-H1", "2026-10-H2", "2026-11-H1"]
NOW = at(2026, 11, 20, 10)


def submit(user: Any, org: Any, period: str, kind: str = "semi_monthly", corrections: int = 0) -> Submission:
    d = actions.save_draft(
        actor=user, org=org, kind=kind, period_key=period, now=at(2026, 11, 17), work="办件情况见附表"
    )
    s = actions.submit(actor=user, submission_id=d.pk, now=at(2026, 11, 17, 10))
    for i in range(corrections):
        d = actions.start_correction(actor=user, submission_id=s.pk, now=at(2026, 11, 18, 9 + i))
        s = actions.submit(actor=user, submission_id=d.pk, now=at(2026, 11, 18, 9 + i))
    return s


def more_towns(world: Any, n: int, start: int) -> None:
    """``n`` more towns in 瑞金's county, each with a director who submitted the first half of November."""
    for i in range(start, start + n):
        town: Any = OrgFactory(parent=world.county, name=f"第{i}镇便民服务中心", code=f"360781{200 + i}")
        OrgFactory(kind=OrgKind.VILLAGE, parent=town, name=f"第{i}村便民服务站", code=f"360781{200 + i}201")
        director = make_staff(f"d{i}", town, Role.DIRECTOR, f"主任{i}")
        submit(director, town, "2026-11-H1")


def queries(client: Any, url: str) -> int:
    client.get(url)  # warm the process's caches (calendar, permissions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


# --------------------------------------------------------------------------------------------- pages


@pytest.mark.parametrize("user", ["director", "county_admin"])
def test_the_overview_costs_the_same_for_2_and_7_towns(world: Any, user: str) -> None:
    client = Client()
    client.force_login(getattr(world, user))
    url = "/counter/submissions/?month=2026-11"
    submit(world.director, world.town, "2026-10-H2")
    with time_machine.travel(NOW, tick=False):
        few = queries(client, url)
        more_towns(world, 5, 1)
        many = queries(client, url)
        page = client.get(url).content.decode()
    assert few == many
    if user == "county_admin":
        assert "第5镇便民服务中心" in page  # the overview does list the new towns


def test_the_report_page_costs_the_same_with_1_and_5_earlier_versions(world: Any) -> None:
    client = Client()
    client.force_login(world.director)
    url = f"/counter/submissions/report/{world.town.code}/semi_monthly/2026-11-H1/"
    submit(world.director, world.town, "2026-11-H1")
    with time_machine.travel(NOW, tick=False):
        few = queries(client, url)
        latest = Submission.objects.filter(org=world.town, state="submitted").get()
        for i in range(4):
            d = actions.start_correction(
                actor=world.director, submission_id=latest.pk, now=at(2026, 11, 18, 9 + i)
            )
            latest = actions.submit(actor=world.director, submission_id=d.pk, now=at(2026, 11, 18, 9 + i))
        many = queries(client, url)
    assert few == many


def test_a_submission_and_its_printed_form_cost_the_same_with_1_and_5_versions(world: Any) -> None:
    client = Client()
    client.force_login(world.county_admin)
    one = submit(world.director, world.town, "2026-10-H1")
    five = submit(world.director, world.town, "2026-10-H2", corrections=4)
    for suffix in ("", "print/"):
        few = queries(client, f"/counter/submissions/{one.pk}/{suffix}")
        many = queries(client, f"/counter/submissions/{five.pk}/{suffix}")
        assert few == many, suffix


def test_a_directors_counter_home_costs_the_same_however_many_reports_were_sent(world: Any) -> None:
    client = Client()
    client.force_login(world.director)
    with time_machine.travel(at(2026, 11, 12, 10), tick=False):  # 2026-11-H1 is due within 3 working days
        page = client.get("/counter/").content.decode()
        assert "即将到期的报表" in page and "2026-11-H1" in page
        few = queries(client, "/counter/")
        for period in PERIODS[:4]:
            submit(world.director, world.town, period)
        actions.save_draft(
            actor=world.director, org=world.town, kind="semi_monthly", period_key="2026-11-H1", now=NOW
        )
        many = queries(client, "/counter/")
        assert "（有草稿）" in client.get("/counter/").content.decode()
    assert few == many


def block_queries(user: Any) -> tuple[list[str], str]:
    request = RequestFactory().get("/counter/")
    request.user = user
    template = Template("{% load submissions_tags %}{% reports_due %}")
    user.has_perm("submissions.submit_report")  # permissions are the page's, read once per request
    with CaptureQueriesContext(connection) as captured:
        html = template.render(Context({"request": request}))
    return [q["sql"][:90] for q in captured.captured_queries], html


@pytest.mark.parametrize("user", ["director", "agent", "clerk", "county_admin"])
def test_the_reports_due_block_costs_four_queries_and_none_for_who_reports_nothing(
    world: Any, user: str
) -> None:
    """The counter home's 即将到期的报表: the rules, the county (the recipient), the calendar's freshness
    check and the submissions of the reports due — four queries whatever was submitted; none for a clerk
    or the county, who owe none."""
    account = getattr(world, user)
    for period in PERIODS[:3]:
        submit(world.director, world.town, period)
    get_calendar(world.town.region)  # the calendar is the process's, built once
    # 2026-11-H1 is due on the 16th; the station's November table on 2026-12-01 (000 篇1)
    day = at(2026, 11, 27, 10) if user == "agent" else at(2026, 11, 12, 10)
    with time_machine.travel(day, tick=False):
        sql, html = block_queries(account)
    if user in ("director", "agent"):
        assert len(sql) == 4 and "即将到期的报表" in html, sql
    else:
        assert sql == [] and html.strip() == ""


# ----------------------------------------------------------------------------------------------- API


def api_for(user: Any) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def test_the_submission_list_costs_the_same_for_2_and_7_reports(world: Any) -> None:
    api = api_for(world.county_admin)
    for period in PERIODS[:2]:
        submit(world.director, world.town, period)
    few = queries(api, "/api/v1/reports/submissions/")
    for period in PERIODS[2:]:
        submit(world.director, world.town, period, corrections=1)
    many = queries(api, "/api/v1/reports/submissions/")
    assert few == many
    assert len(api.get("/api/v1/reports/submissions/").json()["results"]) == 2 + 3 * 2


def test_the_calendar_costs_the_same_for_2_and_7_towns(world: Any) -> None:
    api = api_for(world.county_admin)
    url = "/api/v1/reports/calendar/?from=2026-10-01&to=2026-11-30"
    submit(world.director, world.town, "2026-10-H1")
    few = queries(api, url)
    more_towns(world, 5, 1)
    many = queries(api, url)
    assert few == many
    assert {r["org"] for r in api.get(url).json()} >= {"360781205", "360781205201"}
