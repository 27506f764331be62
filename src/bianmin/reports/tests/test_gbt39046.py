"""GB/T 39046-2020 data items (RULES.md "Data items"): one hand-built case written as the provincial platform
reads it — case type 1/2/9, every step, special procedures, completion, timestamps YYYYMMDDThhmmss."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.management import call_command

from bianmin.cases import actions
from bianmin.conftest import at, person
from bianmin.lib.periods import parse_period
from bianmin.reports.gbt39046 import period_cases, records, with_ledger

ALL_MANDATORY = ["居民身份证", "户口簿", "家庭收入证明"]
STAMP = re.compile(r"^\d{8}T\d{6}$")


@pytest.fixture
def dibao(world: Any) -> Any:
    """低保 at 象湖镇 (November 2026): registered 09:00 on the 2nd, accepted 09:10, assigned, site survey
    3rd → 5th, an extension of 5 working days asked 16th and approved 17th, granted 20th with a certificate,
    mailed 23rd."""
    w = world
    case = actions.register(
        actor=w.clerk,
        item_code="MZ001",
        applicant=person(name="欧阳小明", phone="13912345678", address="燕子村七组"),
        received_materials=ALL_MANDATORY,
        mail={"address": "燕子村七组", "recipient": "欧阳小明", "phone": "13912345678"},
        now=at(2026, 11, 2, 9),
    ).case
    actions.accept(case, actor=w.clerk, now=at(2026, 11, 2, 9, 10))
    actions.assign(case, actor=w.clerk, handler=w.handler, now=at(2026, 11, 2, 9, 30))
    actions.suspend(case, actor=w.handler, type="site_survey", reason="需入户核查", now=at(2026, 11, 3, 10))
    actions.resume(
        case,
        actor=w.handler,
        now=at(
            2026,
            11,
            5,
            16,
            45,
        ),
    )
    actions.request_extension(case, actor=w.handler, days=5, reason="待县民政局复核", now=at(2026, 11, 16, 9))
    actions.approve_extension(case, actor=w.leader, note="同意", now=at(2026, 11, 17, 8, 30))
    actions.conclude(
        case,
        actor=w.handler,
        result="granted",
        certificate_name="最低生活保障证",
        certificate_number="DB2026-0018",
        now=at(
            2026,
            11,
            20,
            15,
            5,
        ),
    )
    actions.dispatch_mail(case, actor=w.clerk, tracking_number="1187654321098", now=at(2026, 11, 20, 16))
    return actions.deliver(
        case, actor=w.clerk, method="mail", collected_by="欧阳小明", now=at(2026, 11, 23, 10)
    ).case


def test_one_case_as_gbt39046_items(world, dibao):
    """RULES.md: case type 1 即办件 / 2 承诺件 / 9 其他; steps with action 通过/退回/其他, handler, times and
    status 2 已办; special procedures typed 1 延长审批 / 2 其他 with start, reason, end, result; completion
    with certificate and mailing; timestamps YYYYMMDDThhmmss in local time."""
    [record] = list(records(world.town, parse_period("2026-11")))
    assert record["case_number"] == dibao.number and len(record["case_number"]) <= 50
    assert record["case_type"] == "2"  # 低保 is a promised case
    assert record["item_code"] == "MZ001" and record["item_name"] == "最低生活保障申请"
    assert record["apply_time"] == "20261102T090000" and record["accept_time"] == "20261102T091000"
    names = [s["name"] for s in record["steps"]]
    assert names == [
        "登记",
        "受理",
        "交办",
        "启动特别程序",
        "恢复办理",
        "申请延期",
        "批准延期",
        "办结",
        "邮寄寄出",
        "送达",
    ]
    accept = record["steps"][1]
    assert accept == {
        "seq": 2,
        "code": "accept",
        "name": "受理",
        "action": "通过",
        "handler": "李窗口",
        "opinion": "",
        "start_time": "20261102T090000",  # when the registration ended
        "end_time": "20261102T091000",
        "status": "2",
    }
    approve = record["steps"][6]
    assert approve["handler"] == "周带班" and approve["opinion"] == "同意"
    assert all(STAMP.match(s["start_time"]) and STAMP.match(s["end_time"]) for s in record["steps"])
    resumed_due = dibao.events.get(type="resume").data["due_date"]
    assert record["special_procedures"] == [
        {
            "type": "2",
            "name": "现场勘查",
            "start_time": "20261103T100000",
            "reason": "需入户核查",
            "end_time": "20261105T164500",
            "result": f"恢复办理，用时 2 个工作日，办结日改为 {resumed_due}",
        },
        {
            "type": "1",
            "name": "延长审批",
            "start_time": "20261116T090000",
            "reason": "待县民政局复核",
            "end_time": "20261117T083000",
            "result": f"批准延期 5 个工作日，办结日改为 {dibao.due_date.isoformat()}",
        },
    ]
    assert record["completion"] == {
        "time": "20261120T150500",
        "result": "granted",
        "result_label": "准予",
        "certificate_name": "最低生活保障证",
        "certificate_number": "DB2026-0018",
        "validity": "",
        "mailed": "1",
        "fee": "0.00",
    }
    # nothing personal of the applicant goes out
    text = json.dumps(record, ensure_ascii=False)
    for secret in ("欧阳小明", "13912345678", "燕子村七组", dibao.applicant_id_number):
        assert secret not in text


def test_case_types_and_an_open_case_without_completion(world):
    """即办件 is type 1; a joint case (联办件) promises a due date: type 2; an open case has no completion."""
    instant = actions.register(
        actor=world.clerk,
        item_code="ZH001",
        applicant=person(),
        received_materials=ALL_MANDATORY,
        now=at(2026, 11, 3, 9),
    ).case
    joint = actions.register(
        actor=world.clerk,
        item_code="GT001",
        applicant=person(),
        received_materials=ALL_MANDATORY,
        now=at(2026, 11, 3, 10),
    ).case
    rows = {r["case_number"]: r for r in records(world.town, parse_period("2026-11"), chunk=1)}
    assert rows[instant.number]["case_type"] == "1" and rows[joint.number]["case_type"] == "2"
    assert rows[instant.number]["completion"] is None and rows[instant.number]["special_procedures"] == []


def test_records_stream_in_chunks_with_two_queries_each(world, dibao, django_assert_num_queries):
    for hour in (10, 11, 14):
        actions.register(
            actor=world.clerk,
            item_code="ZH001",
            applicant=person(),
            received_materials=ALL_MANDATORY,
            now=at(2026, 11, 4, hour),
        )
    period = parse_period("2026-11")
    assert period_cases(world.town, period).count() == 4
    # the org's scope, then 4 cases in chunks of 2: two chunks of (cases, events) and the empty read that
    # ends it
    with django_assert_num_queries(6):
        assert len(list(records(world.town, period, chunk=2))) == 4


def test_the_api_pages_the_records_for_staff_in_scope(client, world, dibao):
    client.force_login(world.director)
    url = "/api/v1/reports/gbt39046/?period=2026-11"
    body = client.get(url).json()
    assert body["count"] == 1 and body["results"][0]["case_number"] == dibao.number
    assert client.get(url + f"&org={world.town2.code}").status_code == 403
    client.force_login(world.clerk)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code in (401, 403)


def test_the_command_writes_one_json_array(world, dibao, tmp_path):
    out = tmp_path / "gbt.json"
    call_command(
        "export_gbt39046",
        "--org",
        world.town.code,
        "--period",
        "2026-11",
        "--out",
        str(out),
        stderr=open("/dev/null", "w"),
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [r["case_number"] for r in data] == [dibao.number]
    assert data[0] == list(records(world.town, parse_period("2026-11")))[0]
    assert list(with_ledger(period_cases(world.county, parse_period("2026-11")))) == [dibao]
