"""The counter's mediation pages: the list (query count pinned), the register form with its party rows, the
steps on the detail page, and the 人民调解协议书 with every party's signature line (人民调解法 第二十九条)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bianmin.conftest import VALID_ID, VALID_ID_2
from bianmin.lib.errors import DomainError
from bianmin.mediation import actions
from bianmin.mediation.models import EventType, Mediation, MediationState
from bianmin.mediation.tests.conftest import dispute, drafted, later, mediated

pytestmark = pytest.mark.django_db
LIST_PAGE = 14


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_register_form_needs_two_parties(world: Any, clock: Any) -> None:
    client = _client(world.clerk)
    assert client.get("/counter/mediation/new/").status_code == 200
    form = {
        "kind": "family",
        "title": "赡养纠纷",
        "facts": "兄弟二人对赡养母亲有争议。",
        "channel": "window",
        "party-0-name": "王大",
        "party-0-role": "applicant",
        "party-0-id_number": VALID_ID,
        "party-1-name": "",
        "party-1-role": "respondent",
    }
    response = client.post("/counter/mediation/new/", form)
    assert response.status_code == 400 and "纠纷至少要有两方当事人" in response.content.decode()
    form |= {
        "party-1-name": "王二",
        "party-1-id_number": VALID_ID_2,
        "party-2-name": "",
        "party-2-role": "other",
    }
    response = client.post("/counter/mediation/new/", form)
    m = Mediation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/counter/mediation/{m.pk}/"
    assert [p.name for p in m.parties.all()] == ["王大", "王二"]


def test_list_and_detail_show_parties_masked(world: Any, clock: Any, django_assert_num_queries: Any) -> None:
    m = dispute(world.clerk)
    dispute(world.agent)
    client = _client(world.clerk)
    client.get("/counter/mediation/")
    html = client.get("/counter/mediation/").content.decode()
    assert m.number in html and "张大山" in html
    page = client.get(f"/counter/mediation/{m.pk}/").content.decode()
    assert VALID_ID not in page and VALID_ID[:6] + "********" + VALID_ID[-4:] in page
    assert _client(world.clerk2).get(f"/counter/mediation/{m.pk}/").status_code == 404
    assert client.get("/counter/mediation/", {"overdue": "true"}).status_code == 200


@pytest.mark.parametrize("n", [2, 8])
def test_list_page_query_count(world: Any, clock: Any, n: int, django_assert_num_queries: Any) -> None:
    for _ in range(n):
        dispute(world.clerk)
    client = _client(world.clerk)
    client.get("/counter/mediation/")
    # the session, the user, the staff row, the count, the page, the parties, the mediators, then the
    # layout's own (the same on every counter page)
    with django_assert_num_queries(LIST_PAGE):
        assert client.get("/counter/mediation/").status_code == 200


def test_steps_on_the_page(world: Any, clock: Any) -> None:
    m = dispute(world.clerk)
    client = _client(world.clerk)
    ids = [str(p.pk) for p in m.parties.all()]
    url = f"/counter/mediation/{m.pk}/"
    r = client.post(
        url + "session/",
        {"held_on": "2026-03-02", "place": "调解室", "attendees": ids, "minutes": "各自陈述"},
    )
    assert r.status_code == 302
    r = client.post(
        url + "agreement/",
        {"content": "x", "performance_method": "现金", "performance_deadline": "2026-03-01"},
    )
    assert r.status_code == 400 and "履行期限不能早于今天" in r.content.decode()
    client.post(
        url + "agreement/",
        {"content": "按原界址砌墙", "performance_method": "现金", "performance_deadline": "2026-03-20"},
    )
    client.post(url + "sign/", {"parties": ids[:1]})
    r = client.post(url + "conclude/")
    assert r.status_code == 409 and "还有当事人未签名：李小河" in r.content.decode()
    client.post(url + "sign/", {"parties": ids[1:]})
    assert client.post(url + "conclude/").status_code == 302
    m.refresh_from_db()
    assert m.state == MediationState.AGREED
    assert client.post(url + "nonsense/").status_code == 404


def test_agreement_print_and_pdf(world: Any, clock: Any) -> None:
    """第二十九条: 当事人的基本情况 … 各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章."""
    m = mediated(world.clerk, dispute(world.clerk, mediators=[world.clerk.staff, world.handler.staff]))
    client = _client(world.clerk)
    assert client.get(f"/counter/mediation/{m.pk}/print/").status_code == 404
    drafted(world.clerk, m)
    html = client.get(f"/counter/mediation/{m.pk}/print/").content.decode()
    assert "象湖镇调协〔2026〕第001号" in html and VALID_ID in html  # the parties' full ID numbers, printed
    for words in (
        "申请人（张大山）签名（按指印）",
        "被申请人（李小河）签名（按指印）",
        "人民调解员（李窗口）签名",
        "人民调解员（陈承办）签名",
        "人民调解委员会（印章）",
        "履行期限",
    ):
        assert words in html
    pdf = client.get(f"/counter/mediation/{m.pk}/agreement.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert m.events.filter(type=EventType.PRINTED).count() == 2  # each print is on record
    actions.sign(m, actor=world.clerk, parties=list(m.parties.all()), now=later(2, 1))
    assert client.get(f"/counter/mediation/{m.pk}/").status_code == 200


def test_minutes_file_with_a_session(world: Any, clock: Any, settings: Any, tmp_path: Any) -> None:
    """The signed minutes as a scan or PDF (like the duty meetings' minutes): typed by content, in scope."""
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_BYTES = 1024
    m = dispute(world.clerk)
    client = _client(world.clerk)
    ids = [str(p.pk) for p in m.parties.all()]
    form = {"held_on": "2026-03-02", "place": "调解室", "attendees": ids, "minutes": "各自陈述"}
    url = f"/counter/mediation/{m.pk}/session/"
    r = client.post(url, {**form, "minutes_file": SimpleUploadedFile("笔录.pdf", b"not a pdf at all")})
    assert r.status_code == 400 and "不是 PDF、JPG 或 PNG 文件" in r.content.decode()
    r = client.post(url, {**form, "minutes_file": SimpleUploadedFile("笔录.pdf", b"%PDF-1.4" + b"x" * 2000)})
    assert r.status_code == 400 and "超过" in r.content.decode()
    assert not m.sessions.exists()
    for content, code in (
        (b"not a pdf", "file_type_not_allowed"),
        (b"%PDF-1.4" + b"x" * 2000, "file_too_large"),
    ):
        with pytest.raises(DomainError) as err:
            actions.record_session(
                m,
                actor=world.clerk,
                held_on=m.registered_on,
                place="调解室",
                attendees=list(m.parties.all()),
                minutes="x",
                minutes_file=SimpleUploadedFile("x.pdf", content),
            )
        assert err.value.code == code
    r = client.post(url, {**form, "minutes_file": SimpleUploadedFile("笔录.pdf", b"%PDF-1.4 minutes")})
    assert r.status_code == 302
    s = m.sessions.get()
    assert s.minutes_file.name.endswith(f"session-{s.pk}.pdf")
    got = client.get(f"/counter/mediation/sessions/{s.pk}/minutes-file/")
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert got.getvalue() == b"%PDF-1.4 minutes"
    assert _client(world.clerk2).get(f"/counter/mediation/sessions/{s.pk}/minutes-file/").status_code == 404
