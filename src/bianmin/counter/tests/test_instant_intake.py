"""即收即办 at the window: an instant case registered, accepted and concluded in one step, without a false 预警.

Issue 8 item 10. DESIGN.md "Case life": "Instant cases must be concluded the same day"; 003 曾家镇 六件管理:
"即办件:凡程序简便,可当场或当天办结的申请事项,由窗口工作人员即收即办,当场办结". The acceptance notice of an
instant case says 当场办结, so the window must be able to do exactly that — in one transaction, refused
whole when any part is refused — and the case page must not cry 预警 the moment the case is accepted.
"""

from __future__ import annotations

import pytest

from bianmin.cases.models import Case, CaseEvent, Counter, Notice
from bianmin.cases.steps import Step
from bianmin.conftest import VALID_ID, at
from bianmin.counter.tests.test_intake import form, material_ids
from bianmin.orgs.models import OfficeHours

URL = "/counter/intake/"
ALL = ("居民身份证", "户口簿", "家庭收入证明")


@pytest.fixture
def li(world, client):  # noqa: ANN001, ANN201
    OfficeHours.objects.create(org=world.town, name="全年")  # 8:00-12:00, 14:30-17:30
    client.force_login(world.clerk)
    return client


def instant_form(*received: str, **extra: str) -> dict:
    return {**form("instant", **extra), "item": "ZH001", "received": material_ids("ZH001", *received)}


def test_an_instant_item_is_registered_accepted_and_concluded_at_the_window_in_one_step(
    world, li, time_machine
):
    """即收即办，当场办结 (003): one click registers, accepts and grants; the conclusion notice is printed."""
    time_machine.move_to(at(2026, 10, 15, 10), tick=False)
    # given clerk Li has chosen 开具居住证明, an instant item
    page = li.get(URL, {"item": "ZH001"}).content.decode()
    assert "登记、受理并当场办结" in page
    # when she takes the materials and clicks 登记、受理并当场办结
    response = li.post(URL, instant_form(*ALL))
    # then the case is concluded, granted, by her, today
    case = Case.objects.get()
    assert case.state == "concluded" and case.result == "granted" and case.handler == world.clerk
    assert case.accepted_on == case.due_date == at(2026, 10, 15).date()
    assert [e.type for e in case.events.order_by("seq")] == [Step.REGISTER, Step.ACCEPT, Step.CONCLUDE]
    # and the page she lands on prints the conclusion notice
    conclusion = case.notices.get(type="conclusion")
    assert response["Location"] == f"/counter/cases/{case.number}/?notice={conclusion.pk}#new-notice"


def test_concluding_on_the_spot_is_offered_only_for_instant_items(world, li):
    assert "登记、受理并当场办结" not in li.get(URL, {"item": "MZ001"}).content.decode()


def test_a_refused_part_of_the_instant_step_keeps_nothing(world, li):
    """A missing material refuses 受理, so nothing is registered either: no case, no number used."""
    response = li.post(URL, instant_form("居民身份证", address="象湖镇解放路99号"))
    assert response.status_code == 409 and "必需材料不齐，不能受理" in response.content.decode()
    assert Case.objects.count() == CaseEvent.objects.count() == Notice.objects.count() == 0
    assert not Counter.objects.filter(value__gt=0).exists()
    assert 'value="象湖镇解放路99号"' in response.content.decode()


def test_a_promised_item_cannot_be_concluded_on_the_spot(world, li):
    response = li.post(URL, {**form("instant", *ALL)})
    assert response.status_code == 409 and Case.objects.count() == 0


def test_an_instant_case_accepted_during_office_hours_shows_no_warning(world, li, time_machine):
    """DESIGN.md "Instant cases must be concluded the same day": while the center is open the case is on
    time; 预警 once the day's office hours are over, 黄牌 the next working day."""
    time_machine.move_to(at(2026, 10, 15, 10), tick=False)
    li.post(URL, {**form("accept", *ALL), "item": "ZH001", "received": material_ids("ZH001", *ALL)})
    case = Case.objects.get()
    page = li.get(f"/counter/cases/{case.number}/").content.decode()
    assert case.state == "accepted" and "预警" not in page and "还剩 0 个工作日" not in page
    assert "即办件，当日办结" in page
    time_machine.move_to(at(2026, 10, 15, 17, 40), tick=False)
    assert "预警" in li.get(f"/counter/cases/{case.number}/").content.decode()
    time_machine.move_to(at(2026, 10, 16, 9), tick=False)
    assert "黄牌" in li.get(f"/counter/cases/{case.number}/").content.decode()


def test_every_problem_of_the_intake_form_is_shown_at_once(world, li):
    """As on the online form: a missing name and a wrong ID number and phone in one answer."""
    response = li.post(URL, form("accept", *ALL, name="", id_number="110105194912310021", phone="12"))
    page = response.content.decode()
    assert response.status_code == 400 and Case.objects.count() == 0
    assert "居民身份证号码不正确" in page and "联系电话格式不正确" in page and "该字段是必填项" in page
    assert f'value="{VALID_ID}"' not in page and 'value="110105194912310021"' in page
