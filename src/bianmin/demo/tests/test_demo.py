"""The demo builder: a valid catalog, a whole network, working accounts, nothing new on a second run."""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db.models import CharField, Count

from bianmin.catalog.actions import VERSION_FIELDS, _check_content
from bianmin.catalog.models import CaseKind, JointParticipant, Material, ServiceItem, ServiceItemVersion
from bianmin.demo import build
from bianmin.demo.build import COUNTY_CODE, DEMO_PASSWORD, TOWN_CODES, build_demo
from bianmin.demo.catalog_data import ITEMS, WINDOWS
from bianmin.orgs.models import Org, OrgKind, Post, Staff, Window

NINE_WINDOWS = {"MZ", "JS", "NY", "LB", "GT", "LY", "NZ", "SF", "ZH"}

# username -> (group, org code, window posts) as the demo promises them.
ACCOUNTS = {
    "clerk": ("clerk", "360781100", {("MZ", "A")}),
    "handler": ("handler", "360781100", {("MZ", "B"), ("LB", "A")}),
    "leader": ("duty_leader", "360781100", set()),
    "director": ("director", "360781100", set()),
    "supervisor": ("supervisor", "360781100", set()),
    "clerk2": ("clerk", "360781101", {("MZ", "A")}),
    "agent": ("agent", "360781100201", set()),
    "county": ("county_admin", "360781", set()),
}


def _max_length(model, name: str) -> int:  # type: ignore[no-untyped-def]
    """The column's max_length, or a bound no string reaches for columns without one."""
    f = model._meta.get_field(name)
    return f.max_length if isinstance(f, CharField) and f.max_length else 10**9


# ------------------------------------------------------------------------------------- catalog data


def test_catalog_data_is_publishable_and_covers_every_window() -> None:
    assert len(ITEMS) >= 45
    codes = [entry["code"] for entry in ITEMS]
    assert len(set(codes)) == len(codes)
    assert [w[0] for w in WINDOWS] == ["MZ", "JS", "NY", "LB", "GT", "LY", "NZ", "SF", "ZH"]
    covered = set()
    for entry in ITEMS:
        data = entry["data"]
        assert 1 <= len(entry["code"]) <= 10
        assert set(VERSION_FIELDS) <= set(data), f"{entry['code']} leaves fields to defaults"
        _check_content(data, entry["participants"])  # the action's own rules; raises on a violation
        assert data["kind"] in CaseKind.values
        assert data["promised_days"] <= data["statutory_days"]
        assert not (data["in_person_required"] and data["proxy_allowed"])
        assert 20 <= len(data["implementation_code"]) <= 24
        assert data["window_codes"] and set(data["window_codes"]) <= NINE_WINDOWS
        assert data["procedure"] and data["legal_basis"] and data["content"] and data["conditions"]
        assert 2 <= len(entry["materials"]) <= 6
        if data["fee"]:
            assert data["fee_basis"] != "不收费"
        covered.update(data["window_codes"])
        # Strings must fit their columns: SQLite would not complain, PostgreSQL would.
        for name, value in data.items():
            if isinstance(value, str):
                assert len(value) <= _max_length(ServiceItemVersion, name), (entry["code"], name)
        for material in entry["materials"]:
            assert len(material["name"]) <= _max_length(Material, "name")
            assert len(material["note"]) <= _max_length(Material, "note")
        for p in entry["participants"]:
            assert p["window_code"] in NINE_WINDOWS and len(p["task"]) <= _max_length(
                JointParticipant, "task"
            )
            assert 1 <= p["days"] <= data["promised_days"]
    assert covered == NINE_WINDOWS
    assert len({e["data"]["implementation_code"] for e in ITEMS}) == len(ITEMS)

    kinds = Counter(e["data"]["kind"] for e in ITEMS)
    assert kinds[CaseKind.INSTANT] >= 8 and kinds[CaseKind.JOINT] >= 3 and kinds[CaseKind.PROXY] >= 4
    assert kinds[CaseKind.PROMISED] == max(kinds.values())
    for entry in ITEMS:
        if entry["data"]["kind"] == CaseKind.INSTANT:
            assert entry["data"]["promised_days"] == 0
        assert bool(entry["participants"]) == (entry["data"]["kind"] == CaseKind.JOINT)
    assert any(not m["mandatory"] for e in ITEMS for m in e["materials"])
    assert sum(1 for e in ITEMS if e["data"]["fee"]) >= 2
    online = sum(1 for e in ITEMS if e["data"]["online_allowed"])
    assert len(ITEMS) // 3 <= online <= 2 * len(ITEMS) // 3


# ------------------------------------------------------------------------------------- idempotency


def _snapshot() -> dict:
    # Every table, including many-to-many tables (group memberships, items enabled at centers).
    rows = {m._meta.label: m._default_manager.count() for m in apps.get_models(include_auto_created=True)}
    versions = dict(ServiceItem.objects.annotate(n=Count("versions")).values_list("code", "n"))
    passwords = dict(get_user_model().objects.values_list("username", "password"))
    return {"rows": rows, "versions": versions, "passwords": passwords}


@pytest.mark.django_db
def test_running_twice_changes_nothing() -> None:
    first = build_demo()
    assert first["created"]["item_versions"] == len(ITEMS)
    before = _snapshot()
    second = build_demo()
    assert _snapshot() == before
    assert second["created"] == {} and second["updated"] == {}
    assert {k: v for k, v in second.items() if k not in {"created", "updated"}} == {
        k: v for k, v in first.items() if k not in {"created", "updated"}
    }


@pytest.mark.django_db
def test_a_changed_item_gets_exactly_one_new_version(monkeypatch: pytest.MonkeyPatch) -> None:
    build_demo()
    items = copy.deepcopy(ITEMS)
    items[0]["data"]["promised_days"] -= 1
    items[1]["materials"][0]["copies"] += 1
    monkeypatch.setattr(build, "ITEMS", items)
    before = dict(ServiceItem.objects.annotate(n=Count("versions")).values_list("code", "n"))
    result = build_demo()
    after = dict(ServiceItem.objects.annotate(n=Count("versions")).values_list("code", "n"))
    changed = {code for code in after if after[code] != before[code]}
    assert changed == {items[0]["code"], items[1]["code"]}
    assert all(after[code] == 2 for code in changed)
    assert result["created"] == {"item_versions": 2}
    current = ServiceItem.objects.get(code=items[0]["code"]).current
    assert current is not None and current.promised_days == items[0]["data"]["promised_days"]


@pytest.mark.django_db
def test_an_existing_password_is_kept() -> None:
    build_demo()
    user = get_user_model().objects.get(username="director")
    user.set_password("changed-in-production")
    user.save()
    build_demo()
    assert authenticate(username="director", password="changed-in-production") is not None
    assert authenticate(username="director", password=DEMO_PASSWORD) is None


# ------------------------------------------------------------------------------------- the network


@pytest.mark.django_db
def test_orgs_office_hours_and_market_days() -> None:
    build_demo()
    county = Org.objects.get(code=COUNTY_CODE)
    assert county.kind == OrgKind.COUNTY
    towns = Org.objects.filter(kind=OrgKind.TOWN, parent=county)
    assert sorted(towns.values_list("code", flat=True)) == sorted(TOWN_CODES)
    assert Org.objects.get(code=TOWN_CODES[0]).market_days == [5, 15, 25]
    assert Org.objects.get(code=TOWN_CODES[1]).market_days == [1, 11, 21]
    villages = Org.objects.filter(kind=OrgKind.VILLAGE)
    assert villages.count() == 4
    for town in towns:
        assert villages.filter(parent=town).count() == 2
    for village in villages:
        assert village.parent is not None
        assert len(village.code) == 12 and village.code.startswith(village.parent.code)
    for org in Org.objects.all():
        assert org.office_hours.count() == 2
        winter, summer = org.office_hours_on(dt.date(2025, 1, 6)), org.office_hours_on(dt.date(2025, 7, 7))
        assert winter is not None and summer is not None
        assert (winter.morning_start, winter.afternoon_start, winter.afternoon_end) == (
            dt.time(8),
            dt.time(14, 30),
            dt.time(17, 30),
        )
        assert summer.afternoon_end == dt.time(18) and (summer.season_start, summer.season_end) == (
            "05-01",
            "09-30",
        )


@pytest.mark.django_db
def test_every_town_has_nine_windows_each_with_one_a_and_a_b_post() -> None:
    build_demo()
    for code in TOWN_CODES:
        windows = Window.objects.filter(org__code=code)
        assert set(windows.values_list("code", flat=True)) == NINE_WINDOWS
        assert sorted(windows.values_list("number", flat=True)) == list(range(1, 10))
        for window in windows:
            posts = list(window.posts.values_list("post", flat=True))
            assert posts.count(Post.A) == 1, window
            assert posts.count(Post.B) >= 1, window
            assert all(p.staff.org_id == window.org_id for p in window.posts.select_related("staff"))
    assert Staff.objects.filter(org__code=COUNTY_CODE).count() >= 3


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(ACCOUNTS))
def test_demo_account_logs_in_with_its_role_at_its_org(username: str) -> None:
    build_demo()
    group, org_code, posts = ACCOUNTS[username]
    user = authenticate(username=username, password=DEMO_PASSWORD)
    assert user is not None
    assert user.groups.filter(name=group).exists()
    assert user.staff.org.code == org_code
    assert {(p.window.code, p.post) for p in user.staff.posts.select_related("window")} == posts
    assert user.is_staff == (username in {"director", "county"})
    if username == "clerk":
        assert user.groups.filter(name="handler").exists()


def test_printed_table_lists_every_account_and_warns() -> None:
    out = StringIO()
    build.print_accounts(out, {})
    text = out.getvalue()
    for username in ACCOUNTS:
        assert f"\n{username} " in text
    assert text.count(DEMO_PASSWORD) == len(ACCOUNTS)
    assert "生产环境" in text and "修改" in text


# ------------------------------------------------------------------------------------- the catalog


@pytest.mark.django_db
def test_items_are_published_with_materials_and_enabled_at_both_towns() -> None:
    build_demo()
    county = Org.objects.get(code=COUNTY_CODE)
    items = ServiceItem.objects.filter(owner=county, current__isnull=False)
    assert items.annotate(m=Count("current__materials")).filter(m__gt=0).count() >= 40
    for town in Org.objects.filter(code__in=TOWN_CODES):
        assert town.enabled_items.count() == len(ITEMS)


@pytest.mark.django_db
def test_marriage_registration_is_in_person_and_never_by_proxy() -> None:
    build_demo()
    version = ServiceItem.objects.get(current__name="结婚登记").current
    assert version is not None
    assert version.kind == CaseKind.PROXY
    assert version.in_person_required is True and version.proxy_allowed is False


@pytest.mark.django_db
def test_homestead_is_a_joint_item_with_timed_participants() -> None:
    build_demo()
    version = ServiceItem.objects.get(current__name__contains="宅基地").current
    assert version is not None
    assert version.kind == CaseKind.JOINT and version.window_codes == ["GT"]
    days = dict(version.participants.values_list("window_code", "days"))
    assert {"GT", "NZ", "LY"} <= set(days)
    assert all(1 <= d <= version.promised_days for d in days.values())


# ------------------------------------------------------------------------------------- the command


@pytest.mark.django_db
def test_demo_command_builds_and_prints_accounts() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert "county" in text and DEMO_PASSWORD in text and "生产环境" in text
    assert "本次新建：无；本次更新：无" in text  # the second run
    assert ServiceItem.objects.count() == len(ITEMS)
