"""The case page offers only the actions a user may take now; each form calls its action, refusals change nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from bianmin.cases import actions, lifecycle
from bianmin.cases.models import CaseEvent
from bianmin.conftest import VALID_ID, person
from bianmin.counter.tests.helpers import accepted, concluded, in_progress, reload, submitted


def url(case, action=""):
    return f"/counter/cases/{case.number}/" + (f"{action}/" if action else "")


def login(client, user):
    client.force_login(user)
    return client


def test_the_whole_life_through_the_case_page(world, client):
    # given a case registered with the family income proof missing
    case = submitted(world, received=("居民身份证", "户口簿"))
    li = login(client, world.clerk)
    # when Li records the proof, accepts and assigns to Chen
    r = li.post(
        url(case, "supplement"),
        {"materials": [str(reload(case).materials.get(name="家庭收入证明").material_id)]},
    )
    assert r.status_code == 302 and reload(case).state == "submitted"
    r = li.post(url(case, "accept"))
    acceptance = reload(case).notices.get(type="acceptance")
    assert r["Location"] == f"{url(case)}?notice={acceptance.pk}#new-notice"
    li.post(url(case, "assign"), {"handler": "chen"})
    assert reload(case).handler == world.handler
    # and Chen concludes, Li delivers and archives
    chen = login(client, world.handler)
    r = chen.post(url(case, "conclude"), {"result": "granted", "certificate_number": "DB-001"})
    assert reload(case).state == "concluded" and "?notice=" in r["Location"]
    li = login(client, world.clerk)
    li.post(url(case, "deliver"), {"method": "window", "collected_by": "张三"})
    li.post(url(case, "archive"))
    # then
    case = reload(case)
    assert case.state == "archived" and case.collected_by == "张三" and case.certificate_number == "DB-001"
    page = li.get(url(case)).content.decode()
    for label in ("登记", "补正材料", "受理", "交办", "办结", "送达", "归档", "李窗口", "陈承办"):
        assert label in page
    assert "已归档" in page


def test_a_refused_action_shows_the_message_and_changes_nothing(world, client):
    # given a case whose mandatory materials are incomplete
    case = submitted(world)
    before = (reload(case).state, CaseEvent.objects.count())
    # when Li tries to accept it anyway
    response = login(client, world.clerk).post(url(case, "accept"))
    # then the page shows why, with status 409, and the case is as it was
    assert response.status_code == 409
    assert "必需材料不齐，不能受理" in response.content.decode()
    assert (reload(case).state, CaseEvent.objects.count()) == before


def test_an_action_without_the_right_is_refused_with_its_message(world, client):
    case = in_progress(world)
    events = CaseEvent.objects.count()
    response = login(client, world.handler).post(url(case, "approve_extension"), {"note": "同意"})
    assert response.status_code == 403 and "延期须经带班领导或中心主任批准" in response.content.decode()
    assert reload(case).extended_days == 0 and CaseEvent.objects.count() == events


def test_a_badly_filled_form_is_shown_again(world, client):
    case = submitted(world)
    response = login(client, world.clerk).post(url(case, "reject"), {"reason": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "未完成" in page and "<details open" in page
    assert reload(case).state == "submitted"


def test_unknown_action_is_404_and_get_is_not_allowed(world, client):
    case = submitted(world)
    li = login(client, world.clerk)
    assert li.post(url(case, "explode")).status_code == 404
    assert li.get(url(case, "accept")).status_code == 405


def test_only_the_forms_the_user_may_take_now_are_shown(world, client):
    case = submitted(world)
    page = login(client, world.clerk).get(url(case)).content.decode()
    for action in ("supplement", "notify_missing", "reject", "withdraw"):
        assert f'action="{url(case, action)}"' in page, action
    for action in ("accept", "assign", "conclude", "deliver", "request_extension"):
        assert f'action="{url(case, action)}"' not in page, action
    assert "必需材料不齐，不能受理" in page
    # the supervisor reads, and urges (001 电子监察; 000 篇2 督办)
    page = login(client, world.supervisor).get(url(case)).content.decode()
    assert f'action="{url(case, "urge")}"' in page
    assert f'action="{url(case, "supplement")}"' not in page


@pytest.mark.parametrize(
    ("who", "make", "expected"),
    [
        # the clerk who accepted holds the case until it is handed over: they may ask for an extension
        (
            "clerk",
            accepted,
            ["assign", "escalate", "green_channel", "suspend", "request_extension", "withdraw"],
        ),
        ("handler", accepted, ["suspend"]),
        (
            "leader",
            accepted,
            [
                "assign",
                "escalate",
                "green_channel",
                "suspend",
                "request_extension",
                "urge",
                "daily_review",
                "withdraw",
            ],
        ),
        ("handler", in_progress, ["conclude", "suspend", "request_extension"]),
        ("clerk", in_progress, ["assign", "escalate", "green_channel", "suspend", "withdraw"]),
        ("clerk", concluded, ["deliver"]),
        ("supervisor", in_progress, ["urge"]),
    ],
)
def test_the_page_offers_what_the_lifecycle_guards_allow(world, who, make, expected):
    """DESIGN.md: the page asks the same guard as the action (a guard is never written twice)."""
    case = reload(make(world))
    assert offered(case, getattr(world, who)) == expected


def test_conclude_is_offered_to_the_clerk_only_for_an_instant_case(world):
    instant = actions.accept(
        actions.register(
            actor=world.clerk,
            item_code="ZH001",
            applicant=person(),
            received_materials=["居民身份证", "户口簿", "家庭收入证明"],
        ).case,
        actor=world.clerk,
    ).case
    assert "conclude" in offered(reload(instant), world.clerk)


def test_joint_tasks_are_offered_to_their_own_windows(world, client):
    case = actions.accept(
        actions.register(
            actor=world.clerk,
            item_code="GT001",
            applicant=person(),
            received_materials=["居民身份证", "户口簿", "家庭收入证明"],
        ).case,
        actor=world.clerk,
    ).case
    page = login(client, world.handler).get(url(case)).content.decode()
    assert 'value="GT"' in page and 'value="LY"' not in page and "规划审查" in page
    response = client.post(url(case, "complete_task"), {"window": "GT", "result": "符合规划"})
    assert response.status_code == 302
    assert reload(case).tasks.get(window_code="GT").state == "done"
    # the forester finishes LY; then the case may be concluded
    login(client, world.forester).post(url(case, "complete_task"), {"window": "LY", "result": "非林地"})
    assert "conclude" in offered(reload(case), world.clerk)


def test_reveal_full_id_number_is_logged_and_only_for_the_right_roles(world, client):
    case = submitted(world)
    # the clerk has no form and is refused if they post anyway
    li = login(client, world.clerk)
    assert "查看完整号码" not in li.get(url(case)).content.decode()
    refused = li.post(url(case, "reveal_id"), {"purpose": "核对"})
    assert refused.status_code == 403 and VALID_ID not in refused.content.decode()
    # the duty leader sees the form; the number is shown once and the look is an event
    zhou = login(client, world.leader)
    page = zhou.get(url(case)).content.decode()
    assert "查看完整号码" in page and VALID_ID not in page and "110105********002X" in page
    response = zhou.post(url(case, "reveal_id"), {"purpose": "核对低保资格"})
    assert response.status_code == 200 and VALID_ID in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    event = reload(case).events.get(type="reveal_id_number")
    assert event.data["purpose"] == "核对低保资格" and event.actor == world.leader
    assert VALID_ID not in zhou.get(url(case)).content.decode()


def test_case_page_shows_due_date_working_days_left_and_timeline(world, client):
    case = accepted(world)
    page = login(client, world.clerk).get(url(case)).content.decode()
    case = reload(case)
    assert case.due_date.isoformat() in page
    assert "还剩" in page and "个工作日" in page
    assert "受理通知书" in page and f"/counter/notices/{case.notices.get().pk}/pdf/" in page
    assert "最低生活保障申请（MZ001，第 1 版）" in page


def offered(case, user):  # noqa: ANN001, ANN201
    return [t.step.value for t in lifecycle.offered(case, user, dt.date(2026, 9, 28))]
