"""The rectification's steps and the supervisor's finding over the API, through the same actions as the
rating's page: every refusal answers ``{"code", "detail"}`` with its status.

国办发〔2019〕51号: every 差评 is verified, rectified and the citizen called back; a rating found malicious or
mistaken is kept with the reason and left out of the statistics. 002 天彭镇: 便民服务督查组……下发整改通知书，限期
整改; 镇纪委每周一次统计，每月一次评定.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from bianmin.conftest import at, make_staff
from bianmin.feedback import rectification as rect_actions
from bianmin.feedback.actions import rate
from bianmin.feedback.models import Rating, Rectification, RectificationState
from bianmin.feedback.selectors import statistics
from bianmin.feedback.tests.conftest import concluded, registered
from bianmin.orgs.roles import Role

RATED_AT = at(2026, 3, 10, 10)  # a Tuesday
ASSIGN, MEASURES, CALL, CHECK = (f"rectification/{step}/" for step in ("assign", "measures", "call", "check"))


@pytest.fixture
def bad(world: Any, time_machine: Any) -> Rating:
    """A 非常不满意 at 民政 window's evaluator for clerk Li's registration service, on 2026-03-10."""
    time_machine.move_to(RATED_AT)
    return rate(
        registered(world),
        level=5,
        comment="窗口无人，等了一个小时",
        channel="tablet",
        window=world.mz,
        staff=world.clerk,
        now=timezone.now(),
    )


def url(rating: Rating, step: str = "") -> str:
    return f"/api/v1/ratings/{rating.pk}/{step}"


def post(api: Any, user: Any, rating: Rating, step: str, body: dict[str, Any]) -> Any:
    api.force_authenticate(user)
    return api.post(url(rating, step), body, format="json")


def refused(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response.data["code"] == code and response.data["detail"], response.data


def test_measures_a_call_and_the_check_take_the_rectification_to_closed(world, api, bad):
    """open → rectified (the director's measures) → the duty leader's 回访 → closed (the supervisor's check)."""
    response = post(api, world.director, bad, MEASURES, {"measures": "约谈窗口人员，增设引导员"})
    assert response.status_code == 200
    rect = response.data["rectification"]
    assert rect["state"] == "rectified" and rect["measures"] == "约谈窗口人员，增设引导员"
    assert rect["rectified_by"] == "吴主任" and rect["owner"] == "吴主任"
    assert rect["owner_id"] == world.director.pk and rect["calls"] == []

    response = post(
        api,
        world.leader,
        bad,
        CALL,
        {"called_on": "2026-03-10", "response": "已改进，满意", "satisfied": True},
    )
    assert response.status_code == 200
    assert response.json()["rectification"]["calls"] == [
        {
            "called_on": "2026-03-10",
            "caller": "周带班",
            "response": "已改进，满意",
            "satisfied": True,
            "recorded_at": response.json()["rectification"]["calls"][0]["recorded_at"],
        }
    ]

    response = post(api, world.supervisor, bad, CHECK, {"note": "属实，已整改"})
    assert response.status_code == 200
    rect = response.data["rectification"]
    assert (
        rect["state"] == "closed" and rect["closed_by"] == "蒋监察" and rect["close_note"] == "属实，已整改"
    )
    stored = Rectification.objects.get(rating=bad)
    assert stored.state == RectificationState.CLOSED and stored.closed_by == world.supervisor
    # the list shows the same status
    assert api.get("/api/v1/ratings/").data["results"][0]["rectification"]["state"] == "closed"


def test_the_director_also_checks_and_the_note_may_be_left_out(world, api, bad):
    post(api, world.director, bad, MEASURES, {"measures": "批评教育"})
    post(api, world.director, bad, CALL, {"called_on": "2026-03-10", "response": "满意", "satisfied": True})
    response = post(api, world.director, bad, CHECK, {})
    assert response.status_code == 200 and response.data["rectification"]["state"] == "closed"
    assert response.data["rectification"]["close_note"] == ""


def test_the_check_needs_the_measures_then_the_call(world, api, bad):
    """国办发〔2019〕51号: checked only once rectified and the citizen called back."""
    refused(post(api, world.supervisor, bad, CHECK, {"note": ""}), 409, "not_rectified")
    post(api, world.director, bad, MEASURES, {"measures": "调整排班"})
    refused(post(api, world.supervisor, bad, CHECK, {"note": ""}), 409, "call_required")
    assert Rectification.objects.get(rating=bad).state == RectificationState.RECTIFIED


def test_who_may_take_which_step(world, api, bad):
    """The owner or a leader handles (measures, call); a supervisor or the director checks; a supervisor
    assigns and finds a rating malicious or mistaken. A clerk sees their own rating and takes no step."""
    call = {"called_on": "2026-03-10", "response": "满意", "satisfied": True}
    for step, body in [
        (MEASURES, {"measures": "谈话"}),
        (CALL, call),
        (CHECK, {"note": ""}),
        (ASSIGN, {"owner": world.clerk.pk}),
        ("exclude/", {"kind": "malicious", "reason": "无理取闹"}),
    ]:
        refused(post(api, world.clerk, bad, step, body), 403, "forbidden")
    refused(post(api, world.director, bad, ASSIGN, {"owner": world.leader.pk}), 403, "forbidden")
    refused(
        post(api, world.director, bad, "exclude/", {"kind": "mistaken", "reason": "误"}), 403, "forbidden"
    )
    post(api, world.director, bad, MEASURES, {"measures": "谈话"})
    post(api, world.director, bad, CALL, call)
    refused(post(api, world.leader, bad, CHECK, {"note": ""}), 403, "forbidden")
    refused(post(api, world.supervisor, bad, MEASURES, {"measures": "x"}), 403, "forbidden")
    # nothing was written by the refused steps
    rect = Rectification.objects.get(rating=bad)
    assert rect.state == RectificationState.RECTIFIED and rect.measures == "谈话" and rect.calls.count() == 1
    assert rect.owner == world.director and not Rating.objects.get(pk=bad.pk).excluded


def test_another_towns_rating_is_not_found_and_a_clerk_sees_only_their_own(world, api, bad):
    other_supervisor = make_staff("sun", world.town2, Role.SUPERVISOR, "孙监察")
    for step, body in [
        (MEASURES, {"measures": "谈话"}),
        (CHECK, {"note": ""}),
        (ASSIGN, {"owner": world.leader.pk}),
        ("exclude/", {"kind": "malicious", "reason": "无理取闹"}),
    ]:
        refused(post(api, other_supervisor, bad, step, body), 404, "rating_not_found")
    refused(api.get(url(bad, "rectification/pdf/")), 404, "rating_not_found")
    # clerk Zhao of 壬田镇, and a 象湖镇 clerk whose service was not rated
    refused(post(api, world.clerk2, bad, MEASURES, {"measures": "x"}), 404, "rating_not_found")
    theirs = rate(concluded(world), level=4, comment="慢", now=timezone.now())  # handler Chen's
    refused(post(api, world.clerk, theirs, MEASURES, {"measures": "x"}), 404, "rating_not_found")
    api.force_authenticate(world.supervisor)
    missing = api.post(
        "/api/v1/ratings/99999999/exclude/", {"kind": "malicious", "reason": "x"}, format="json"
    )
    refused(missing, 404, "rating_not_found")


def test_a_supervisor_assigns_an_owner_of_the_center(world, api, client, bad):
    """The new owner may then record measures without a leader's general right."""
    refused(post(api, world.supervisor, bad, ASSIGN, {"owner": world.clerk2.pk}), 400, "invalid_owner")
    refused(post(api, world.supervisor, bad, ASSIGN, {"owner": 2**31 - 1}), 400, "invalid_owner")
    refused(post(api, world.supervisor, bad, ASSIGN, {"owner": "zhou"}), 400, "invalid")
    refused(post(api, world.supervisor, bad, ASSIGN, {}), 400, "invalid")
    response = post(api, world.supervisor, bad, ASSIGN, {"owner": world.forester.pk})
    assert response.status_code == 200
    assert response.data["rectification"]["owner"] == "林业员"
    assert response.data["rectification"]["owner_id"] == world.forester.pk
    response = post(api, world.forester, bad, MEASURES, {"measures": "补充一次性告知"})
    assert response.status_code == 200 and response.data["rectification"]["state"] == "rectified"
    # a handler who owns it reaches the rating, on the page and in the list, though it is not of their service
    client.force_login(world.forester)
    assert client.get(f"/counter/ratings/{bad.pk}/").status_code == 200
    api.force_authenticate(world.forester)
    assert [r["id"] for r in api.get("/api/v1/ratings/").data["results"]] == [bad.pk]


def test_a_follow_up_call_is_dated_between_the_rating_and_today(world, api, bad):
    body = {"response": "满意", "satisfied": True}
    refused(post(api, world.director, bad, CALL, {**body, "called_on": "2026-03-09"}), 400, "invalid_date")
    refused(post(api, world.director, bad, CALL, {**body, "called_on": "2026-03-11"}), 400, "invalid_date")
    refused(post(api, world.director, bad, CALL, {**body, "called_on": "10/03/2026"}), 400, "invalid")
    refused(
        post(api, world.director, bad, CALL, {"called_on": "2026-03-10", "response": " "}), 400, "invalid"
    )
    assert not Rectification.objects.get(rating=bad).calls.exists()


def test_bodies_are_read_as_the_schema_states_them(world, api, bad):
    refused(post(api, world.director, bad, MEASURES, {"measures": ""}), 400, "invalid")
    refused(post(api, world.director, bad, MEASURES, {"measures": "x" * 2001}), 400, "invalid")
    response = post(api, world.director, bad, MEASURES, {"measures": "x", "reson": "typo"})
    refused(response, 400, "invalid")
    assert "reson" in response.data["errors"]
    refused(post(api, world.supervisor, bad, "exclude/", {"kind": "spam", "reason": "x"}), 400, "invalid")
    refused(post(api, world.supervisor, bad, "exclude/", {"kind": "malicious", "reason": ""}), 400, "invalid")
    assert Rectification.objects.get(rating=bad).state == RectificationState.OPEN


def test_a_checked_rectification_takes_no_further_step(world, api, bad):
    post(api, world.director, bad, MEASURES, {"measures": "谈话"})
    post(api, world.director, bad, CALL, {"called_on": "2026-03-10", "response": "满意", "satisfied": True})
    post(api, world.supervisor, bad, CHECK, {"note": ""})
    refused(post(api, world.supervisor, bad, CHECK, {"note": ""}), 409, "rectification_closed")
    refused(post(api, world.director, bad, MEASURES, {"measures": "再谈"}), 409, "rectification_closed")
    refused(
        post(
            api, world.director, bad, CALL, {"called_on": "2026-03-10", "response": "x", "satisfied": False}
        ),
        409,
        "rectification_closed",
    )
    refused(post(api, world.supervisor, bad, ASSIGN, {"owner": world.leader.pk}), 409, "rectification_closed")


def test_a_good_rating_has_no_rectification_to_act_on(world, api, time_machine):
    time_machine.move_to(RATED_AT)
    good = rate(concluded(world), level=1, now=timezone.now())
    refused(post(api, world.director, good, MEASURES, {"measures": "x"}), 409, "no_rectification")
    refused(post(api, world.supervisor, good, CHECK, {}), 409, "no_rectification")
    api.force_authenticate(world.supervisor)
    assert api.get(url(good)).data["rectification"] is None
    refused(api.get(url(good, "rectification/pdf/")), 404, "no_rectification")


def test_a_rating_found_malicious_is_kept_closed_and_left_out_of_the_statistics(world, api, bad):
    """国办发〔2019〕51号: a malicious or mistaken rating is kept with the reason and not counted; 002 天彭镇's
    纪委 counts the week without it."""
    response = post(
        api, world.supervisor, bad, "exclude/", {"kind": "malicious", "reason": "与办件无关的谩骂"}
    )
    assert response.status_code == 200
    data = response.data
    assert data["excluded"] == "malicious" and data["excluded_reason"] == "与办件无关的谩骂"
    assert data["excluded_by"] == "蒋监察" and data["excluded_at"]
    assert data["rectification"]["state"] == "closed" and "恶意评价" in data["rectification"]["close_note"]
    assert Rating.objects.filter(pk=bad.pk).exists()
    week = statistics([world.town.pk], dt.date(2026, 3, 9), dt.date(2026, 3, 15))
    assert week.total.total == 0 and week.total.excluded == 1
    refused(
        post(api, world.supervisor, bad, "exclude/", {"kind": "mistaken", "reason": "再认定"}),
        409,
        "already_excluded",
    )
    refused(post(api, world.director, bad, MEASURES, {"measures": "x"}), 409, "rectification_closed")


def test_the_numbered_rectification_notice_is_downloaded(world, api, bad):
    """002 天彭镇: 下发整改通知书，限期整改 — the numbered notice, as the rating's page offers it; a clerk who
    may read the rating may read it too."""
    for user in (world.supervisor, world.clerk):
        api.force_authenticate(user)
        response = api.get(url(bad, "rectification/pdf/"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
        assert f"rectification-{bad.rectification.pk}.pdf" in response["Content-Disposition"]
    refused(api.get(url(bad, "rectification/pdf/") + "?level=4"), 400, "invalid")


def test_the_detail_costs_the_same_with_more_calls(world, api, bad, django_assert_num_queries):
    """Token with its user, the permission stamp, groups, the rating, its rectification with the people on
    it, the calls with their callers = 6, however many calls."""
    rect = bad.rectification

    def call(text: str) -> None:
        rect_actions.record_call(
            rect, actor=world.leader, called_on=RATED_AT.date(), response=text, satisfied=True, now=RATED_AT
        )

    call("还行")
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.supervisor).key}")
    api.get(url(bad))
    with django_assert_num_queries(DETAIL_API):
        assert api.get(url(bad)).status_code == 200
    for n in range(3):
        call(f"第{n}次")
    with django_assert_num_queries(DETAIL_API):
        response = api.get(url(bad))
    assert [c["response"] for c in response.json()["rectification"]["calls"]] == [
        "还行",
        "第0次",
        "第1次",
        "第2次",
    ]


DETAIL_API = 6
