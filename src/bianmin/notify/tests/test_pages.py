"""The counter's notify pages: outbox, a message with its log and retry, the wording editor, opt-outs, the
staff member's own notifications and the letters to print."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bianmin.notify import actions, delivery
from bianmin.notify.kinds import ChannelKind, MessageKind
from bianmin.notify.models import Message, MessageState, MessageTemplate, OptOut
from bianmin.notify.tests.conftest import NOW
from bianmin.notify.tests.test_api import Refusing


def _sms(world: Any, i: int, org: Any = None) -> Message:
    [message] = actions.enqueue(
        MessageKind.RESULT_READY,
        org=org or world.town,
        recipient_phone=f"1380000{i:04d}",
        params={"number": f"N{i}", "item": "低保"},
        source=f"page:{i}",
        case_number=f"N{i}",
        now=NOW,
    )
    return message


def test_outbox_lists_masked_and_filters(world: Any, client: Any) -> None:
    """The outbox shows the center's messages, the phone masked, filtered by state."""
    _sms(world, 1)
    _sms(world, 2, org=world.town2)
    client.force_login(world.clerk)
    page = client.get("/counter/notify/").content.decode()
    assert "138****0001" in page and "13800000001" not in page and "138****0002" not in page
    assert "N1" not in client.get("/counter/notify/", {"state": "failed"}).content.decode()
    assert (
        "部分筛选条件无效" in client.get("/counter/notify/", {"state": "bogus"}, follow=True).content.decode()
    )


def test_a_failed_message_shows_its_log_and_is_retried_from_its_page(world: Any, client: Any) -> None:
    """The delivery log is on the message's page; the retry button queues it again."""
    message = _sms(world, 1)
    delivery.send_due(now=NOW + dt.timedelta(minutes=1), channels={ChannelKind.SMS: Refusing()})
    client.force_login(world.clerk)
    page = client.get(f"/counter/notify/messages/{message.pk}/").content.decode()
    assert "MOBILE_NUMBER_ILLEGAL" in page and "重发" in page
    client.post(f"/counter/notify/messages/{message.pk}/retry/")
    message.refresh_from_db()
    assert message.state == MessageState.PENDING
    again = client.post(f"/counter/notify/messages/{message.pk}/retry/", follow=True).content.decode()
    assert "只有发送失败的通知可以重发" in again
    client.force_login(world.clerk2)
    assert client.get(f"/counter/notify/messages/{message.pk}/").status_code == 404


def test_template_editor_counts_and_saves(world: Any, client: Any, settings: Any) -> None:
    """The director's editor shows the server's count (the JS keeps it live) and saves the wording; a
    clerk has no editor."""
    settings.NOTIFY_SMS_SIGNATURE = "象湖镇"
    client.force_login(world.director)
    page = client.get("/counter/notify/templates/acceptance/").content.decode()
    assert "data-sms-counter" in page and 'id="sms-sample"' in page and "notify/sms_counter.js" in page
    assert "<script>" not in page  # CSP: no inline script (json_script is data, type application/json)
    response = client.post(
        "/counter/notify/templates/acceptance/", {"body": "已受理{number}", "gateway_template": "SMS_9"}
    )
    assert response.status_code == 302
    assert MessageTemplate.objects.get(org=world.town, kind="acceptance").gateway_template == "SMS_9"
    listing = client.get("/counter/notify/templates/").content.decode()
    assert "已受理{number}" in listing and "本中心" in listing
    assert client.post("/counter/notify/templates/acceptance/", {"body": "  "}).status_code == 400
    client.force_login(world.clerk)
    assert client.get("/counter/notify/templates/").status_code == 403


def test_opt_out_recorded_at_the_window(world: Any, client: Any) -> None:
    """退订 recorded by the clerk; the list shows the number masked."""
    client.force_login(world.clerk)
    client.post("/counter/notify/opt-outs/", {"phone": "13800005555", "note": "来电要求"})
    assert OptOut.objects.filter(phone="13800005555").exists()
    page = client.get("/counter/notify/opt-outs/").content.decode()
    assert "138****5555" in page and "13800005555" not in page
    assert client.post("/counter/notify/opt-outs/", {"phone": "x"}).status_code == 400


def test_inbox_marks_read(world: Any, client: Any) -> None:
    """The staff member's own notifications: marked read one by one or all at once."""
    for i in range(2):
        actions.enqueue(
            MessageKind.URGED,
            org=world.town,
            staff=world.handler.staff,
            params={"note": f"督办{i}"},
            source=f"u:{i}",
            now=NOW,
        )
    client.force_login(world.handler)
    assert "督办0" in client.get("/counter/notify/inbox/").content.decode()
    first = Message.objects.filter(staff=world.handler.staff).first()
    assert first is not None
    client.post(f"/counter/notify/inbox/{first.pk}/read/")
    assert Message.objects.filter(read_at__isnull=True).count() == 1
    client.post("/counter/notify/inbox/read-all/")
    assert not Message.objects.filter(read_at__isnull=True).exists()
    client.force_login(world.clerk)
    assert client.post(f"/counter/notify/inbox/{first.pk}/read/").status_code == 404


def test_letters_printed_leave_the_list(world: Any, client: Any) -> None:
    """书面通知 (000 篇1 "以电话或上门回覆"): the day's letters on one printable page, one per sheet; marked
    printed, they leave it. Another center's letter is not marked."""
    [letter] = actions.enqueue(
        MessageKind.RESULT_READY,
        org=world.town,
        recipient_name="李四",
        address="燕子村3组",
        params={"item": "低保", "number": "N9"},
        source="l:1",
        now=NOW,
    )
    [other] = actions.enqueue(
        MessageKind.RESULT_READY, org=world.town2, recipient_name="王五", source="l:2", now=NOW
    )
    client.force_login(world.clerk)
    page = client.get("/counter/notify/letters/").content.decode()
    assert "李四" in page and "燕子村3组" in page and "王五" not in page
    pdf = client.get("/counter/notify/letters.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.post("/counter/notify/letters/printed/", {"letter": [str(letter.pk), str(other.pk), "x"]})
    letter.refresh_from_db()
    other.refresh_from_db()
    assert letter.printed_at is not None and other.printed_at is None
    assert "李四" not in client.get("/counter/notify/letters/").content.decode()


def test_the_nav_bell_counts_unread_in_one_query(world: Any, client: Any) -> None:
    """Every counter page shows the staff member's unread notifications in the nav; the count is one query
    whatever the number of notifications."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.handler)
    client.get("/counter/notify/")  # warm the session and the caches (the outbox: in-app rows are not on it)
    with CaptureQueriesContext(connection) as before:
        page = client.get("/counter/notify/").content.decode()
    assert "nav-bell" in page and 'title="未读"' not in page
    for i in range(3):
        actions.enqueue(
            MessageKind.URGED, org=world.town, staff=world.handler.staff, params={}, source=f"b:{i}", now=NOW
        )
    with CaptureQueriesContext(connection) as after:
        page = client.get("/counter/notify/").content.decode()
    assert '<span class="count" title="未读">3</span>' in page
    assert len(after.captured_queries) == len(before.captured_queries)
    counts = [q["sql"] for q in after.captured_queries if "COUNT(*)" in q["sql"] and "read_at" in q["sql"]]
    assert len(counts) == 1


# The outbox page (signed in, warmed): session, user, permissions (2), staff, groups (scoping), the
# paginator's count, one page with the center joined, and the nav's own (the staff's center, the town's
# stations, the 网上预审 count, the unread notifications: 4) = 12, whatever the number of rows.
OUTBOX_PAGE = 12


def test_outbox_page_queries_do_not_grow_with_rows(
    world: Any, client: Any, django_assert_num_queries: Any
) -> None:
    client.force_login(world.clerk)
    for i in range(2):
        _sms(world, i)
    client.get("/counter/notify/")  # warm the process's caches (calendar, compiled templates)
    for more in (range(2), range(10, 20)):
        for i in more:
            _sms(world, 100 + i)
        with django_assert_num_queries(OUTBOX_PAGE):
            assert client.get("/counter/notify/").status_code == 200
