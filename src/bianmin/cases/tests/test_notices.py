"""Printed notices (文书): one clean A4 page, the item named once, the basis its category rests on, and a QR code
that leads back to this server."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import checks

from bianmin.cases import actions
from bianmin.cases.checks import public_url_check
from bianmin.cases.models import Case, Notice, NoticeType
from bianmin.cases.notices import notice_basis
from bianmin.cases.pdf import notice_pdf
from bianmin.catalog.actions import enable_item, publish_item
from bianmin.catalog.selectors import version_snapshot
from bianmin.conftest import at, person, publish

TWELVE_MATERIALS = [
    "居民身份证",
    "户口簿",
    "家庭成员收入证明",
    "家庭财产申报表",
    "银行存款查询授权书",
    "残疾人证",
    "医疗诊断证明",
    "住院费用结算单",
    "劳动能力鉴定结论",
    "赡养（抚养、扶养）协议",
    "村（居）民委员会意见",
    "最低生活保障家庭入户调查表",
]


def _item(world, code: str, materials: list[str], **data) -> str:  # noqa: ANN001
    version = publish_item(
        owner=world.county,
        code=code,
        data={"kind": "promised", "statutory_days": 20, "promised_days": 10, "window_codes": ["MZ"], **data},
        materials=[{"name": m, "originals": 1, "copies": 1, "mandatory": True} for m in materials],
    )
    enable_item(version.item, world.town)
    return code


def _accepted(world, code: str, materials: list[str]) -> Notice:  # noqa: ANN001
    case = actions.register(
        actor=world.clerk,
        item_code=code,
        applicant=person(),
        received_materials=materials,
        now=at(2026, 9, 28),
    ).case
    notice = actions.accept(case, actor=world.clerk, now=at(2026, 9, 28, 11)).notice
    assert notice is not None
    return notice


def _pdf_pages(notice: Notice, tmp_path: Path) -> list[str]:
    """The text of each page of the notice's PDF, read with poppler (pdfinfo, pdftotext)."""
    if not (shutil.which("pdfinfo") and shutil.which("pdftotext")):
        pytest.skip("poppler-utils (pdfinfo, pdftotext) are not installed")
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(notice_pdf(notice))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]


# ------------------------------------------------------------------------------------------ layout


def test_an_acceptance_notice_with_five_materials_fits_one_a4_page(world, tmp_path):
    """受理通知书: a notice handed over the counter is one sheet; its seal line, contacts and QR code are on it."""
    # given a 低保 application with five materials, all received
    code = _item(world, "MZ501", TWELVE_MATERIALS[:5], name="最低生活保障申请")
    # when clerk Li accepts it and prints the notice
    pages = _pdf_pages(_accepted(world, code, TWELVE_MATERIALS[:5]), tmp_path)
    # then it is one page, with the footer and the QR code's caption on it
    assert len(pages) == 1
    assert "咨询电话" in pages[0] and "扫码查询进度" in pages[0] and TWELVE_MATERIALS[4] in pages[0]


def test_a_long_notice_never_leaves_its_footer_and_qr_code_alone_on_a_page(world, tmp_path):
    """A notice that needs a second page carries the last lines of its body onto it with the seal line, the
    footer and the QR code (CSS break-inside/break-before: avoid), never the footer alone."""
    # given an item with twelve materials, all received
    code = _item(world, "MZ512", TWELVE_MATERIALS, name="最低生活保障申请")
    # when its acceptance notice is printed
    pages = _pdf_pages(_accepted(world, code, TWELVE_MATERIALS), tmp_path)
    # then the last page holds the end of the list together with the seal line, the footer and the QR code
    assert len(pages) == 2
    last = pages[-1]
    assert TWELVE_MATERIALS[-1] in last and "（盖章）" in last
    assert "咨询电话" in last and "扫码查询进度" in last
    assert "受理通知书" in pages[0] and "受理编号" in pages[0]


# ------------------------------------------------------------------------------------------ wording


def test_an_item_named_as_an_application_is_not_called_an_application_twice(world):
    """“最低生活保障申请”申请 doubles 申请: an item whose name ends with 申请 is not followed by it again."""
    # given 低保 (最低生活保障申请) and 结婚登记
    dibao = actions.register(
        actor=world.clerk, item_code="MZ001", applicant=person(), received_materials=[], now=at(2026, 9, 28)
    ).case
    marriage = actions.register(
        actor=world.clerk, item_code="MZ009", applicant=person(), received_materials=[], now=at(2026, 9, 28)
    ).case
    # when each gets its one-time notice
    dibao_html = actions.notify_missing(dibao, actor=world.clerk, now=at(2026, 9, 28, 11)).notice.html
    marriage_html = actions.notify_missing(marriage, actor=world.clerk, now=at(2026, 9, 28, 11)).notice.html
    # then 申请 is said once
    assert "提出的“最低生活保障申请”，材料不齐全" in dibao_html and "申请”申请" not in dibao_html
    assert "提出的“结婚登记”申请，材料不齐全" in marriage_html


@pytest.mark.parametrize(
    ("category", "cited", "not_cited"),
    [
        ("行政给付", "依据《社会救助暂行办法》第十一条及本中心服务承诺，", "行政许可法"),
        ("行政确认", "依据《社会救助暂行办法》第十一条及本中心服务承诺，", "行政许可法"),
        ("行政许可", "依据《中华人民共和国行政许可法》第三十二条第一款第（四）项，", "服务承诺"),
    ],
)
def test_a_one_time_notice_cites_the_licensing_law_only_for_a_licence(world, category, cited, not_cited):
    """行政许可法 Art. 32 governs licences (行政许可); 低保 is 行政给付 and 就业困难人员认定 行政确认, whose
    notices cite the item's own legal basis and the center's service commitment instead."""
    # given an item of the category, its legal basis 《社会救助暂行办法》第十一条 (the fixture's)
    enable_item(publish(world.county, "CT001", name="测试事项", category=category), world.town)
    case = actions.register(
        actor=world.clerk, item_code="CT001", applicant=person(), received_materials=[], now=at(2026, 9, 28)
    ).case
    # when materials are missing
    html = actions.notify_missing(case, actor=world.clerk, now=at(2026, 9, 28, 11)).notice.html
    # then the notice cites what the category rests on
    assert cited in html and not_cited not in html


@pytest.mark.parametrize(
    ("category", "cited", "not_cited"),
    [
        ("行政给付", "依据《社会救助暂行办法》第十一条及本中心服务承诺，经本中心负责人批准", "行政许可法"),
        ("行政许可", "依据《中华人民共和国行政许可法》第四十二条，经本中心负责人批准", "服务承诺"),
    ],
)
def test_an_extension_notice_cites_article_42_only_for_a_licence(world, category, cited, not_cited):
    """行政许可法 Art. 42 (extension by 10 working days with the head's approval) is cited for licences only."""
    enable_item(publish(world.county, "CT002", name="测试事项", category=category), world.town)
    case = actions.register(
        actor=world.clerk,
        item_code="CT002",
        applicant=person(),
        received_materials=["居民身份证", "户口簿", "家庭收入证明"],
        now=at(2026, 9, 28),
    ).case
    actions.accept(case, actor=world.clerk, now=at(2026, 9, 28, 11))
    actions.request_extension(
        case.number, actor=world.clerk, days=5, reason="需入户调查", now=at(2026, 9, 29)
    )
    html = actions.approve_extension(case.number, actor=world.leader, now=at(2026, 9, 29, 10)).notice.html
    assert cited in html and not_cited not in html


def test_an_item_may_set_the_basis_its_notices_cite(world):
    """Configurable per item: a non-empty ``notice_basis`` is what every notice of the item cites."""
    basis = "《中华人民共和国行政许可法》第三十二条、第四十二条；《农村宅基地审批管理办法》"
    enable_item(
        publish(world.county, "CT003", name="宅基地审批", category="行政许可", notice_basis=basis), world.town
    )
    case = actions.register(
        actor=world.clerk, item_code="CT003", applicant=person(), received_materials=[], now=at(2026, 9, 28)
    ).case
    assert case.item_snapshot["notice_basis"] == basis and case.item_snapshot["category"] == "行政许可"
    html = actions.notify_missing(case, actor=world.clerk, now=at(2026, 9, 28, 11)).notice.html
    assert f"依据{basis}，现一次性告知" in html


def test_a_case_registered_before_categories_were_kept_gets_the_neutral_wording(world):
    """An old snapshot has no category: its notice does not guess it is a licence."""
    case = actions.register(
        actor=world.clerk, item_code="MZ001", applicant=person(), received_materials=[], now=at(2026, 9, 28)
    ).case
    old = {k: v for k, v in case.item_snapshot.items() if k not in {"category", "notice_basis"}}
    Case.objects.filter(pk=case.pk).update(item_snapshot=old)
    html = actions.notify_missing(case.number, actor=world.clerk, now=at(2026, 9, 28, 11)).notice.html
    assert "依据《社会救助暂行办法》第十一条及本中心服务承诺，" in html and "行政许可法" not in html
    assert notice_basis({}, NoticeType.EXTENSION) == "有关法律法规及本中心服务承诺"


def test_the_snapshot_keeps_the_category_and_the_notice_basis(world):
    """A case keeps what its notices cite as it was when it was registered (a later version may differ)."""
    snapshot = version_snapshot(world.dibao.current)
    assert snapshot["category"] == "" and snapshot["notice_basis"] == ""
    item = publish(world.county, "CT004", category="行政给付", notice_basis="《社会救助暂行办法》第十一条")
    snapshot = version_snapshot(item.current)
    assert snapshot["category"] == "行政给付" and snapshot["notice_basis"] == "《社会救助暂行办法》第十一条"


# ------------------------------------------------------------------------------------------ W001


def _w001(settings, monkeypatch, *, env: str | None, debug: bool = False, hosts=("127.0.0.1",)):  # noqa: ANN001, ANN202
    if env is None:
        monkeypatch.delenv("BIANMIN_PUBLIC_URL", raising=False)
    else:
        monkeypatch.setenv("BIANMIN_PUBLIC_URL", env)
    settings.PUBLIC_BASE_URL = (env or "http://127.0.0.1:8000").rstrip("/")
    settings.DEBUG = debug
    settings.ALLOWED_HOSTS = list(hosts)
    return [m for m in public_url_check() if m.id == "bianmin.W001"]


def test_start_up_warns_when_the_public_url_for_qr_codes_is_not_set(settings, monkeypatch):
    """bianmin.W001: unset, BIANMIN_PUBLIC_URL makes every QR code point to 127.0.0.1:8000."""
    found = _w001(settings, monkeypatch, env=None)
    assert len(found) == 1 and found[0].level == checks.WARNING and "127.0.0.1:8000" in found[0].msg
    # it is part of Django's start-up checks
    assert any(m.id == "bianmin.W001" for m in checks.run_checks())
    # a developer debugging locally is not bothered
    assert _w001(settings, monkeypatch, env=None, debug=True) == []


def test_start_up_warns_when_the_public_url_is_local_but_the_server_is_not(settings, monkeypatch):
    """bianmin.W001: a local address printed in QR codes while the server answers to a real host name."""
    found = _w001(settings, monkeypatch, env="http://localhost:8000", hosts=["bianmin.example.gov.cn"])
    assert len(found) == 1 and "bianmin.example.gov.cn" in found[0].msg
    assert _w001(settings, monkeypatch, env="http://127.0.0.1:8000/", hosts=["*"]) != []
    # the demo serves on this machine and says so explicitly: quiet
    assert _w001(settings, monkeypatch, env="http://127.0.0.1:8000", hosts=["127.0.0.1", "localhost"]) == []
    # a production address: quiet
    assert (
        _w001(settings, monkeypatch, env="https://bianmin.example.gov.cn", hosts=["bianmin.example.gov.cn"])
        == []
    )
