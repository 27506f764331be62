"""Every counter page: login required, 200 for clerk Li, and nothing of our town for outsider Zhao."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from bianmin.cases.models import Attachment
from bianmin.counter.tests.helpers import accepted, submitted

PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture
def case(world):
    return accepted(world)


@pytest.fixture
def attachment(case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = Attachment(
        case=case,
        material=case.materials.first(),
        original_name="身份证.pdf",
        content_type="application/pdf",
        extension=".pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_at=timezone.now(),
    )
    a.file.save("upload.pdf", ContentFile(PDF), save=False)
    a.save()
    return a


def pages(case, attachment):
    notice = case.notices.first()
    return [
        "/counter/",
        "/counter/intake/",
        "/counter/intake/?q=dbsq",
        "/counter/intake/?item=MZ001",
        "/counter/cases/",
        f"/counter/cases/{case.number}/",
        f"/counter/notices/{notice.pk}/",
        f"/counter/attachments/{attachment.pk}/",
    ]


def test_every_page_answers_the_clerk(world, client, case, attachment):
    # given clerk Li at window 民政
    client.force_login(world.clerk)
    for url in pages(case, attachment):
        # when
        response = client.get(url)
        # then
        assert response.status_code == 200, url


def test_anonymous_is_sent_to_the_login_page(world, client, case, attachment):
    notice = case.notices.first()
    for url in [*pages(case, attachment), f"/counter/notices/{notice.pk}/pdf/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url


def test_outsider_from_the_other_town_gets_404(world, client, case, attachment):
    # given clerk Zhao of 壬田镇, and a case of 象湖镇
    client.force_login(world.clerk2)
    notice = case.notices.first()
    for url in [
        f"/counter/cases/{case.number}/",
        f"/counter/notices/{notice.pk}/",
        f"/counter/notices/{notice.pk}/pdf/",
        f"/counter/attachments/{attachment.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    # nor can they act on it
    response = client.post(f"/counter/cases/{case.number}/withdraw/", {"reason": "x"})
    assert response.status_code == 404
    # and it is not in their lists
    assert case.number not in client.get("/counter/cases/").content.decode()
    assert case.number not in client.get("/counter/").content.decode()


def test_login_page_logs_in_and_logs_out(world, client):
    page = client.get("/accounts/login/?next=/counter/")
    assert page.status_code == 200 and "工作人员登录" in page.content.decode()
    response = client.post("/accounts/login/", {"username": "li", "password": "pw", "next": "/counter/"})
    assert response.status_code == 302 and response["Location"] == "/counter/"
    home = client.get("/counter/")
    assert "李窗口" in home.content.decode()
    out = client.post("/accounts/logout/", {"next": "/accounts/login/"})
    assert out.status_code == 302 and out["Location"] == "/accounts/login/"
    assert client.get("/counter/").status_code == 302


def test_wrong_password_shows_a_message(world, client):
    response = client.post("/accounts/login/", {"username": "li", "password": "nope"})
    assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()


def test_attachment_is_served_as_a_download_not_a_media_url(world, client, case, attachment):
    client.force_login(world.clerk)
    page = client.get(f"/counter/cases/{case.number}/").content.decode()
    assert f"/counter/attachments/{attachment.pk}/" in page
    assert attachment.file.name not in page  # the stored path never reaches the page
    response = client.get(f"/counter/attachments/{attachment.pk}/")
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


def test_home_lists_my_cases_with_their_warning_level(world, client):
    # given a case Li registered and one assigned to Li as handler
    waiting = submitted(world)
    mine = accepted(world, name="李四")
    client.force_login(world.clerk)
    page = client.get("/counter/").content.decode()
    assert waiting.number in page and mine.number in page
    assert "今日登记" in page
    assert 'class="level-' in page


def test_notice_page_has_a_print_button_outside_the_printed_area(world, client, case):
    client.force_login(world.clerk)
    notice = case.notices.get(type="acceptance")
    page = client.get(f"/counter/notices/{notice.pk}/").content.decode()
    assert "data-print" in page and "bianmin/print.js" in page  # no inline onclick: CSP forbids it
    assert "@media print { .counter-print-bar { display: none !important; } }" in page
    assert notice.html.split("<body>")[1].strip()[:20] in page  # the stored notice itself follows
    embedded = client.get(f"/counter/notices/{notice.pk}/?embed=1")
    assert embedded.content.decode() == notice.html
    assert embedded["X-Frame-Options"] == "SAMEORIGIN"


def test_notice_pdf_is_a_pdf(world, client, case):
    client.force_login(world.clerk)
    notice = case.notices.get(type="acceptance")
    response = client.get(f"/counter/notices/{notice.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_number_box_opens_the_case(world, client, case):
    client.force_login(world.clerk)
    assert client.get(f"/counter/go/?number={case.number}")["Location"] == f"/counter/cases/{case.number}/"
    assert client.get("/counter/go/?number=3607").status_code == 302
