"""Manual entries over the API (record with evidence, the director's approval or refusal), the bottom
windows flagged for rectification (003 曾家镇 效能评估制度 五 限期整改, with 责任追究制's level), and a
month's cash fines by 003 太湖乡 第十八–二十一条 (迟到10元, 旷工一天20元, 红包50元…) on a page, in Excel and
over the API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from bianmin.conftest import at
from bianmin.lib.periods import parse_period
from bianmin.performance import actions
from bianmin.performance.models import EntryStatus, ScoreEntry
from bianmin.performance.selectors import fines, ranking
from bianmin.performance.tests.conftest import MARCH, NOW, adopt_taihu_fines, stub_attendance

pytestmark = pytest.mark.django_db

ENTRIES = "/api/v1/performance/entries/"
FINES = "/api/v1/performance/fines/"
RANKING = "/api/v1/performance/ranking/"


def as_user(api: Any, user: Any) -> Any:
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


def body(**extra: Any) -> dict[str, Any]:
    return {
        "staff": "chen",
        "rule": "praised_by_inspection",
        "day": "2026-03-20",
        "evidence": "市检查组书面表扬",
        **extra,
    }


# ---------------------------------------------------------------------------------------- manual entries


@time_machine.travel(at(2026, 3, 23, 10), tick=False)
def test_a_manual_entry_over_the_api_counts_once_the_director_approves(
    world: Any, tables: Any, api: Any
) -> None:
    """003 曾家镇 第六条4 受到省、市级考察、检查部门表扬的,加10分: recorded by the supervisor with evidence, pending
    until the director approves it; only then the ranking gives 陈承办 110."""
    as_user(api, world.supervisor)
    made = api.post(ENTRIES, body(), format="json")
    assert made.status_code == 201, made.content
    entry = made.json()
    assert (entry["rule"], entry["amount"], entry["status"], entry["evidence"]) == (
        "praised_by_inspection",
        "10.00",
        "pending",
        "市检查组书面表扬",
    )
    assert entry["staff"]["username"] == "chen" and entry["source"] == "manual"
    march = lambda: {r["name"]: r["score"] for r in api.get(RANKING, {"period": "2026-03"}).json()["staff"]}  # noqa: E731
    assert march()["陈承办"] == "100.00"
    # the supervisor records, only the director decides
    refused = api.post(f"{ENTRIES}{entry['id']}/approve/", {}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    as_user(api, world.director)
    approved = api.post(f"{ENTRIES}{entry['id']}/approve/", {"note": "属实"}, format="json")
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["decision_note"]) == ("approved", "属实")
    assert march()["陈承办"] == "110.00"
    again = api.post(f"{ENTRIES}{entry['id']}/refuse/", {}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "already_decided")


@time_machine.travel(at(2026, 3, 23, 10), tick=False)
def test_a_refused_manual_entry_does_not_count(world: Any, tables: Any, api: Any) -> None:
    """003 曾家镇 第二条4 上班时间玩电脑游戏或炒股的扣6分 — refused by the director, it stays out."""
    as_user(api, world.director)
    made = api.post(ENTRIES, body(staff="li", rule="games_stocks", evidence="监控截图"), format="json").json()
    refused = api.post(f"{ENTRIES}{made['id']}/refuse/", {"note": "证据不足"}, format="json")
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    li = next(r for r in api.get(RANKING, {"period": "2026-03"}).json()["staff"] if r["name"] == "李窗口")
    assert li["score"] == "100.00"
    assert ScoreEntry.objects.get(pk=made["id"]).decided_by == world.director


@time_machine.travel(at(2026, 3, 23, 10), tick=False)
def test_manual_entry_refusals_have_stable_codes(world: Any, tables: Any, api: Any) -> None:
    as_user(api, world.clerk)
    r = api.post(ENTRIES, body(), format="json")
    assert (r.status_code, r.json()["code"]) == (403, "permission_denied")
    as_user(api, world.director)
    cases = [
        (body(staff="zhao"), 404, "staff_not_found"),  # 壬田镇's clerk is not in 象湖镇's scope
        (body(rule="nope"), 400, "unknown_rule"),
        (body(evidence="   "), 400, "evidence_required"),
        (body(day="2026-03-30"), 400, "future_day"),
        (body(extra="x"), 400, None),
        (body(table_kind="fines", rule="late"), 404, "no_table"),  # 太湖乡's fines not adopted here
    ]
    for payload, status, code in cases:
        r = api.post(ENTRIES, payload, format="json")
        assert r.status_code == status, (payload, r.content)
        if code:
            assert r.json()["code"] == code
    assert not ScoreEntry.objects.exists()
    for bad in ("999999", "x1"):
        r = api.post(f"{ENTRIES}{bad}/approve/", {}, format="json")
        assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_the_director_cannot_approve_an_entry_of_another_town(world: Any, tables: Any, api: Any) -> None:
    from bianmin.conftest import make_staff
    from bianmin.orgs.roles import Role

    boss2 = make_staff("wu2", world.town2, Role.DIRECTOR, "壬田主任")
    entry = actions.record_manual(
        actor=boss2,
        org=world.town2,
        staff=world.clerk2.staff,
        rule_code="thanked_praised",
        day=dt.date(2026, 3, 5),
        evidence="锦旗",
        now=at(2026, 3, 6, 9),
    )
    as_user(api, world.director)
    r = api.post(f"{ENTRIES}{entry.pk}/approve/", {}, format="json")
    assert (r.status_code, r.json()["code"]) == (404, "not_found")
    assert ScoreEntry.objects.get(pk=entry.pk).status == EntryStatus.PENDING


# ----------------------------------------------------------------------------------- windows flagged


@pytest.fixture
def march(world: Any, tables: Any) -> Any:
    """Li (民政 A) late twice and absent half a day: −9, with an upheld complaint about his attitude (−2,
    批评教育); Chen (国土 A) left early once: −2."""
    from bianmin.performance.tests.test_scoring import _upheld_complaint

    _upheld_complaint(world)
    attendance = stub_attendance(
        [
            (world.clerk, dt.date(2026, 3, 3), "late"),
            (world.clerk, dt.date(2026, 3, 9), "late"),
            (world.clerk, dt.date(2026, 3, 17), "absent_half_day"),
            (world.handler, dt.date(2026, 3, 18), "left_early"),
        ]
    )
    actions.score_month(world.town, MARCH, now=NOW, attendance=attendance)
    return world


def test_the_bottom_windows_are_flagged_with_the_accountability_level(march: Any, settings: Any) -> None:
    """003 曾家镇 效能评估制度 五 考评结果为后位的…限期整改, per window too: 民政 (89) and 国土和规划 (98) with a net
    deduction are flagged, 林业 (100) is not; 民政 carries 批评教育 (责任追究制 三(一)) of the clerk on its A
    post, 国土和规划 none. With N = 1 only the last window is flagged."""
    r = ranking([march.town.pk], parse_period("2026-03"))
    got = [(w.name, w.score, w.flagged, w.level, w.level_label) for w in r.windows]
    assert got == [
        (str(march.ly), Decimal(100), False, "", ""),
        (str(march.gt), Decimal(98), True, "", ""),
        (str(march.mz), Decimal(89), True, "criticism", "批评教育"),
    ]
    settings.PERFORMANCE_BOTTOM_N = 1
    r = ranking([march.town.pk], parse_period("2026-03"))
    assert [w.name for w in r.windows if w.flagged] == [str(march.mz)]


def test_flagged_windows_on_the_page_the_api_and_the_export(march: Any, api: Any, client: Any) -> None:
    as_user(api, march.director)
    windows = api.get(RANKING, {"period": "2026-03"}).json()["windows"]
    assert [(w["name"], w["rectify"], w["accountability"]) for w in windows][-1] == (
        str(march.mz),
        True,
        "criticism",
    )
    client.force_login(march.director)
    html = client.get("/counter/performance/", {"period": "2026-03"}).content.decode()
    window_part = html.split("窗口得分")[1]
    assert "限期整改:批评教育" in window_part
    book = load_workbook(
        io.BytesIO(client.get("/counter/performance/", {"period": "2026-03", "format": "xlsx"}).content)
    )
    rows = list(book["窗口排名"].iter_rows(values_only=True))
    assert rows[-1][1] == str(march.mz) and rows[-1][6:8] == ("是", "批评教育")


# ----------------------------------------------------------------------------------------------- fines


@pytest.fixture
def taihu_march(world: Any, tables: Any) -> Any:
    """象湖镇 adopts 太湖乡's fines from March 2026. Li: late on the 3rd, absent the whole 18th, and a bribe
    (红包) approved by the director; Chen: left early on the 19th."""
    adopt_taihu_fines(world, MARCH, MARCH)
    rows = [
        (world.clerk, dt.date(2026, 3, 3), "late"),
        (world.clerk, dt.date(2026, 3, 18), "absent_day"),
        (world.handler, dt.date(2026, 3, 19), "left_early"),
    ]
    actions.score_month(
        world.town, MARCH, now=NOW, attendance=stub_attendance(rows, "fines"), extra_sources=[]
    )
    bribe = actions.record_manual(
        actor=world.supervisor,
        org=world.town,
        staff=world.clerk.staff,
        rule_code="bribe",
        day=dt.date(2026, 3, 25),
        evidence="收受申请人红包200元,已退还",
        now=at(2026, 3, 25, 17),
        kind="fines",
    )
    actions.decide(actor=world.director, entry_id=bribe.pk, approve=True, now=at(2026, 3, 26, 9))
    return world


def test_a_months_fines_per_staff_by_taihus_table(taihu_march: Any) -> None:
    """003 太湖乡 第十八条 迟到或早退的一次惩现金10元, 旷工一天惩现金20元; 第二十条 收受红包…惩现金50元: Li owes
    10 + 20 + 50 = 80 元, Chen 10 元, 90 元 in all — each line with its rule and source, in Decimal."""
    w = taihu_march
    result = fines(w.director, [w.town.pk], parse_period("2026-03"))
    assert result.applies and [t.name for t in result.tables] == ["太湖乡便民服务中心考勤罚款"]
    got = {r.name: (r.total, [(e.rule.code, e.amount, e.source) for e in r.lines]) for r in result.rows}
    assert got == {
        "李窗口": (
            Decimal("80.00"),
            [
                ("late", Decimal(10), "attendance"),
                ("absent_day", Decimal(20), "attendance"),
                ("bribe", Decimal(50), "manual"),
            ],
        ),
        "陈承办": (Decimal("10.00"), [("left_early", Decimal(10), "attendance")]),
    }
    assert isinstance(result.total, Decimal) and result.total == Decimal("90.00")
    # each sees their own; April has none; a town without the fines table has no fines page to fill
    assert [r.name for r in fines(w.handler, [w.town.pk], parse_period("2026-03")).rows] == ["陈承办"]
    assert fines(w.director, [w.town.pk], parse_period("2026-04")).rows == []
    assert not fines(w.clerk2, [w.town2.pk], parse_period("2026-03")).applies
    assert not fines(w.director, [w.town.pk], parse_period("2026-02")).applies  # adopted from March


def test_fines_api(taihu_march: Any, api: Any) -> None:
    as_user(api, taihu_march.director)
    r = api.get(FINES, {"period": "2026-03"})
    assert r.status_code == 200, r.content
    data = r.json()
    assert (data["applies"], data["total"]) == (True, "90.00")
    li = next(s for s in data["staff"] if s["username"] == "li")
    assert li["total"] == "80.00"
    assert [(x["rule"], x["amount"], x["source"], x["article"]) for x in li["lines"]] == [
        ("late", "10.00", "attendance", "第十八条"),
        ("absent_day", "20.00", "attendance", "第十八条"),
        ("bribe", "50.00", "manual", "第二十条"),
    ]
    for bad in ("2026-Q1", "2026", "2026-13", ""):
        refused = api.get(FINES, {"period": bad})
        assert (refused.status_code, refused.json()["code"]) == (400, "bad_period"), bad
    other = api.get(FINES, {"period": "2026-03", "center": taihu_march.town2.code})
    assert (other.status_code, other.json()["code"]) == (404, "center_not_found")
    assert api.get(FINES, {"period": "2026-03", "x": "1"}).status_code == 400
    as_user(api, taihu_march.clerk2)
    assert api.get(FINES, {"period": "2026-03"}).json() == {
        "period": "2026-03",
        "applies": False,
        "tables": [],
        "total": "0.00",
        "staff": [],
    }


def test_fines_page_and_excel(taihu_march: Any, client: Any) -> None:
    client.force_login(taihu_march.director)
    page = client.get("/counter/performance/fines/", {"period": "2026-03"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "旷工一天" in html and "收受红包" in html and "80.00" in html and "90.00" in html
    assert "第二十条" in html
    xlsx = client.get("/counter/performance/fines/", {"period": "2026-03", "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(xlsx.content))["罚款"].iter_rows(values_only=True))
    li = [r for r in rows if r[0] == "李窗口"]
    assert [(r[4], r[7]) for r in li] == [
        ("迟到", 10),
        ("旷工一天", 20),
        ("收受红包、礼品以及吃拿卡要", 50),
        ("小计", 80),
    ]
    assert rows[-1][0] == "合计" and rows[-1][7] == 90
    client.force_login(taihu_march.clerk2)
    assert "本月没有适用的罚款细则" in client.get("/counter/performance/fines/").content.decode()
