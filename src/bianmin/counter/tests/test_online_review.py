"""网上预审: online applications land in a counter inbox; the clerk checks each upload and accepts or returns.

Issue 8 item 9(b): online applications landed nowhere a clerk looks and their checklist showed uploaded
materials as missing. A case changes only through the case actions: the review runs supplement + accept,
or supplement + notify_missing (一次性告知, 行政许可法 Art. 32(四)), in one transaction.
"""

from __future__ import annotations

import pytest

from bianmin.cases import actions
from bianmin.cases.models import Case, CaseEvent, CaseState, Notice
from bianmin.cases.steps import Step
from bianmin.counter.tests.helpers import applied_online, online_item, submitted

ALL_MANDATORY = ("居民身份证", "户口簿", "家庭收入证明")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # noqa: ANN001, ANN201
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def li(world, client):  # noqa: ANN001, ANN201
    """Clerk Li at window 民政 of 象湖镇."""
    online_item(world)
    client.force_login(world.clerk)
    return client


def refs(case: Case, *names: str) -> list[str]:
    return [str(m.material_id) for m in case.materials.all() if m.name in names]


def test_the_inbox_lists_the_centers_online_applications_newest_first_with_their_uploads(world, li):
    """Online applications must land where a clerk looks (网上预审): this center's, not yet accepted, newest
    first, each with its uploaded files; window cases and other centers' applications are not in it."""
    # given two online applications at 象湖镇, one at 壬田镇 and a window case at 象湖镇
    older = applied_online(world, uploads=("居民身份证",), name="刘秀英")
    newer = applied_online(world, uploads=ALL_MANDATORY, name="杨建华")
    applied_online(world, org=world.town2, uploads=("户口簿",), name="外镇人")
    submitted(world, name="窗口人")
    # and the older one was already sent back for supplement
    actions.notify_missing(older, actor=world.clerk)
    # when clerk Li opens 网上预审
    page = li.get("/counter/online/").content.decode()
    # then both of the center's online applications are listed, newest first, with their files
    assert page.index(newer.number) < page.index(older.number)
    assert "杨建华" in page and "刘秀英" in page and "家庭收入证明.pdf" in page
    assert "外镇人" not in page and "窗口人" not in page
    assert "必需材料 3/3" in page and "必需材料 1/3" in page
    # and the nav counts one waiting for review and one waiting for the applicant
    assert 'title="待预审">1</span>' in page and 'title="补正中">1</span>' in page
    # and the filter shows only those waiting for review
    waiting = li.get("/counter/online/?state=submitted").content.decode()
    assert newer.number in waiting and older.number not in waiting


def test_a_handler_without_the_right_to_accept_has_no_inbox(world, client):
    online_item(world)
    client.force_login(world.forester)
    assert client.get("/counter/online/").status_code == 403
    assert "网上预审" not in client.get("/counter/").content.decode()


def test_the_checklist_shows_uploaded_materials_as_uploaded_awaiting_check_not_missing(world, li):
    """An uploaded material is neither received (the clerk has not checked it) nor missing: the case page
    says 已上传，待核验 beside its line, with the file to open."""
    case = applied_online(world, uploads=("居民身份证", "户口簿"))
    page = li.get(f"/counter/cases/{case.number}/").content.decode()
    materials = page[page.index('id="h-materials"') : page.index('id="h-notices"')]
    assert materials.count("已上传，待核验") == 2 and materials.count("✘ 缺") == 1
    assert "居民身份证.pdf" in materials and "/counter/attachments/" in materials
    # and the review form offers exactly the uploaded lines
    review = page[page.index('id="online-review"') :]
    assert review.count('name="usable"') == 2


def test_accepting_after_review_records_the_checked_uploads_received_and_issues_the_acceptance_notice(
    world, li
):
    case = applied_online(world, uploads=ALL_MANDATORY)
    response = li.post(
        f"/counter/cases/{case.number}/review/",
        {"usable": refs(case, *ALL_MANDATORY), "decision": "accept"},
    )
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED and case.accepted_by == world.clerk
    assert all(m.received for m in case.materials.filter(mandatory=True))
    notice = Notice.objects.get(case=case)
    assert response["Location"] == f"/counter/cases/{case.number}/?notice={notice.pk}#new-notice"
    assert [e.type for e in case.events.order_by("seq")] == [Step.REGISTER, Step.SUPPLEMENT, Step.ACCEPT]


def test_accepting_with_a_mandatory_material_unusable_is_refused_and_keeps_nothing(world, li):
    """受理 needs every mandatory material (the accept step's guard); the refused review leaves no trace,
    not even the supplement it began with."""
    case = applied_online(world, uploads=ALL_MANDATORY)
    response = li.post(
        f"/counter/cases/{case.number}/review/",
        {"usable": refs(case, "居民身份证", "户口簿"), "decision": "accept"},
    )
    assert response.status_code == 409 and "必需材料不齐，不能受理：家庭收入证明" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED and case.event_count == 1
    assert not case.materials.filter(received=True).exists()


def test_returning_for_supplement_names_the_missing_and_the_unusable_uploads_in_one_notice(world, li):
    """一次性告知 (行政许可法 Art. 32(四)): one notice lists every material still needed; the uploads the
    clerk found unusable are said to be unusable, so the applicant knows to send them again."""
    # given 张三 uploaded his ID card and household register but not the income proof
    case = applied_online(world, uploads=("居民身份证", "户口簿"))
    # when clerk Li finds the ID card fine and the household register scan unreadable
    li.post(
        f"/counter/cases/{case.number}/review/",
        {"usable": refs(case, "居民身份证"), "decision": "return"},
    )
    # then the case waits for supplement, the ID card is received, and the notice names the rest
    case.refresh_from_db()
    assert case.state == CaseState.SUPPLEMENTING
    assert set(case.materials.filter(received=True).values_list("name", flat=True)) == {"居民身份证"}
    notice = Notice.objects.get(case=case, type="one_time")
    assert [m["name"] for m in notice.data["missing"]] == ["户口簿", "家庭收入证明"]
    assert [m["unusable"] for m in notice.data["missing"]] == [True, False]
    assert "户口簿（原件 1 份，复印件 1 份）（已提交的材料不符合要求，请重新提交）" in notice.html
    event = CaseEvent.objects.get(case=case, type=Step.NOTIFY_MISSING)
    assert event.data["unusable"] == ["户口簿"]


def test_the_review_form_is_not_offered_once_the_case_is_accepted(world, li):
    case = applied_online(world, uploads=ALL_MANDATORY)
    actions.supplement(case, actor=world.clerk, materials=list(ALL_MANDATORY))
    actions.accept(case, actor=world.clerk)
    page = li.get(f"/counter/cases/{case.number}/").content.decode()
    assert 'id="online-review"' not in page
    refused = li.post(f"/counter/cases/{case.number}/review/", {"decision": "return"})
    assert refused.status_code == 409
