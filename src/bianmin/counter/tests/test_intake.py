"""一窗受理: register and decide in one step; a refused decision leaves nothing behind."""

from __future__ import annotations

import pytest

from bianmin.cases.models import Case, CaseEvent, CaseMaterial, Counter, Notice
from bianmin.catalog.models import ServiceItem
from bianmin.conftest import VALID_ID

URL = "/counter/intake/"


def material_ids(code: str, *names: str) -> list[str]:
    item = ServiceItem.objects.get(code=code)
    assert item.current is not None
    return [str(m.pk) for m in item.current.materials.all() if m.name in names]


def form(decision: str, *received: str, **extra: str) -> dict:
    return {
        "item": "MZ001",
        "applicant_kind": "person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13800000000",
        "address": "象湖镇解放路1号",
        "channel": "window",
        "received": material_ids("MZ001", *received),
        "decision": decision,
        **extra,
    }


@pytest.fixture
def li(world, client):
    client.force_login(world.clerk)
    return client


def test_search_finds_the_item_by_pinyin_initials_name_and_code(world, li):
    for q in ("dbsq", "低保", "MZ001", "生活保障"):
        page = li.get(URL, {"q": q}).content.decode()
        assert "最低生活保障申请" in page, q
        assert "?q=" in page and "item=MZ001" in page
    assert "最低生活保障申请" not in li.get(URL, {"q": "zzzz"}).content.decode()


def test_live_search_returns_only_the_result_list(world, li):
    response = li.get(URL, {"q": "dbsq", "partial": "1"})
    html = response.content.decode()
    assert "最低生活保障申请" in html and "<html" not in html


def test_choosing_an_item_shows_conditions_checklist_and_the_three_buttons(world, li):
    page = li.get(URL, {"item": "MZ001"}).content.decode()
    for text in (
        "居民身份证",
        "户口簿",
        "家庭收入证明",
        "其他证明材料",
        "《社会救助暂行办法》第十一条",
        "登记并受理",
        "登记并出具一次性告知书",
        "登记并不予受理",
    ):
        assert text in page, text
    assert page.count('name="received"') == 4


def test_register_and_accept(world, li):
    response = li.post(URL, form("accept", "居民身份证", "户口簿", "家庭收入证明"))
    case = Case.objects.get()
    assert case.state == "accepted" and case.first_contact == world.clerk and case.due_date
    notice = case.notices.get()
    assert notice.type == "acceptance"
    assert response.status_code == 302
    assert response["Location"] == f"/counter/cases/{case.number}/?notice={notice.pk}#new-notice"
    page = li.get(response["Location"]).content.decode()
    assert f'src="/counter/notices/{notice.pk}/?embed=1"' in page and "受理通知书" in page


def test_register_and_one_time_notice_lists_every_missing_material(world, li):
    response = li.post(URL, form("notify", "居民身份证", "户口簿"))
    case = Case.objects.get()
    assert case.state == "supplementing"
    notice = case.notices.get()
    assert notice.type == "one_time" and "家庭收入证明" in notice.html
    assert response["Location"].endswith(f"?notice={notice.pk}#new-notice")


def test_register_and_reject_with_a_reason(world, li):
    li.post(URL, form("reject", reason="不属于本中心受理范围"))
    case = Case.objects.get()
    assert case.state == "rejected" and case.close_reason == "不属于本中心受理范围"
    assert case.notices.get().type == "rejection"


def test_refused_accept_leaves_no_case_behind_and_keeps_the_form(world, li):
    # given only the ID card was received, so acceptance must be refused
    # when the clerk clicks 登记并受理
    response = li.post(URL, form("accept", "居民身份证", address="象湖镇解放路99号"))
    # then nothing was written, not even the acceptance number
    assert response.status_code == 409
    assert Case.objects.count() == 0
    assert (
        CaseMaterial.objects.count() == 0 and CaseEvent.objects.count() == 0 and Notice.objects.count() == 0
    )
    assert not Counter.objects.filter(value__gt=0).exists()
    # and the page says why and shows what was typed
    page = response.content.decode()
    assert "必需材料不齐，不能受理" in page
    assert 'value="象湖镇解放路99号"' in page and f'value="{VALID_ID}"' in page
    assert page.count("checked") >= 1


def test_reject_without_reason_leaves_no_case(world, li):
    response = li.post(URL, form("reject"))
    assert response.status_code == 400 and "不予受理必须写明理由" in response.content.decode()
    assert Case.objects.count() == 0


def test_notice_when_nothing_is_missing_is_refused_and_rolled_back(world, li):
    response = li.post(URL, form("notify", "居民身份证", "户口簿", "家庭收入证明"))
    assert response.status_code == 409 and "无需一次性告知" in response.content.decode()
    assert Case.objects.count() == 0


def test_wrong_id_check_digit_is_refused_by_the_server(world, li):
    response = li.post(
        URL, form("accept", "居民身份证", "户口簿", "家庭收入证明", id_number="110105194912310021")
    )
    assert response.status_code == 400
    assert "GB 11643" in response.content.decode()
    assert Case.objects.count() == 0


def test_organization_applicant_with_credit_code(world, li):
    data = form(
        "accept",
        "居民身份证",
        "户口簿",
        "家庭收入证明",
        applicant_kind="organization",
        name="瑞金市某某合作社",
        credit_code="91350100M000100Y43",
    )
    li.post(URL, data)
    case = Case.objects.get()
    assert case.applicant_kind == "organization" and case.applicant_credit_code == "91350100M000100Y43"


def test_agent_with_authorization(world, li):
    data = form(
        "accept",
        "居民身份证",
        "户口簿",
        "家庭收入证明",
        has_agent="on",
        agent_name="李四",
        agent_id_number="360781199001011238",
        agent_authorization="授权委托书 2025-01",
    )
    li.post(URL, data)
    case = Case.objects.get()
    assert case.agent_name == "李四" and case.agent_authorization == "授权委托书 2025-01"


def test_in_person_item_refuses_an_agent(world, li):
    data = form(
        "accept",
        "居民身份证",
        "户口簿",
        "家庭收入证明",
        has_agent="on",
        agent_name="李四",
        agent_id_number="360781199001011238",
        agent_authorization="委托书",
    )
    data["item"] = "MZ009"
    data["received"] = material_ids("MZ009", "居民身份证", "户口簿", "家庭收入证明")
    response = li.post(URL, data)
    assert response.status_code == 400 and "须申请人本人到场" in response.content.decode()
    assert Case.objects.count() == 0


def test_missing_name_is_a_form_error(world, li):
    response = li.post(URL, form("accept", name=""))
    assert response.status_code == 400 and Case.objects.count() == 0
    assert "has-error" in response.content.decode()


def test_an_agent_at_the_village_only_registers(world, client):
    client.force_login(world.agent)
    page = client.get(URL, {"item": "MZ001"}).content.decode()
    assert "登记并受理" not in page and "仅登记" in page
    response = client.post(URL, {**form("register", "居民身份证"), "channel": "window"})
    case = Case.objects.get()
    assert response.status_code == 302 and case.state == "submitted" and case.station == world.village
