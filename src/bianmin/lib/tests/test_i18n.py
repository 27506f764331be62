"""The interface in English: pages, refusals of the actions and API errors follow the request's language.

Chinese is the source language (msgids are the Chinese strings); English lives in locale/en. The pages are
checked against a center whose data is in English too, so any Chinese left on an English page is page
chrome that missed gettext. Official notices (通知书) stay Chinese on purpose and are not checked here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.catalog.actions import enable_item, publish_item
from bianmin.conftest import VALID_ID, OrgFactory, WindowFactory, make_staff
from bianmin.lib.errors import DomainError
from bianmin.orgs.models import OrgKind
from bianmin.orgs.roles import Role, ensure_roles

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# The language switcher names each language in that language (<option lang="zh-hans">简体中文</option>).
OWN_NAME_OPTION = re.compile(r'<option value="zh-hans"[^>]*>[^<]*</option>')
# Official notice numbers (象湖受〔2026〕0001号) are document identifiers, Chinese in every interface.
NOTICE_NUMBER = re.compile(r"\S*〔\d{4}〕\d+号")

MATERIALS: list[dict[str, Any]] = [
    {"name": "Resident ID card copy", "originals": 1, "copies": 1, "mandatory": True},
    {"name": "Household register", "originals": 1, "copies": 1, "mandatory": True},
    {"name": "Proof of family income", "originals": 1, "copies": 0, "mandatory": True},
    {"name": "Other evidence", "originals": 0, "copies": 1, "mandatory": False},
]
MANDATORY = [m["name"] for m in MATERIALS if m["mandatory"]]


@pytest.fixture
def center(db: Any) -> Any:
    """A town center whose names, item and staff are all in English, so pages hold no Chinese data."""
    ensure_roles()
    c = type("Center", (), {})()
    c.county = OrgFactory(kind=OrgKind.COUNTY, name="Ruijin County Service Center", code="360781")
    c.town = OrgFactory(
        parent=c.county,
        name="Xianghu Town Service Center",
        short_name="Xianghu",
        code="360781100",
        address="1 Main Street",
        phone="0797-11111",
    )
    c.window = WindowFactory(org=c.town, code="MZ", name="Civil Affairs", number=1)
    c.clerk = make_staff("li", c.town, Role.CLERK, "Li Clerk", {c.window: "A"})
    c.handler = make_staff("chen", c.town, Role.HANDLER, "Chen Handler", {c.window: "B"})
    version = publish_item(
        owner=c.county,
        code="MZ001",
        data={
            "name": "Minimum Living Allowance",
            "kind": "promised",
            "category": "Social assistance",
            "department": "Civil Affairs Bureau",
            "content": "Support for families below the local minimum living standard.",
            "conditions": "Local household registration; income below the local standard.",
            "procedure": ["Apply", "Accept", "Home survey", "Review", "Decide"],
            "legal_basis": "Interim Measures on Social Assistance, Art. 11",
            "fee_basis": "Free",
            "statutory_days": 20,
            "promised_days": 10,
            "window_codes": ["MZ"],
            "online_allowed": True,
        },
        materials=MATERIALS,
    )
    enable_item(version.item, c.town)
    return c


def register(center: Any, received: list[str]) -> Case:
    applicant = {"kind": "person", "name": "Zhang San", "id_number": VALID_ID, "phone": "13800000000"}
    return actions.register(
        actor=center.clerk, item_code="MZ001", applicant=applicant, received_materials=received
    ).case


def concluded(center: Any) -> Case:
    case = register(center, MANDATORY)
    actions.accept(case, actor=center.clerk)
    actions.assign(case, actor=center.clerk, handler=center.handler)
    return actions.conclude(case, actor=center.handler, result="granted").case


def chinese_left(html: str) -> list[str]:
    """Every run of Chinese on the page outside the language's own name and notice numbers, in context."""
    html = NOTICE_NUMBER.sub("", OWN_NAME_OPTION.sub("", html))
    return [html[max(0, m.start() - 40) : m.end() + 40] for m in CJK.finditer(html)]


def english_page(client: Client, url: str, *, expect: tuple[str, ...], absent: tuple[str, ...]) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, url
    page = response.content.decode()
    assert '<html lang="en">' in page, url
    for label in expect:
        assert label in page, (url, label)
    for label in absent:
        assert label not in page, (url, label)
    assert chinese_left(page) == [], url
    return page


# ---------------------------------------------------------------------------------------------- pages


def test_counter_pages_in_english(center: Any, client: Client) -> None:
    case = register(center, MANDATORY)
    actions.accept(case, actor=center.clerk)
    client.force_login(center.clerk)
    english_page(
        client,
        "/counter/",
        expect=("Counter workstation", "My open cases", "Registered today", "Acceptance number"),
        absent=("窗口工作台", "今日登记", "受理编号"),
    )
    english_page(
        client,
        "/counter/intake/?item=MZ001",
        expect=("Single-window intake", "Applicant", "Register and accept", "Number checks out"),
        absent=("一窗受理", "申请人", "登记并受理", "号码校验通过"),
    )
    english_page(
        client,
        f"/counter/cases/{case.number}/",
        expect=("Acceptance number", "Query code", "Materials checklist", "Due date", "Acceptance notice"),
        absent=("受理编号", "查询码", "材料清单", "受理通知书", "个工作日"),
    )
    english_page(
        client,
        "/counter/cases/",
        expect=("Cases", "Acceptance number starts with", "Export Excel", "1 case"),
        absent=("办件列表", "导出", "共 1 件"),
    )


def test_hall_pages_in_english(center: Any, client: Client) -> None:
    case = concluded(center)
    english_page(
        client,
        f"/?org={center.town.code}",
        expect=("Service hall", "Service guide", "Whereabouts board", "Supervision hotline"),
        absent=("便民服务大厅", "办事指南", "去向公示牌", "监督电话"),
    )
    english_page(
        client,
        f"/guide/?org={center.town.code}",
        expect=("Service guide", "Window 1 Civil Affairs", "1 item", "Promised case"),
        absent=("办事指南", "号窗口", "个事项", "承诺件"),
    )
    english_page(
        client,
        f"/guide/MZ001/?org={center.town.code}",
        expect=("Required materials", "Legal basis", "10 working days", "Print service card"),
        absent=("申请材料", "法律依据", "个工作日", "打印便民卡"),
    )
    english_page(
        client,
        f"/guide/MZ001/card/?org={center.town.code}",
        expect=("Service card", "Please bring these materials", "1 original"),
        absent=("便民服务卡", "原件 1 份"),
    )
    english_page(
        client,
        f"/apply/MZ001/?org={center.town.code}",
        expect=("Online application", "Upload materials", "Submit application"),
        absent=("网上申请", "上传申请材料", "提交申请"),
    )
    english_page(
        client,
        f"/progress/?number={case.number}&code={case.query_code}",
        expect=("Case progress", "Acceptance number", "Concluded", "Granted", "Rate this service"),
        absent=("办件进度查询", "受理编号", "已办结", "准予"),
    )
    english_page(
        client,
        f"/rate/{case.number}/?code={case.query_code}",
        expect=("Rate our service", "Very satisfied", "Submit rating"),
        absent=("服务评价", "非常满意", "提交评价"),
    )
    english_page(
        client,
        f"/screen/{center.town.code}/",
        expect=("Staff whereabouts", "On duty"),
        absent=("工作人员去向公示", "在岗"),
    )


def test_the_language_cookie_works_like_the_header(center: Any, client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/guide/MZ001/").content.decode()
    assert "Service guide" in page and "办事指南" not in page


def test_without_a_language_the_pages_stay_chinese(center: Any, client: Client) -> None:
    page = client.get("/guide/MZ001/").content.decode()
    assert '<html lang="zh-Hans">' in page and "办事指南" in page and "Service guide" not in page


# ------------------------------------------------------------------------------------ refusals


def api_client(user: Any, **headers: Any) -> APIClient:
    api = APIClient(**headers)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


def test_an_api_refusal_answers_the_same_code_in_english(center: Any) -> None:
    case = register(center, ["Resident ID card copy"])
    url = f"/api/v1/cases/{case.number}/accept/"
    english = api_client(center.clerk, HTTP_ACCEPT_LANGUAGE="en").post(url, {}, format="json")
    assert english.status_code == 409
    body = english.json()
    assert body["code"] == "materials_missing"
    assert body["detail"] == (
        "Required materials missing, cannot accept: Household register, Proof of family income. "
        "Please issue a one-time notice."
    )
    assert body["missing"] == ["Household register", "Proof of family income"]

    chinese = api_client(center.clerk).post(url, {}, format="json")
    assert chinese.status_code == 409 and chinese.json()["code"] == "materials_missing"
    assert chinese.json()["detail"].startswith("必需材料不齐，不能受理：Household register、")


def test_api_validation_and_permission_errors_in_english(center: Any) -> None:
    case = register(center, MANDATORY)
    english = api_client(center.clerk, HTTP_ACCEPT_LANGUAGE="en")
    invalid = english.post(f"/api/v1/cases/{case.number}/reject/", {}, format="json")
    assert invalid.status_code == 400
    assert invalid.json()["code"] == "invalid" and invalid.json()["detail"] == "Invalid request data"
    handler = api_client(center.handler, HTTP_ACCEPT_LANGUAGE="en")
    denied = handler.post(f"/api/v1/cases/{case.number}/accept/", {}, format="json")
    assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"
    assert denied.json()["detail"] == "You are not allowed to accept cases."


def test_a_refusal_on_a_page_is_shown_in_english(center: Any, client: Client) -> None:
    case = register(center, ["Resident ID card copy"])
    client.force_login(center.clerk)
    response = client.post(f"/counter/cases/{case.number}/accept/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "Required materials missing, cannot accept" in page and "必需材料不齐" not in page


def test_the_state_refusal_names_the_state_and_the_action_in_the_active_language(center: Any) -> None:
    case = concluded(center)
    with translation.override("en"), pytest.raises(DomainError) as refused:
        actions.accept(case, actor=center.clerk)
    assert refused.value.code == "invalid_state"
    assert str(refused.value.message) == "The case is “Concluded”; you cannot accept it now."
    with pytest.raises(DomainError) as chinese:
        actions.accept(case, actor=center.clerk)
    assert str(chinese.value.message) == "办件当前状态为“已办结”，不能受理"


def test_a_too_long_text_counts_characters_in_english(center: Any) -> None:
    case = register(center, MANDATORY)
    with translation.override("en"), pytest.raises(DomainError) as refused:
        actions.reject(case, actor=center.clerk, reason="x" * 1001)
    assert refused.value.message == "A reason is required to reject a case (at most 1000 characters)"


# ------------------------------------------------------------------------------------ catalogue


def po_entries() -> list[dict[str, Any]]:
    """The .po file's entries as {flags, msgid, msgstr: [...]}; a tiny reader, enough for this check."""
    entries: list[dict[str, Any]] = []
    entry: dict[str, Any] = {}
    field = ""
    for raw in [*PO.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry:
                entries.append(entry)
            entry, field = {}, ""
        elif line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field][-1] += line[1:-1]
        else:
            field, _, value = line.partition(" ")
            field = "msgstr" if field.startswith("msgstr") else field
            entry.setdefault(field, []).append(value[1:-1])
    return entries


def test_every_message_is_translated() -> None:
    entries = po_entries()
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == [""] and "fuzzy" not in header.get("flags", set())
    assert len(messages) > 700
    untranslated = [e["msgid"][0] for e in messages if not all(e["msgstr"])]
    fuzzy = [e["msgid"][0] for e in messages if "fuzzy" in e.get("flags", set())]
    assert untranslated == [], "untranslated: run makemessages, then translate these in locale/en"
    assert fuzzy == [], "fuzzy: check these translations, then remove their #, fuzzy flag"


def test_the_compiled_catalogue_has_the_translations() -> None:
    mo = PO.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_size > 10_000
    with translation.override("en"):
        assert translation.gettext("受理编号") == "Acceptance number"
        assert translation.gettext("办事指南") == "Service guide"
        assert translation.pgettext("list separator", "、") == ", "
