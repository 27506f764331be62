"""Complaints and opinions through the API and the pages: the public post, its limit and its refusals, the
complainant masked for everyone but supervisors (003 曾家镇 三 对投诉人予以保密), the written reply's PDF
(七 书面投诉必须书面答复) and the opinion book's publication with the author's consent."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bianmin.cases import actions as case_actions
from bianmin.complaints import actions, public
from bianmin.complaints.models import Complaint, OpinionEntry
from bianmin.complaints.notices import reply_pdf
from bianmin.complaints.tests.conftest import MORNING, complain
from bianmin.conftest import person
from bianmin.security.limits import FailureLimit

URL = "/api/v1/complaints/"


def body(world: Any, **extra: Any) -> dict[str, Any]:
    return {
        "channel": "online",
        "content": "窗口人员上班时间玩手机",
        "center": world.town.code,
        "case": None,
        "window": "MZ",
        "complainant_name": "王五",
        "complainant_phone": "13912345678",
        **extra,
    }


@pytest.fixture
def limit(monkeypatch: pytest.MonkeyPatch) -> FailureLimit:
    small = FailureLimit("public_complaint_test", 3, 3600)
    monkeypatch.setattr(public, "POST_LIMIT", small)
    return small


def test_public_post_answers_id_and_due_date(world: Any, api: Any, limit: Any) -> None:
    """003 曾家镇 六: answered within three working days; the public post says by when."""
    response = api.post(URL, body(world), format="json")
    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get(pk=response.json()["id"])
    assert response.json()["due_date"] == f"{complaint.due_date:%Y-%m-%d}"
    assert (complaint.channel, complaint.received_by, complaint.against_window) == ("online", None, world.mz)


@pytest.mark.parametrize(
    ("extra", "status", "code"),
    [
        ({"channel": "phone"}, 400, "channel_not_allowed"),
        ({"content": ""}, 400, "content_required"),
        ({"complainant_name": ""}, 400, "complainant_required"),
        ({"complainant_phone": "abc"}, 400, "invalid_phone"),
        ({"center": "999999999"}, 404, "center_not_found"),
        ({"window": "XX"}, 400, "window_not_found"),
        ({"case": "360781100202603050001"}, 400, "case_not_found"),
        ({"staff": 1}, 400, "field_not_allowed"),
        ({"major": True}, 400, "field_not_allowed"),
        ({"reson": "x"}, 400, "invalid"),
    ],
)
def test_public_post_refusals_have_codes(
    world: Any, api: Any, limit: Any, extra: Any, status: int, code: str
) -> None:
    response = api.post(URL, body(world, **extra), format="json")
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert not Complaint.objects.exists()


def test_a_case_of_another_center_answers_like_an_unknown_number(world: Any, api: Any, limit: Any) -> None:
    other = case_actions.register(actor=world.clerk2, item_code="MZ001", applicant=person()).case
    elsewhere = api.post(URL, body(world, case=other.number), format="json")
    unknown = api.post(URL, body(world, case=other.number[:-1] + "9"), format="json")
    assert elsewhere.status_code == unknown.status_code == 400
    assert elsewhere.json() == unknown.json()
    own = case_actions.register(actor=world.clerk, item_code="MZ001", applicant=person()).case
    assert api.post(URL, body(world, case=own.number), format="json").status_code == 201


def test_a_complaint_about_a_case_may_leave_the_center_to_the_case(world: Any, api: Any, limit: Any) -> None:
    """The issue's public body names the case, not the center: the case's number is enough; without a case
    or a center there is nowhere to send the complaint."""
    other = case_actions.register(actor=world.clerk2, item_code="MZ001", applicant=person()).case
    nowhere = {k: v for k, v in body(world, window=None).items() if k != "center"}
    sent = api.post(URL, {**nowhere, "case": other.number}, format="json")
    assert sent.status_code == 201, sent.content
    assert Complaint.objects.get(pk=sent.json()["id"]).org == world.town2
    assert api.post(URL, nowhere, format="json").json()["code"] == "center_not_found"
    unknown = {**nowhere, "case": other.number[:-1] + "9"}
    assert api.post(URL, unknown, format="json").json()["code"] == "case_not_found"


def test_public_posts_are_rate_limited(world: Any, api: Any, limit: Any) -> None:
    """Every anonymous post counts, a refused one too; then 429 too_many_posts."""
    assert api.post(URL, body(world, content=""), format="json").status_code == 400
    for _ in range(2):
        assert api.post(URL, body(world), format="json").status_code == 201
    refused = api.post(URL, body(world), format="json")
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_posts"
    assert Complaint.objects.count() == 2


def test_list_is_for_staff_and_masks_the_complainant(world: Any, api: Any) -> None:
    """三 对投诉人予以保密: only the supervisor sees the name and phone."""
    complain(world)
    assert api.get(URL).status_code in (401, 403)
    api.force_authenticate(world.clerk)
    row = api.get(URL).json()["results"][0]
    assert (row["complainant_name"], row["complainant_phone"]) == ("张*", "138****1234")
    api.force_authenticate(world.director)
    assert api.get(URL).json()["results"][0]["complainant_name"] == "张*"
    api.force_authenticate(world.supervisor)
    row = api.get(URL).json()["results"][0]
    assert (row["complainant_name"], row["complainant_phone"]) == ("张三", "13800001234")
    api.force_authenticate(world.clerk2)
    assert api.get(URL).json()["results"] == []


def test_list_query_count_is_pinned(world: Any, api: Any, django_assert_max_num_queries: Any) -> None:
    for _ in range(5):
        complain(world, channel="letter")
    api.force_authenticate(world.clerk)
    api.get(URL)
    with django_assert_max_num_queries(6):
        assert len(api.get(URL).json()["results"]) == 5


def test_reply_and_decide_over_the_api(world: Any, api: Any) -> None:
    complaint = complain(world, channel="letter")
    api.force_authenticate(world.leader)
    refused = api.post(f"{URL}{complaint.pk}/reply/", {"text": "已处理", "mode": "phone"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "written_reply_required"
    answered = api.post(f"{URL}{complaint.pk}/reply/", {"text": "已处理", "mode": "written"}, format="json")
    assert answered.status_code == 200 and answered.json()["reply_notice"] == "象湖镇诉复〔2026〕0001号"
    decide = {"upheld": True, "findings": "属实", "reason": "批评教育"}
    assert (
        api.post(f"{URL}{complaint.pk}/decide/", decide, format="json").json()["code"] == "permission_denied"
    )
    api.force_authenticate(world.supervisor)
    decided = api.post(f"{URL}{complaint.pk}/decide/", decide, format="json")
    assert decided.status_code == 200 and decided.json()["upheld"] is True
    again = api.post(f"{URL}{complaint.pk}/decide/", decide, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_decided"
    pdf = api.get(f"{URL}{complaint.pk}/reply.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_written_reply_pdf_text(world: Any, tmp_path: Path) -> None:
    """七 书面投诉必须书面答复: the numbered notice quotes the complaint and the answer; the name is masked."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    complaint = complain(world, channel="letter")
    actions.reply_complaint(
        complaint, actor=world.leader, text="经核实，已对当事人批评教育。", mode="written", now=MORNING
    )
    notice = Complaint.objects.get(pk=complaint.pk).reply_notice
    path = tmp_path / "reply.pdf"
    path.write_bytes(reply_pdf(notice))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    squeezed = "".join(text.split())
    for expected in (
        "投诉答复书",
        "象湖镇诉复〔2026〕0001号",
        "张*：",
        "态度生硬",
        "已对当事人批评教育",
        "2026年3月10日",
    ):
        assert expected in squeezed, expected
    assert "张三" not in squeezed
    assert reply_pdf(notice) == path.read_bytes()  # kept: a reprint is the same bytes


def test_pages_mask_the_complainant_for_non_supervisors(world: Any, client: Any) -> None:
    complaint = complain(world)
    client.force_login(world.clerk)
    page = client.get(f"/counter/complaints/{complaint.pk}/").content.decode()
    assert "张*" in page and "张三" not in page and "13800001234" not in page
    listing = client.get("/counter/complaints/").content.decode()
    assert "张*" in listing and "张三" not in listing
    client.force_login(world.supervisor)
    assert "13800001234" in client.get(f"/counter/complaints/{complaint.pk}/").content.decode()


def test_counter_written_reply_flow(world: Any, client: Any) -> None:
    client.force_login(world.clerk)
    response = client.post(
        "/counter/complaints/new/",
        {
            "channel": "letter",
            "content": "办证拖延",
            "complainant_name": "赵六",
            "complainant_phone": "13600001111",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    client.force_login(world.leader)
    response = client.post(f"/counter/complaints/{complaint.pk}/reply/", {"mode": "phone", "text": "已处理"})
    assert response.status_code == 400 and "书面投诉必须书面答复" in response.content.decode()
    client.post(f"/counter/complaints/{complaint.pk}/reply/", {"mode": "written", "text": "已处理"})
    assert client.get(f"/counter/complaints/{complaint.pk}/reply.pdf").content.startswith(b"%PDF")


def test_opinion_published_only_with_consent(world: Any, client: Any) -> None:
    """000 篇8 意见簿: answers are public on the hall's page only if the author agreed; the name masked."""
    agreed = actions.record_opinion(
        actor=world.clerk,
        org=world.town,
        source="book",
        content="希望增加老年人座椅",
        author_kind="citizen",
        author_name="李四",
        consent_to_publish=True,
        now=MORNING,
    )
    private = actions.record_opinion(
        actor=world.clerk,
        org=world.town,
        source="card",
        content="私下的意见",
        author_kind="citizen",
        author_name="钱七",
        now=MORNING,
    )
    with pytest.raises(Exception, match="no_consent"):
        actions.answer_opinion(private, actor=world.leader, answer="收到", publish=True)
    actions.answer_opinion(private, actor=world.leader, answer="收到")
    actions.answer_opinion(agreed, actor=world.leader, answer="已增设座椅", publish=True)
    page = client.get(f"/opinions/?org={world.town.code}").content.decode()
    assert "已增设座椅" in page and "李*" in page and "李四" not in page
    assert "私下的意见" not in page


def test_adopted_suggestion_credited_to_its_author(world: Any) -> None:

    from bianmin.complaints.selectors import adopted_suggestions

    staff_idea = actions.record_opinion(
        actor=world.clerk,
        org=world.town,
        source="book",
        content="叫号机加语音",
        author_kind="staff",
        author_staff=world.handler.staff,
        now=MORNING,
    )
    with pytest.raises(Exception, match="not_answered"):
        actions.adopt_opinion(staff_idea, actor=world.director, note="采纳")
    actions.answer_opinion(staff_idea, actor=world.director, answer="好建议", now=MORNING)
    with pytest.raises(Exception, match="permission_denied"):
        actions.adopt_opinion(staff_idea, actor=world.clerk, note="采纳")
    actions.adopt_opinion(staff_idea, actor=world.director, note="已购置", now=MORNING)
    adopted = list(adopted_suggestions([world.town.pk], (dt.date(2026, 3, 1), dt.date(2026, 3, 31))))
    assert [(e.author_staff and e.author_staff.user_id, e.author_name) for e in adopted] == [
        (world.handler.pk, "陈承办")
    ]
    assert list(adopted_suggestions([world.town.pk], (dt.date(2026, 4, 1), dt.date(2026, 4, 30)))) == []


def test_public_opinion_form(world: Any, client: Any, limit: Any) -> None:
    response = client.post(f"/opinion/?org={world.town.code}", {"content": "", "author_name": ""})
    assert response.status_code == 400
    response = client.post(f"/opinion/?org={world.town.code}", {"content": "大厅太冷", "author_name": ""})
    assert response.status_code == 200 and OpinionEntry.objects.get().author_kind == "anonymous"


def test_public_complaint_form(world: Any, client: Any, limit: Any) -> None:
    url = f"/complaint/?org={world.town.code}"
    assert "网上投诉" in client.get(url).content.decode()
    bad = client.post(url, {"content": "x", "complainant_name": "王五", "complainant_phone": "x1"})
    assert bad.status_code == 400 and "联系电话格式不正确" in bad.content.decode()
    ok = client.post(
        url,
        {"content": "态度差", "window": "MZ", "complainant_name": "王五", "complainant_phone": "13912345678"},
    )
    assert ok.status_code == 200 and "已受理" in ok.content.decode()
    assert client.post(url, {"content": "再投"}).status_code == 400  # the third post of three
    throttled = client.post(url, {"content": "再投"})
    assert throttled.status_code == 429 and "提交过于频繁" in throttled.content.decode()


def test_the_reply_notice_print_page(world: Any, client: Any) -> None:
    """七 书面投诉必须书面答复: the notice as issued, printed at the counter; none before the written reply,
    and not for another center's staff."""
    letter = complain(world, channel="letter")
    client.force_login(world.clerk)
    assert client.get(f"/counter/complaints/{letter.pk}/reply-notice/").status_code == 404
    actions.reply_complaint(
        letter, actor=world.leader, text="已对当事人批评教育", mode="written", now=MORNING
    )
    page = client.get(f"/counter/complaints/{letter.pk}/reply-notice/").content.decode()
    assert "象湖镇诉复〔2026〕0001号" in page and "已对当事人批评教育" in page and "data-print" in page
    client.force_login(world.clerk2)
    assert client.get(f"/counter/complaints/{letter.pk}/reply-notice/").status_code == 404


def test_the_opinion_book_pages_past_fifty_entries(world: Any, client: Any) -> None:
    """Every entry of the book stays reachable: the list pages by fifty, newest first."""
    for i in range(51):
        actions.record_opinion(
            actor=world.clerk,
            org=world.town,
            source="book",
            content=f"第{i:02d}条意见",
            author_kind="anonymous",
            now=MORNING + dt.timedelta(minutes=i),
        )
    client.force_login(world.clerk)
    first = client.get("/counter/opinions/").content.decode()
    assert "共 51 条" in first and "第50条意见" in first and "第00条意见" not in first
    assert 'rel="next"' in first
    second = client.get("/counter/opinions/?page=2").content.decode()
    assert "第00条意见" in second and "第50条意见" not in second


def test_a_reply_pdf_id_past_any_row_is_not_found(world: Any, api: Any) -> None:
    """The path takes any digits: an id past the column's range answers 404 like any unknown one, not 500."""
    api.force_authenticate(world.clerk)
    for pk in ("268526455580935716864", "99999"):
        response = api.get(f"{URL}{pk}/reply.pdf")
        assert response.status_code == 404 and response.json()["code"] == "reply_notice_not_found"
