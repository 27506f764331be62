"""The notify API: the outbox (scoped, filtered, masked), a message's delivery log and retry, the wording
per kind with its SMS count, the bell, the opt-out list; list query counts pinned."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bianmin.notify import actions, delivery
from bianmin.notify.channels import LetterChannel
from bianmin.notify.kinds import ChannelKind, MessageKind, sms_count
from bianmin.notify.models import Message, MessageState
from bianmin.notify.tests.conftest import NOW

# The outbox list (the user authenticated, their permissions and scope read once per process, as the
# warm-up request does): the paginator's count, one page with the center joined = 2, whatever the rows.
MESSAGES_API = 2
# The bell (no permission to check, the staff row on the user): the paginator's count, one page = 2.
INBOX_API = 2


class Refusing:
    """An SMS channel that refuses every number for good."""

    def send(self, message: Message) -> str:
        from bianmin.notify.channels import DeliveryError

        raise DeliveryError("gateway refused: isv.MOBILE_NUMBER_ILLEGAL", permanent=True)


def _sms(world: Any, i: int, org: Any = None, kind: str = MessageKind.RESULT_READY) -> Message:
    [message] = actions.enqueue(
        kind,
        org=org or world.town,
        recipient_phone=f"1380000{i:04d}",
        recipient_name="张三丰",
        params={"number": f"N{i}", "item": "低保"},
        source=f"test:{i}",
        case_number=f"N{i}",
        now=NOW + dt.timedelta(minutes=i),
    )
    return message


def test_outbox_is_scoped_filtered_and_masked(world: Any, api: Any) -> None:
    """A clerk sees their center's messages only, recipients masked (PIPL Art. 28, the lib's policy)."""
    mine = _sms(world, 1)
    _sms(world, 2, kind=MessageKind.ACCEPTANCE)
    _sms(world, 3, org=world.town2)
    actions.enqueue(
        MessageKind.OTHER,
        org=world.town,
        recipient_email="zhang@example.com",
        params={"note": "x"},
        source="test:mail",
        now=NOW,
    )
    api.force_authenticate(world.clerk)
    answer = api.get("/api/v1/notify/messages/").json()
    assert answer["count"] == 3
    rows = {row["id"]: row for row in answer["results"]}
    assert rows[mine.pk]["recipient"] == "138****0001" and rows[mine.pk]["recipient_name"] == "张**"
    assert {r["recipient"] for r in rows.values()} >= {"z****@example.com"}
    kinds = api.get("/api/v1/notify/messages/", {"kind": "acceptance"}).json()
    assert [r["case_number"] for r in kinds["results"]] == ["N2"]
    by_case = api.get("/api/v1/notify/messages/", {"case": "N1", "channel": "sms"}).json()
    assert [r["id"] for r in by_case["results"]] == [mine.pk]
    dated = api.get("/api/v1/notify/messages/", {"created_after": "2026-09-29"}).json()
    assert dated["count"] == 0
    assert api.get("/api/v1/notify/messages/", {"stat": "sent"}).status_code == 400
    assert api.get("/api/v1/notify/messages/", {"state": "bogus"}).status_code == 400
    other = Message.objects.get(org=world.town2)
    assert api.get(f"/api/v1/notify/messages/{other.pk}/").json()["code"] == "message_not_found"


def test_a_failed_message_shows_its_log_and_is_retried(world: Any, api: Any) -> None:
    """The detail carries the delivery log; a failed message is queued again, others are refused."""
    failed = _sms(world, 1)
    waiting = _sms(world, 2)
    delivery.send_due(now=NOW + dt.timedelta(minutes=1), channels={ChannelKind.SMS: Refusing()}, batch=1)
    failed.refresh_from_db()
    assert failed.state == MessageState.FAILED
    api.force_authenticate(world.clerk)
    detail = api.get(f"/api/v1/notify/messages/{failed.pk}/").json()
    assert [(a["number"], a["ok"]) for a in detail["attempt_log"]] == [(1, False)]
    assert "MOBILE_NUMBER_ILLEGAL" in detail["attempt_log"][0]["error"]
    refused = api.post(f"/api/v1/notify/messages/{waiting.pk}/retry/")
    assert (refused.status_code, refused.json()["code"]) == (409, "not_failed")
    retried = api.post(f"/api/v1/notify/messages/{failed.pk}/retry/")
    assert retried.status_code == 200 and retried.json()["state"] == "pending"
    api.force_authenticate(world.handler)  # a handler sees the outbox but may not resend
    assert api.post(f"/api/v1/notify/messages/{failed.pk}/retry/").status_code == 403
    api.force_authenticate(world.clerk2)
    assert api.post(f"/api/v1/notify/messages/{failed.pk}/retry/").status_code == 404


def test_retry_refuses_an_opted_out_number(world: Any, api: Any) -> None:
    """退订: a number that opted out after its SMS failed is not sent to again."""
    failed = _sms(world, 1)
    delivery.send_due(now=NOW + dt.timedelta(minutes=1), channels={ChannelKind.SMS: Refusing()})
    actions.record_opt_out(failed.recipient, actor=world.clerk, now=NOW)
    api.force_authenticate(world.clerk)
    answer = api.post(f"/api/v1/notify/messages/{failed.pk}/retry/")
    assert (answer.status_code, answer.json()["code"]) == (409, "opted_out")


def test_template_wording_with_its_segment_count(world: Any, api: Any, settings: Any) -> None:
    """The director words a kind for the center; the answer counts characters and SMS segments (70 in one
    SMS, 67 per part beyond) of the text as sent, signature included. A clerk may read, not change."""
    settings.NOTIFY_SMS_SIGNATURE = "象湖镇便民服务中心"
    api.force_authenticate(world.director)
    default = api.get("/api/v1/notify/templates/result_ready/").json()
    assert default["own"] is False and default["segments"] >= 1
    assert (default["characters"], default["segments"]) == sms_count(
        default["body"], settings.NOTIFY_SMS_SIGNATURE
    )
    long_body = "您的办件{number}已办结。" + "请" * 60
    saved = api.put(
        "/api/v1/notify/templates/result_ready/",
        {"body": long_body, "gateway_template": "SMS_1001"},
        format="json",
    ).json()
    assert saved["own"] is True and saved["gateway_template"] == "SMS_1001"
    # 【象湖镇便民服务中心】 (11) + 您的办件 (4) + the sample number (21) + 已办结。(4) + 60 = 100: 2 SMS
    assert (saved["characters"], saved["segments"]) == (100, 2)
    assert len(api.get("/api/v1/notify/templates/").json()) == len(MessageKind.values)
    assert api.get("/api/v1/notify/templates/nosuch/").status_code == 404
    api.force_authenticate(world.clerk)
    assert api.get("/api/v1/notify/templates/result_ready/").status_code == 403  # no view right
    api.force_authenticate(world.county_admin)
    county = api.put("/api/v1/notify/templates/acceptance/", {"body": "受理：{number}"}, format="json")
    assert county.status_code == 200
    api.force_authenticate(world.director)  # the county's wording is the town's until it words its own
    inherited = api.get("/api/v1/notify/templates/acceptance/").json()
    assert (inherited["body"], inherited["own"]) == ("受理：{number}", False)


def test_sms_count_rule() -> None:
    """The count rule: 70 characters are one SMS, 71 are two parts of 67, 135 are three."""
    assert sms_count("字" * 70) == (70, 1)
    assert sms_count("字" * 71) == (71, 2)
    assert sms_count("字" * 134) == (134, 2)
    assert sms_count("字" * 135) == (135, 3)
    assert sms_count("字" * 68, "签") == (71, 2)


def test_inbox_lists_own_notifications_and_marks_read(world: Any, api: Any) -> None:
    """The bell: a staff member's own in-app notifications; another's cannot be marked."""
    [mine] = actions.enqueue(
        MessageKind.URGED,
        org=world.town,
        staff=world.handler.staff,
        params={"note": "快"},
        source="u:1",
        now=NOW,
    )
    actions.enqueue(
        MessageKind.URGED,
        org=world.town,
        staff=world.clerk.staff,
        params={"note": "快"},
        source="u:2",
        now=NOW,
    )
    api.force_authenticate(world.handler)
    listed = api.get("/api/v1/notify/inbox/").json()
    assert [r["id"] for r in listed["results"]] == [mine.pk] and listed["results"][0]["read_at"] is None
    other = Message.objects.get(source="u:2")
    assert api.post(f"/api/v1/notify/inbox/{other.pk}/read/").status_code == 404
    assert api.post(f"/api/v1/notify/inbox/{mine.pk}/read/").json()["read_at"] is not None
    # the outbox does not list staff notifications
    api.force_authenticate(world.director)
    assert api.get("/api/v1/notify/messages/").json()["count"] == 0


def test_opt_out_created_and_listed_masked(world: Any, api: Any) -> None:
    """退订 recorded at the window: listed masked; a handler (no right to record) is refused."""
    api.force_authenticate(world.handler)
    assert api.post("/api/v1/notify/opt-outs/", {"phone": "13800001111"}, format="json").status_code == 403
    api.force_authenticate(world.clerk)
    created = api.post(
        "/api/v1/notify/opt-outs/", {"phone": "13800001111", "note": "电话要求"}, format="json"
    )
    assert created.status_code == 201 and created.json()["phone"] == "138****1111"
    bad = api.post("/api/v1/notify/opt-outs/", {"phone": "abc"}, format="json")
    assert bad.json()["code"] == "invalid_phone"
    assert [r["phone"] for r in api.get("/api/v1/notify/opt-outs/").json()["results"]] == ["138****1111"]


def test_list_query_counts_do_not_grow_with_rows(
    world: Any, api: Any, django_assert_num_queries: Any
) -> None:
    for i in range(2):
        _sms(world, i)
        actions.enqueue(
            MessageKind.URGED, org=world.town, staff=world.clerk.staff, params={}, source=f"u:{i}", now=NOW
        )
    api.force_authenticate(world.clerk)
    api.get("/api/v1/notify/messages/")  # warm: the user's permissions and scope
    for _round in range(2):
        with django_assert_num_queries(MESSAGES_API):
            assert api.get("/api/v1/notify/messages/").status_code == 200
        with django_assert_num_queries(INBOX_API):
            assert api.get("/api/v1/notify/inbox/").status_code == 200
        for i in range(10, 20):
            _sms(world, i)
            actions.enqueue(
                MessageKind.URGED,
                org=world.town,
                staff=world.clerk.staff,
                params={},
                source=f"u:{i}",
                now=NOW,
            )


@pytest.mark.parametrize("url", ["/api/v1/notify/messages/", "/api/v1/notify/opt-outs/"])
def test_an_agent_sees_no_outbox(world: Any, api: Any, url: str) -> None:
    """A village agent has no right to the outbox or the opt-out list."""
    api.force_authenticate(world.agent)
    assert api.get(url).status_code == 403


def test_letter_channel_needs_no_outside_call(world: Any) -> None:
    """A letter counts as handed over once on the print list (the window prints it)."""
    [letter] = actions.enqueue(
        MessageKind.RESULT_READY, org=world.town, recipient_name="李四", source="t:letter", now=NOW
    )
    delivery.send_all(now=NOW, channels={ChannelKind.LETTER: LetterChannel()})
    letter.refresh_from_db()
    assert letter.state == MessageState.SENT
