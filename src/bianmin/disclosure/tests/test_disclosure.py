"""办结公告 (000 篇7 "办事结果每季度滚动性向群众公开"): a center's concluded cases of a quarter, with its figures,
on a public page and the API; past quarters frozen by ``bianmin disclosure_publish`` and kept as an archive."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command

from bianmin.cases.models import Case
from bianmin.disclosure import selectors
from bianmin.disclosure.actions import publish_quarter
from bianmin.disclosure.models import Disclosure
from bianmin.disclosure.tests.conftest import APPLICANTS, NOW, TODAY
from bianmin.lib.errors import DomainError
from bianmin.lib.periods import parse_period

Q3 = parse_period("2026-Q3")


@pytest.fixture(autouse=True)
def frozen_now(time_machine: Any) -> None:
    time_machine.move_to(NOW)


def _personal_data() -> list[str]:
    """Everything of the applicants that must never be published: ID numbers, phones, addresses, names."""
    out = []
    for a in APPLICANTS:
        out += [a["id_number"], a["phone"], a["address"], a["name"]]
    out += [c.applicant_phone for c in Case.objects.all() if c.applicant_phone]
    out += [c.applicant_id_number for c in Case.objects.all() if c.applicant_id_number]
    return out


def test_the_quarter_page_lists_concluded_cases_with_the_name_masked_and_nothing_else_personal(
    client, world, quarter
):
    """000 篇7 办事结果公开; 个人信息保护法 Art. 28: the applicant only as 欧*** / 钟**, no ID number, phone or
    address, in the page or the API."""
    # when a citizen opens 象湖镇's disclosure of the third quarter
    page = client.get(f"/disclosure/{world.town.code}/?quarter=2026-Q3")
    api = client.get(f"/api/v1/public/disclosure/{world.town.code}/?quarter=2026-Q3")
    assert page.status_code == 200 and api.status_code == 200
    html, body = page.content.decode(), json.dumps(api.json(), ensure_ascii=False)
    # then the two concluded cases are listed, the open one, the other town's and October's are not
    for text in (html, body):
        assert quarter.instant.number in text and quarter.late.number in text
        assert quarter.open.number not in text
        assert quarter.other.number not in text and quarter.october.number not in text
        assert "欧***" in text and "钟**" in text
        for secret in _personal_data():
            assert secret not in text, secret
    rows = api.json()["results"]
    assert [(r["number"], r["result"], r["concluded_on"], r["applicant"]) for r in rows] == [
        (quarter.instant.number, "granted", "2026-07-06", "欧***"),
        (quarter.late.number, "denied", "2026-09-25", "钟**"),
    ]
    assert rows[0]["item"] == "开具居住证明" and rows[1]["result_label"] == "不予批准"
    assert "开具居住证明" in html and "不予批准" in html


def test_the_figures_are_the_statistics_tables(client, world, quarter):
    """Counts, on-time rate and satisfaction come from the statistics table (reports), so the public reads
    the numbers the center reports to the county: four received (one concluded only in October), two
    concluded, one of them late; one 非常满意, one 不满意."""
    figures = client.get(f"/api/v1/public/disclosure/{world.town.code}/?quarter=2026-Q3").json()["figures"]
    assert figures == {
        "received": 4,
        "concluded": 2,
        "on_time": 1,
        "on_time_rate": "50.0",
        "ratings": 2,
        "satisfied": 1,
        "satisfaction_rate": "50.0",
    }


def test_a_past_quarter_is_computed_live_until_published_and_then_read_from_its_snapshot(
    client, world, quarter
):
    """Pages are correct without the command; once it ran, the archive keeps what was published."""
    url = f"/api/v1/public/disclosure/{world.town.code}/?quarter=2026-Q3"
    # given the quarter is over but nobody ran the command
    live = client.get(url).json()
    assert live["source"] == "live" and live["as_of"] is None and live["archive"] == []
    # when the quarterly command runs (twice: it is idempotent)
    call_command("disclosure_publish", "--quarter", "2026-Q3", stdout=open("/dev/null", "w"))
    first = Disclosure.objects.get(org=world.town, quarter="2026-Q3")
    call_command("disclosure_publish", "--quarter", "2026-Q3", stdout=open("/dev/null", "w"))
    assert Disclosure.objects.filter(org=world.town, quarter="2026-Q3").count() == 1
    assert Disclosure.objects.get(org=world.town, quarter="2026-Q3").published_at == first.published_at
    # then the page reads the snapshot, with the same rows and figures the live page showed
    frozen = client.get(url).json()
    assert frozen["source"] == "snapshot" and frozen["published_at"] is not None
    for key in ("results", "figures", "count"):
        assert frozen[key] == live[key], key
    assert [a["quarter"] for a in frozen["archive"]] == ["2026-Q3"]
    # and the snapshot is what is shown, even if the ledger were read differently later
    first.rows = [{**first.rows[0], "item": "存档时的事项名称"}, *first.rows[1:]]
    first.save(update_fields=["rows"])
    assert client.get(url).json()["results"][0]["item"] == "存档时的事项名称"
    page = client.get(f"/disclosure/{world.town.code}/?quarter=2026-Q3").content.decode()
    assert "存档时的事项名称" in page and "存档公开" in page


def test_the_command_publishes_the_last_quarter_by_default_and_skips_centers_with_nothing(world, quarter):
    call_command("disclosure_publish", stdout=open("/dev/null", "w"))
    assert sorted(Disclosure.objects.values_list("org__code", "quarter", "row_count")) == [
        (world.county.code, "2026-Q3", 3),  # the county discloses every town below it, as its statistics
        (world.town.code, "2026-Q3", 2),
        (world.town2.code, "2026-Q3", 1),
    ]


def test_the_running_quarter_is_live_as_of_today_and_cannot_be_frozen(client, world, quarter):
    body = client.get(f"/api/v1/public/disclosure/{world.town.code}/").json()
    assert body["quarter"] == "2026-Q4" and body["source"] == "live" and body["as_of"] == TODAY.isoformat()
    assert [r["number"] for r in body["results"]] == [quarter.october.number]
    page = client.get(f"/disclosure/{world.town.code}/").content.decode()
    assert "数据截至 2026-11-24" in page
    with pytest.raises(DomainError) as refused:
        publish_quarter(world.town, parse_period("2026-Q4"), now=NOW)
    assert refused.value.code == "quarter_not_over"
    assert not Disclosure.objects.exists()


def test_refusals_answer_with_a_code(client, world):
    base = f"/api/v1/public/disclosure/{world.town.code}/"
    assert client.get(base + "?quarter=2026-10").json()["code"] == "bad_quarter"
    assert client.get(base + "?quarter=2026-Q9").json()["code"] == "bad_period"
    future = client.get(base + "?quarter=2027-Q1")
    assert future.status_code == 404 and future.json()["code"] == "quarter_not_begun"
    unknown = client.get("/api/v1/public/disclosure/999999999/")
    assert unknown.status_code == 404 and unknown.json()["code"] == "center_not_found"
    # a village station is no center of its own: its town discloses its cases
    assert client.get(f"/api/v1/public/disclosure/{world.village.code}/").status_code == 404
    assert client.get(f"/disclosure/{world.village.code}/").status_code == 404
    assert client.get(f"/disclosure/{world.town.code}/?quarter=2026-13").status_code == 400
    assert client.get(base + "?colour=red").status_code == 400


def test_pages_of_rows(client, world, quarter):
    base = f"/api/v1/public/disclosure/{world.town.code}/?quarter=2026-Q3&page_size=1"
    first = client.get(base).json()
    assert first["count"] == 2 and len(first["results"]) == 1 and first["next"]
    second = client.get(base + "&page=2").json()
    assert [r["number"] for r in second["results"]] == [quarter.late.number] and second["next"] is None
    assert client.get(base + "&page=3").status_code == 404


def test_views_are_limited_per_client(client, world, small_limit):
    for _ in range(2):
        assert client.get(f"/disclosure/{world.town.code}/").status_code == 200
    assert client.get(f"/api/v1/public/disclosure/{world.town.code}/").status_code == 200
    page = client.get(f"/disclosure/{world.town.code}/")
    api = client.get(f"/api/v1/public/disclosure/{world.town.code}/")
    assert page.status_code == 429 and "访问过于频繁" in page.content.decode()
    assert api.status_code == 429 and api.json()["code"] == "too_many_requests"


def test_the_hall_page_of_a_center_links_to_its_disclosure(client, world):
    page = client.get(f"/?org={world.town.code}").content.decode()
    assert f'href="/disclosure/{world.town.code}/"' in page


def test_the_archive_lists_published_quarters_newest_first(client, world, quarter):
    Disclosure.objects.create(
        org=world.town,
        quarter="2026-Q2",
        first_day=parse_period("2026-Q2").first,
        last_day=parse_period("2026-Q2").last,
        published_at=NOW,
    )
    publish_quarter(world.town, Q3, now=NOW)
    assert [q for q, _at in selectors.archive(world.town)] == ["2026-Q3", "2026-Q2"]
    page = client.get(f"/disclosure/{world.town.code}/").content.decode()
    assert page.index("?quarter=2026-Q3") < page.index("?quarter=2026-Q2")
