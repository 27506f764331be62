"""The admin speaks Chinese and is branded Bianmin; personal numbers in it are masked like on the pages.

Column headings and field labels come from model verbose names or ``admin.display`` descriptions; a field
without one shows its English attribute name ("ITEM NAME", "User:"). Every list, add form and change form of
every admin is rendered in zh-hans here and each heading and label must be Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.test import Client

from bianmin.cases import actions
from bianmin.cases.models import AuditSeal, Case, Notice, OneTimeNoticeBreach
from bianmin.conftest import VALID_ID, VALID_ID_2, at, person
from bianmin.feedback.models import Rating
from bianmin.workdays.models import CalendarOverride

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
TAG = re.compile(r"<[^>]+>")
# Where the admin templates print a heading or a label.
HEADINGS = [
    re.compile(
        r'<th scope="col"[^>]*>\s*(?:<div class="sortoptions">.*?</div>)?\s*<div class="text">(.*?)</div>',
        re.S,
    ),
    re.compile(r"<label[^>]*>(.*?)</label>", re.S),
    re.compile(r'<th class="column-[^"]*"[^>]*>(.*?)</th>', re.S),
]
# Headings that are not words: the select-all box and Django's own row checkboxes.
NOT_WORDS = {"", ":", "?"}
KNOWN_LEAKS = (
    "ITEM NAME",
    "Item name",
    "User:",
    "Case",
    "Org",
    "Root hash",
    "Sha256",
    "Hash",
    "Prev hash",
    "Item",
)


def chrome(html: str) -> list[str]:
    """Every column heading and field label on an admin page, as text."""
    found = []
    for pattern in HEADINGS:
        for match in pattern.finditer(html):
            text = TAG.sub("", match.group(1)).strip().rstrip(":：").strip()
            if text not in NOT_WORDS:
                found.append(text)
    return found


@pytest.fixture
def filled(world: Any) -> Any:
    """One row of every kind, so each change form has something to show."""
    case = actions.register(
        actor=world.clerk,
        item_code="MZ001",
        applicant=person(phone="13912345678"),
        agent={
            "name": "李代理",
            "id_number": VALID_ID_2,
            "phone": "13698765432",
            "authorization": "委托书1号",
        },
    ).case
    notices = [
        Notice.objects.create(
            case=case,
            org=case.org,
            type="one_time",
            year=2026,
            seq=i,
            number=f"象湖告〔2026〕{i:04d}号",
            issued_at=at(2026, 3, 2),
            html="",
            sha256="0" * 64,
        )
        for i in (1, 2)
    ]
    OneTimeNoticeBreach.objects.create(
        case=case,
        org=case.org,
        clerk=world.clerk,
        first_notice=notices[0],
        later_notice=notices[1],
        materials=["户口簿"],
        recorded_at=at(2026, 3, 3),
    )
    AuditSeal.objects.create(
        org=case.org, day=dt.date(2026, 3, 2), event_count=1, root_hash="a" * 64, sealed_at=at(2026, 3, 3)
    )
    Rating.objects.create(case=case, org=case.org, level=1, channel="qr", created_at=at(2026, 3, 4))
    CalendarOverride.objects.create(
        date=dt.date(2026, 5, 20), kind="holiday", name="纪念日", region_code="360781"
    )
    staff = world.clerk.staff
    staff.phone = "13511112222"
    staff.save()
    world.case = case
    world.root = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    return world


def pages() -> list[tuple[str, type[Model]]]:
    """Every page of our admins and of Django's own (accounts, groups); other packages bring their own words."""
    ours = [m for m in admin.site._registry if m.__module__.startswith(("bianmin.", "django.contrib."))]
    return [(kind, model) for model in ours for kind in ("changelist", "add", "change")]


def test_every_heading_and_label_of_the_admin_is_chinese(filled: Any, client: Client) -> None:
    # given the superuser, who sees every list and form
    client.force_login(filled.root)
    english: dict[str, list[str]] = {}
    checked = 0
    for kind, model in pages():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        if kind == "changelist":
            path = base
        elif kind == "add":
            path = f"{base}add/"
        else:
            obj = model._default_manager.order_by("pk").first()
            if obj is None:
                continue
            path = f"{base}{obj.pk}/change/"
        # when the page is rendered in Chinese
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if kind == "add" and response.status_code == 403:
            continue  # an admin without an add form (cases, versions, ratings)
        assert response.status_code == 200, path
        html = response.content.decode()
        labels = chrome(html)
        checked += len(labels)
        # then no heading or label is left in English
        leaks = [t for t in labels if not CJK.search(t)]
        leaks += [t for t in KNOWN_LEAKS if f">{t}<" in html or f">{t}:<" in html]
        if leaks:
            english[path] = leaks
    assert checked > 300, "the page patterns no longer match the admin's templates"
    assert english == {}


def test_the_admin_is_branded_bianmin(filled: Any, client: Client) -> None:
    client.force_login(filled.root)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<title>管理首页 | 便民服务中心管理</title>" in page
    assert (
        "便民服务中心管理</a></div>" in page
        or 'id="site-name"><a href="/admin/">便民服务中心管理</a>' in page
    )
    assert "Django" not in TAG.sub("", page)


def test_the_case_admin_masks_personal_numbers(filled: Any, client: Client) -> None:
    """One masking policy everywhere (lib.identity): first 6 / last 4 of an ID, 3 + 4 of a phone."""
    client.force_login(filled.root)
    listing = client.get("/admin/cases/case/").content.decode()
    assert "139****5678" in listing and "13912345678" not in listing
    page = client.get(f"/admin/cases/case/{filled.case.pk}/change/").content.decode()
    for full, masked in (
        (VALID_ID, "110105********002X"),
        (VALID_ID_2, "360781********1238"),
        ("13912345678", "139****5678"),
        ("13698765432", "136****5432"),
    ):
        assert masked in page and full not in page, full
    # nor is the applicant's query code in the admin
    assert filled.case.query_code not in re.sub(r"csrfmiddlewaretoken[^>]*", "", page)


def test_the_staff_list_masks_phone_numbers(filled: Any, client: Client) -> None:
    client.force_login(filled.root)
    listing = client.get("/admin/orgs/staff/").content.decode()
    assert "135****2222" in listing and "13511112222" not in listing


def test_ratings_are_read_only_in_the_admin(filled: Any, client: Client) -> None:
    """好差评 is the citizen's word: the admin neither writes nor edits a rating."""
    client.force_login(filled.root)
    rating = Rating.objects.get(case=filled.case)
    assert client.get("/admin/feedback/rating/add/").status_code == 403
    client.post(f"/admin/feedback/rating/{rating.pk}/change/", {"level": 5})
    rating.refresh_from_db()
    assert rating.level == 1
    assert Case.objects.filter(pk=filled.case.pk).exists()
