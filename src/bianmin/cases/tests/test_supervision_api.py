"""The supervision steps over the API (行政许可法 Art. 42; 000 篇2 批示、督办): the routes come from the
lifecycle table; refusals answer {"code", "detail"} with their status."""

from __future__ import annotations

import datetime as dt

import time_machine

from bianmin.cases import actions
from bianmin.conftest import at, person

MATERIALS = ["居民身份证", "户口簿", "家庭收入证明"]


def login(api, user):  # noqa: ANN001, ANN201
    api.force_authenticate(user)
    return api


def post(api, url, body=None):  # noqa: ANN001, ANN201
    return api.post(url, body or {}, format="json")


def _case(world):  # noqa: ANN001, ANN202
    with time_machine.travel(at(2026, 9, 28, 9), tick=False):
        case = actions.register(
            actor=world.clerk, item_code="MZ001", applicant=person(), received_materials=MATERIALS
        ).case
        actions.accept(case, actor=world.clerk)
        return actions.assign(case, actor=world.clerk, handler=world.handler).case


@time_machine.travel(at(2026, 10, 13, 10), tick=False)
def test_request_and_approve_an_extension_over_the_api(world, api):
    case = _case(world)
    base = f"/api/v1/cases/{case.number}"
    too_long = post(login(api, world.handler), f"{base}/request_extension/", {"days": 11, "reason": "复杂"})
    assert too_long.status_code == 400
    asked = post(api, f"{base}/request_extension/", {"days": 5, "reason": "需入户调查"})
    assert asked.status_code == 200, asked.json()
    again = post(api, f"{base}/request_extension/", {"days": 2, "reason": "再申请"})
    assert again.status_code == 409 and again.json()["code"] == "extension_pending" and again.json()["detail"]
    assert post(api, f"{base}/approve_extension/").json()["code"] == "permission_denied"
    approved = post(login(api, world.leader), f"{base}/approve_extension/", {"note": "同意"})
    assert approved.status_code == 200 and approved.json()["due_date"] == "2026-10-23"
    refused = post(api, f"{base}/refuse_extension/", {"note": "不同意"})
    assert refused.status_code == 409 and refused.json()["code"] == "no_pending_extension"


@time_machine.travel(at(2026, 10, 21, 10), tick=False)
def test_a_late_request_is_refused_with_its_code(world, api):
    case = _case(world)
    late = post(
        login(api, world.handler),
        f"/api/v1/cases/{case.number}/request_extension/",
        {"days": 5, "reason": "x"},
    )
    assert late.status_code == 409 and late.json()["code"] == "extension_too_late"


@time_machine.travel(at(2026, 10, 13, 10), tick=False)
def test_urge_reply_and_review_over_the_api_and_the_open_urgings(world, api):
    case = _case(world)
    base = f"/api/v1/cases/{case.number}"
    past = post(login(api, world.leader), f"{base}/urge/", {"note": "快办", "reply_by": "2026-10-12"})
    assert past.status_code == 400 and past.json()["code"] == "reply_by_past"
    weekend = post(api, f"{base}/urge/", {"note": "快办", "reply_by": "2026-10-17"})
    assert weekend.status_code == 400 and weekend.json()["code"] == "reply_by_not_workday"
    assert post(api, f"{base}/urge/", {"note": "请加快办理"}).status_code == 200
    mine = login(api, world.handler).get("/api/v1/urgings/").json()
    assert mine == [
        {
            "case": case.number,
            "item": "最低生活保障申请",
            "reply_by": "2026-10-14",
            "overdue": False,
            "urgings": [{"at": mine[0]["urgings"][0]["at"], "by": "周带班", "note": "请加快办理"}],
        }
    ]
    assert dt.datetime.fromisoformat(mine[0]["urgings"][0]["at"]) == at(2026, 10, 13, 10)
    assert post(api, f"{base}/reply_urge/", {"note": "已补齐材料"}).status_code == 200
    assert api.get("/api/v1/urgings/").json() == []
    assert post(api, f"{base}/reply_urge/", {"note": "再回复"}).json()["code"] == "no_open_urging"
    assert post(login(api, world.leader), f"{base}/daily_review/").status_code == 200
    again = post(api, f"{base}/daily_review/", {"note": "再批"})
    assert again.status_code == 409 and again.json()["code"] == "already_reviewed"
    assert api.get("/api/v1/urgings/?x=1").status_code == 400


@time_machine.travel(at(2026, 10, 21, 10), tick=False)
def test_the_open_urgings_cost_the_same_with_more_of_them(world, api, django_assert_num_queries):
    """GET /api/v1/urgings/ (the user authenticated and scoped already): the cases owed and their urge
    events, nothing per row."""
    login(api, world.handler)
    for n in (1, 4):
        for _ in range(n):
            case = _case(world)
            actions.urge(case, actor=world.leader, note="请说明", now=at(2026, 10, 20, 9))
            actions.urge(case, actor=world.supervisor, note="电子监察", now=at(2026, 10, 20, 10))
        api.get("/api/v1/urgings/")
        with django_assert_num_queries(URGINGS_QUERIES):
            assert len(api.get("/api/v1/urgings/").json()) in (1, 5)


URGINGS_QUERIES = 2
