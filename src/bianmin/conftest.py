"""Shared test fixtures: a small county with two towns, named staff with different rights, and items."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import factory
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections
from django.utils import translation
from rest_framework.test import APIClient

from bianmin.catalog.actions import enable_item, publish_item
from bianmin.catalog.models import CaseKind, ServiceItem
from bianmin.orgs.models import Org, OrgKind, Staff, Window, WindowPost
from bianmin.orgs.roles import Role, ensure_roles

CHROMIUM = "/usr/bin/chromium"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
VALID_ID = "11010519491231002X"  # GB 11643 sample number with a valid check digit
VALID_ID_2 = "360781199001011238"


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    """A moment in the centers' time zone."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


class OrgFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Org

    kind = OrgKind.TOWN
    name = factory.Sequence(lambda n: f"测试镇{n}便民服务中心")
    code = factory.Sequence(lambda n: f"360781{n:03d}")
    supervision_phone = "0797-12345"


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Window

    code = "MZ"
    name = "民政"
    number = 1


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw")


def make_staff(
    username: str, org: Org, role: str, name: str, windows: dict[Window, str] | None = None
) -> Any:
    user: Any = UserFactory(username=username)
    user.save()
    user.groups.add(Group.objects.get(name=role))
    staff = Staff.objects.create(user=user, org=org, name=name)
    for window, post in (windows or {}).items():
        WindowPost.objects.create(staff=staff, window=window, post=post)
    return user


DIBAO_MATERIALS = [
    {"name": "居民身份证", "originals": 1, "copies": 1, "mandatory": True},
    {"name": "户口簿", "originals": 1, "copies": 1, "mandatory": True},
    {"name": "家庭收入证明", "originals": 1, "copies": 0, "mandatory": True},
    {"name": "其他证明材料", "originals": 0, "copies": 1, "mandatory": False},
]


def publish(
    county: Org,
    code: str,
    *,
    kind: str = CaseKind.PROMISED,
    promised: int = 10,
    statutory: int = 20,
    window_codes: tuple[str, ...] = ("MZ",),
    participants: tuple[dict, ...] = (),
    **extra: Any,
) -> ServiceItem:
    data = {
        "name": extra.pop("name", f"事项{code}"),
        "kind": kind,
        "statutory_days": statutory,
        "promised_days": 0 if kind == CaseKind.INSTANT else promised,
        "window_codes": list(window_codes),
        "legal_basis": "《社会救助暂行办法》第十一条",
        **extra,
    }
    version = publish_item(
        owner=county, code=code, data=data, materials=DIBAO_MATERIALS, participants=participants
    )
    return version.item


@pytest.fixture
def world(db: Any) -> Any:
    """瑞金: county center, 象湖镇 and 壬田镇, 燕子村 station; named staff; a few items."""
    ensure_roles()
    w = type("World", (), {})()
    w.county = OrgFactory(kind=OrgKind.COUNTY, name="瑞金市政务服务中心", code="360781")
    w.town = OrgFactory(parent=w.county, name="象湖镇便民服务中心", short_name="象湖镇", code="360781100")
    w.town2 = OrgFactory(parent=w.county, name="壬田镇便民服务中心", short_name="壬田镇", code="360781101")
    w.village = OrgFactory(kind=OrgKind.VILLAGE, parent=w.town, name="燕子村便民服务站", code="360781100201")
    w.mz = WindowFactory(org=w.town, code="MZ", name="民政", number=1)
    w.gt = WindowFactory(org=w.town, code="GT", name="国土和规划", number=5)
    w.ly = WindowFactory(org=w.town, code="LY", name="林业", number=6)
    w.mz2 = WindowFactory(org=w.town2, code="MZ", name="民政", number=1)
    w.clerk = make_staff("li", w.town, Role.CLERK, "李窗口", {w.mz: "A"})
    w.handler = make_staff("chen", w.town, Role.HANDLER, "陈承办", {w.mz: "B", w.gt: "A"})
    w.forester = make_staff("lin", w.town, Role.HANDLER, "林业员", {w.ly: "A"})
    w.leader = make_staff("zhou", w.town, Role.DUTY_LEADER, "周带班")
    w.director = make_staff("wu", w.town, Role.DIRECTOR, "吴主任")
    w.supervisor = make_staff("jiang", w.town, Role.SUPERVISOR, "蒋监察")
    w.clerk2 = make_staff("zhao", w.town2, Role.CLERK, "赵外镇", {w.mz2: "A"})
    w.agent = make_staff("wang", w.village, Role.AGENT, "王代办")
    w.county_admin = make_staff("xian", w.county, Role.COUNTY_ADMIN, "县管理员")
    w.dibao = publish(
        w.county, "MZ001", name="最低生活保障申请", promised=10, statutory=20, aliases="低保申请,低保"
    )
    w.proof = publish(
        w.county, "ZH001", name="开具居住证明", kind=CaseKind.INSTANT, statutory=1, window_codes=("MZ",)
    )
    w.homestead = publish(
        w.county,
        "GT001",
        name="农村宅基地审批",
        kind=CaseKind.JOINT,
        statutory=45,
        promised=20,
        window_codes=("GT",),
        participants=(
            {"window_code": "GT", "task": "规划审查", "days": 10},
            {"window_code": "LY", "task": "林地核查", "days": 15},
        ),
    )
    w.marriage = publish(w.county, "MZ009", name="结婚登记", proxy_allowed=False, in_person_required=True)
    for item in (w.dibao, w.proof, w.homestead, w.marriage):
        enable_item(item, w.town)
        enable_item(item, w.town2)
    return w


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Every test starts and ends in the default language (Chinese).

    LocaleMiddleware activates a request's language in the test's thread and leaves it active, so one
    English request would otherwise make later refusals and messages English in the same worker."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def person(**extra: Any) -> dict[str, Any]:
    return {"kind": "person", "name": "张三", "id_number": VALID_ID, "phone": "13800000000", **extra}


BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def shoot(page: Any, tmp_path: Path, name: str) -> Path:
    """A full-page screenshot of ``page`` under the test's own directory, kept in var/screenshots/."""
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    keep_screenshot(path)
    return path


def nav_link(page: Any, name: str) -> Any:
    """The counter nav's link ``name``, its menu opened first when it sits in one (大厅服务, 人员, …)."""
    summary = page.locator("header.site nav details.menu:not([open])").filter(
        has=page.locator("a").filter(has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))
    )
    if summary.count():
        summary.first.locator("summary").click()
    return page.locator("header.site nav").get_by_role("link", name=name, exact=True)


def keep_screenshot(path: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, SCREENSHOTS / path.name)


@pytest.fixture
def browser_page(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A Playwright page in Debian's headless Chromium, pointed at the live test server.

    Playwright's sync API runs an event loop in this thread, so Django's guard against ORM calls from
    async code is lifted for these tests (the ORM calls here are plain synchronous ones).
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            # Connections the test opened belong to Playwright's greenlet context, out of reach of the
            # session's teardown, which then cannot drop the PostgreSQL test database: close them here.
            connections.close_all()
            context.close()
            browser.close()
