"""A notice's PDF is rendered once, on its first download, and kept: every later copy is the same bytes.

The stored HTML of a notice is what was issued (its SHA-256 proves it); the PDF made from it is kept with its
own SHA-256, so a reprint a year later is byte-identical to the first print. It is drawn with a small cut of
Noto Serif CJK SC, and a rare character in a name falls back to the full system font.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from rest_framework.authtoken.models import Token

from bianmin.cases import actions
from bianmin.cases import pdf as notice_pdfs
from bianmin.cases.models import Case, Notice, NoticeType
from bianmin.conftest import at, person
from bianmin.lib import fonts

ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]
TEMPLATES = Path(notice_pdfs.__file__).parent / "templates" / "cases" / "notices"


def _case(result: Any) -> Case:
    """Actions return the case, or an outcome that carries it."""
    return getattr(result, "case", result)


def acceptance_notice(world: Any, name: str = "张三") -> Notice:
    """Clerk Li registers a 低保 application with every material and accepts it: a 受理通知书 is issued."""
    case = _case(
        actions.register(
            actor=world.clerk,
            item_code="MZ001",
            applicant=person(name=name),
            received_materials=ALL_MANDATORY,
            now=at(2026, 9, 28),
        )
    )
    actions.accept(case, actor=world.clerk, now=at(2026, 9, 28, 11))
    return Notice.objects.get(case=case, type=NoticeType.ACCEPTANCE)


@pytest.fixture(scope="module")
def notice_fonts() -> dict[fonts.Face, Path]:
    """The cut is built once per machine (a few seconds); these tests want it in place."""
    built = fonts.ensure_fonts(notice_pdfs.FONT_DIR)
    if len(built) < len(fonts.FACES):
        pytest.fail(f"{fonts.SOURCE_FAMILY} is not installed (apt-get install fonts-noto-cjk)")
    return built


def poppler(tool: str, pdf: bytes, tmp_path: Path) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed (apt-get install poppler-utils)")
    target = tmp_path / "notice.pdf"
    target.write_bytes(pdf)
    return subprocess.run(
        [path, str(target), "-"] if tool == "pdftotext" else [path, str(target)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def embedded_fonts(pdf: bytes, tmp_path: Path) -> set[str]:
    """Font names in the PDF, without their subset tags (``ABCDEF+Bianmin-Serif-SC``)."""
    lines = poppler("pdffonts", pdf, tmp_path).splitlines()[2:]
    return {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in lines}


def login(api: Any, user: Any) -> Any:
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


# ---------------------------------------------------------------------------------------- stored once


def test_second_download_is_the_stored_copy_byte_for_byte(world, notice_fonts):
    """A reprint is the document first printed: the second download is the stored bytes, not a new render."""
    # given a notice whose PDF was downloaded once
    notice = acceptance_notice(world)
    first = notice_pdfs.notice_pdf(notice)
    assert first.startswith(b"%PDF")
    # when it is downloaded again, in another request
    with mock.patch.object(notice_pdfs, "render_pdf", wraps=notice_pdfs.render_pdf) as render:
        second = notice_pdfs.notice_pdf(Notice.objects.get(pk=notice.pk))
    # then WeasyPrint was not asked again and the bytes are the same, with their hash stored
    render.assert_not_called()
    assert second == first
    stored = Notice.objects.get(pk=notice.pk)
    assert bytes(stored.pdf) == first
    assert stored.pdf_sha256 == hashlib.sha256(first).hexdigest()


def test_two_first_downloads_at_once_keep_one_copy(world, notice_fonts):
    """Two clerks open a new notice's PDF at the same moment: both get the copy that was stored first."""
    # given two requests that both loaded the notice before either stored its PDF
    notice = acceptance_notice(world)
    early, late = Notice.objects.get(pk=notice.pk), Notice.objects.get(pk=notice.pk)
    first = notice_pdfs.notice_pdf(early)
    # when the late one renders too (a second rendering could differ, say after a font update)
    with mock.patch.object(notice_pdfs, "render_pdf", return_value=b"%PDF-1.7 another rendering"):
        second = notice_pdfs.notice_pdf(late)
    # then its rendering is dropped: only the first copy is kept, and both were given that one
    assert second == first
    assert bytes(Notice.objects.get(pk=notice.pk).pdf) == first


def test_pdf_renders_the_stored_html_without_reading_the_template_again(world, notice_fonts, tmp_path):
    """The PDF is made from the HTML as issued, not from today's template."""
    notice = acceptance_notice(world)
    Notice.objects.filter(pk=notice.pk).update(html=notice.html.replace("受理通知书", "受理通知书（存档）"))
    text = poppler("pdftotext", notice_pdfs.notice_pdf(Notice.objects.get(pk=notice.pk)), tmp_path)
    assert "受理通知书（存档）" in text


# ---------------------------------------------------------------------------------------------- fonts


def test_notice_prints_with_the_small_cut_only(world, notice_fonts, tmp_path):
    """Every character a usual notice prints is in the cut: no 26 MB system font is embedded."""
    pdf = notice_pdfs.notice_pdf(acceptance_notice(world))
    assert embedded_fonts(pdf, tmp_path) == {"Bianmin-Serif-SC", "Bianmin-Serif-SC-Bold"}
    text = poppler("pdftotext", pdf, tmp_path)
    assert "受理通知书" in text and "〔2026〕" in text and "张三" in text


def test_rare_characters_in_a_name_fall_back_to_the_system_font(world, notice_fonts, tmp_path):
    """A name with characters outside GB 2312 (㵘, 𠮷 beyond the BMP) is printed, not dropped or boxed."""
    pdf = notice_pdfs.notice_pdf(acceptance_notice(world, name="李㵘𠮷"))
    text = poppler("pdftotext", pdf, tmp_path)
    assert "李㵘𠮷" in text
    assert {"Bianmin-Serif-SC", "Noto-Serif-CJK-SC"} <= embedded_fonts(pdf, tmp_path)


def test_notices_issued_before_the_cut_print_with_it_too(world, notice_fonts, tmp_path):
    """Stored HTML is never edited: a notice whose CSS names only the system font still gets the cut."""
    notice = acceptance_notice(world)
    legacy = notice.html.replace(f'font-family: "{fonts.FAMILY}", "Noto', 'font-family: "Noto')
    assert notice_pdfs.LEGACY_MARK in legacy
    Notice.objects.filter(pk=notice.pk).update(html=legacy)
    pdf = notice_pdfs.notice_pdf(Notice.objects.get(pk=notice.pk))
    assert embedded_fonts(pdf, tmp_path) == {"Bianmin-Serif-SC", "Bianmin-Serif-SC-Bold"}


def test_before_the_cut_is_built_the_download_does_not_wait_for_it(world, tmp_path, monkeypatch):
    """On a new machine the first PDF is printed with the system font while the cut is built elsewhere."""
    # given a machine where the cut was never built
    monkeypatch.setattr(notice_pdfs, "FONT_DIR", tmp_path / "fonts")
    with mock.patch.object(fonts, "ensure_fonts_in_background") as build:
        # when a notice's PDF is downloaded
        pdf = notice_pdfs.notice_pdf(acceptance_notice(world))
    # then it is printed with the typeface the notice names next, and the cut is started in the background
    build.assert_called_once_with(tmp_path / "fonts")
    assert "Noto-Serif-CJK-SC" in embedded_fonts(pdf, tmp_path)
    assert not (tmp_path / "fonts").exists()


def test_the_cut_holds_gb2312_and_every_character_of_the_notice_templates():
    charset = fonts.notice_charset()
    hanzi = {c for c in charset if 0x4E00 <= c <= 0x9FFF}
    assert len(hanzi) == 6763  # GB 2312 level 1 and 2
    assert {ord(c) for c in "〔〕①②③④⑤⑥⑦⑧⑨⑩（）：；，。、“”—…㎡"} <= charset
    for template in TEMPLATES.glob("*.html"):
        text = re.sub(r"{[{%#].*?[%}#]}", "", template.read_text(), flags=re.DOTALL)
        missing = {c for c in text if ord(c) > 0x7F and ord(c) not in charset}
        assert not missing, f"{template.name}: {''.join(sorted(missing))}"


def test_building_the_cut_again_changes_nothing(notice_fonts):
    before = {face: path.stat().st_mtime_ns for face, path in notice_fonts.items()}
    again = fonts.ensure_fonts(notice_pdfs.FONT_DIR)
    assert {face: path.stat().st_mtime_ns for face, path in again.items()} == before


# ------------------------------------------------------------------------------------------ API, pages


@pytest.mark.parametrize(
    "accept", ["application/pdf", "*/*", None, "application/json;q=0.5, application/pdf"]
)
def test_api_answers_pdf_to_pdf_any_and_no_accept_header(world, api, accept, notice_fonts):
    notice = acceptance_notice(world)
    login(api, world.clerk)
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    response = api.get(f"/api/v1/notices/{notice.pk}/pdf/", **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(Notice.objects.get(pk=notice.pk).pdf)


def test_api_pdf_errors_keep_the_json_error_shape(world, api):
    """Outside one's center the notice does not exist, whatever the client accepts; JSON only is refused."""
    notice = acceptance_notice(world)
    login(api, world.clerk2)  # clerk Zhao of 壬田镇
    missing = api.get(f"/api/v1/notices/{notice.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert missing.json()["code"] == "notice_not_found"
    login(api, world.clerk)
    refused = api.get(f"/api/v1/notices/{notice.pk}/pdf/", HTTP_ACCEPT="application/json")
    assert refused.status_code == 406 and "detail" in refused.json()


def test_counter_page_and_api_serve_the_same_stored_bytes(world, api, client, notice_fonts):
    notice = acceptance_notice(world)
    client.force_login(world.clerk)
    page = client.get(f"/counter/notices/{notice.pk}/pdf/")
    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"
    with mock.patch.object(notice_pdfs, "render_pdf") as render:
        again = client.get(f"/counter/notices/{notice.pk}/pdf/")
        from_api = login(api, world.clerk).get(f"/api/v1/notices/{notice.pk}/pdf/")
    render.assert_not_called()
    assert page.content == again.content == from_api.content == bytes(Notice.objects.get(pk=notice.pk).pdf)
