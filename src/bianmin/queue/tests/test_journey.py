"""Issue 13's journey through the real pages and API, on a moving clock: a citizen books, arrives, takes a
number, is called and served, and gets an SMS when the result is ready; the hall screen shows it live; the
consultation log and the queue feed the statistics.

象湖镇 (the ``hall`` fixture): business type A serves window 民政 (number 1), where clerk 李窗口 sits. The
citizen 张三 books 最低生活保障申请 for Monday 2 March 2026 at 9:00 on the Friday before."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from bianmin.appointments.models import Appointment, AppointmentState
from bianmin.cases import actions as cases
from bianmin.cases.models import Case, CaseState
from bianmin.catalog.models import ServiceItem
from bianmin.conftest import VALID_ID, at
from bianmin.notify.kinds import ChannelKind, MessageKind
from bianmin.notify.models import Message, MessageState
from bianmin.notify.tests.servers import sms_gateway
from bianmin.queue.models import Priority, Ticket, TicketCase, TicketState
from bianmin.queue.selectors import window_day_figures

CENTER = "360781100"  # 象湖镇便民服务中心
PHONE = "13800000000"
FRIDAY = at(2026, 2, 27, 9, 0)
MONDAY = dt.date(2026, 3, 2)


def _form_token(html: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found is not None, "the intake form carries its one-time token"
    return found.group(1)


def test_book_arrive_be_called_served_and_told_and_every_step_counted(
    hall: Any, time_machine: Any, settings: Any
) -> None:
    """000 篇8 预约登记服务制度 (the booked person is served at their time, before walk-ins), 000 篇1 (the
    applicant is told by phone when the result is ready), 行政许可法 Art. 32 (the acceptance told), and the
    statistics' 咨询 column from the consultation log (reports.figures)."""
    settings.NOTIFY_SMS_KEY, settings.NOTIFY_SMS_SECRET = "k1", "s3cret"
    settings.NOTIFY_SMS_SIGNATURE = "象湖镇便民服务中心"
    kiosk, citizen, counter = APIClient(), APIClient(), APIClient()
    counter.force_authenticate(hall.clerk)
    with sms_gateway(["ok"]) as (gateway, url):
        settings.NOTIFY_SMS_URL = url

        # 1. Friday 9:00: the citizen books online and gets a code; the booking SMS waits in the outbox.
        time_machine.move_to(FRIDAY, tick=False)
        booked = citizen.post(
            "/api/v1/public/appointments/",
            {
                "center": CENTER,
                "item": "MZ001",
                "date": "2026-03-02",
                "start": "09:00",
                "name": "张三",
                "phone": PHONE,
                "id_number": VALID_ID,
            },
            format="json",
        )
        assert booked.status_code == 201, booked.json()
        code = booked.json()["code"]
        assert (booked.json()["window"], booked.json()["start"]) == ("MZ", "09:00")
        booking = Appointment.objects.get(code=code)
        assert booking.state == AppointmentState.BOOKED
        sms = Message.objects.get(kind=MessageKind.APPOINTMENT_BOOKED)
        assert (sms.channel, sms.recipient, sms.state) == (ChannelKind.SMS, PHONE, MessageState.PENDING)
        assert code in sms.body and "2026-03-02" in sms.body and "09:00" in sms.body
        # the worker's first pass delivers it (and starts reading the case ledger from here on)
        call_command("notify_send")
        assert [(g["phone"], code in g["content"]) for g in gateway.received] == [(PHONE, True)]
        sms.refresh_from_db()
        assert sms.state == MessageState.SENT

        # 2. Monday: someone takes a normal number at 8:40; the citizen checks in with the code at 8:50.
        time_machine.move_to(at(2026, 3, 2, 8, 40), tick=False)
        walk_in = kiosk.post(
            "/api/v1/queue/tickets/", {"center": CENTER, "business_type": hall.a.pk}, format="json"
        )
        assert walk_in.status_code == 201, walk_in.json()
        assert (walk_in.json()["number"], walk_in.json()["priority"]) == ("A001", Priority.NORMAL)
        screen = kiosk.get(f"/api/v1/queue/display/{CENTER}/").json()
        before = screen["version"]
        assert [w["ticket"] for w in screen["windows"] if w["code"] == "MZ"] == [None]
        assert {k["prefix"]: k["waiting"] for k in screen["waiting"]}["A"] == 1

        time_machine.move_to(at(2026, 3, 2, 8, 50), tick=False)
        arrived = kiosk.post(
            "/api/v1/queue/check_in/", {"center": CENTER, "code": code.lower()}, format="json"
        )
        assert arrived.status_code == 201, arrived.json()
        mine = arrived.json()
        assert (mine["number"], mine["priority"], mine["first"], mine["appointment"], mine["ahead"]) == (
            "A002",
            Priority.APPOINTMENT,
            True,
            code,
            0,  # the walk-in taken earlier waits behind the booked person
        )
        booking.refresh_from_db()
        assert booking.state == AppointmentState.ARRIVED
        # the ticket page the kiosk prints shows the number
        assert "A002" in Client().get(f"/queue/ticket/{mine['token']}/").content.decode()

        # 3. 9:00: clerk Li calls next at window 民政: the booked person's A002 comes before A001.
        time_machine.move_to(at(2026, 3, 2, 9, 0), tick=False)
        called = counter.post("/api/v1/queue/call_next/", {"window": "MZ"}, format="json")
        assert called.status_code == 200, called.json()
        assert (called.json()["number"], called.json()["state"], called.json()["window"]) == (
            "A002",
            TicketState.CALLED,
            "MZ",
        )
        assert Ticket.objects.get(number="A001").state == TicketState.WAITING
        screen = kiosk.get(f"/api/v1/queue/display/{CENTER}/", {"version": before}).json()
        assert screen["changed"] is True and screen["version"] > before
        assert [w["ticket"] for w in screen["windows"] if w["code"] == "MZ"] == ["A002"]
        assert {k["prefix"]: k["waiting"] for k in screen["waiting"]}["A"] == 1  # A001 still waits
        assert (screen["calls"][0]["number"], screen["calls"][0]["window_number"]) == ("A002", 1)
        assert "A002" in screen["calls"][0]["announcement"]
        # asked again with the new version, the screen is told nothing changed
        assert kiosk.get(f"/api/v1/queue/display/{CENTER}/", {"version": screen["version"]}).json() == {
            "center": CENTER,
            "name": "象湖镇便民服务中心",
            "version": screen["version"],
            "changed": False,
        }

        # 4. 9:05: the clerk opens the intake from the ticket on the counter's queue page; the booked person
        # is filled in; registered and accepted on the spot, the case is recorded on the ticket.
        time_machine.move_to(at(2026, 3, 2, 9, 5), tick=False)
        pages = Client()
        pages.force_login(hall.clerk)
        panel = pages.get("/counter/queue/", {"window": "MZ"}).content.decode()
        ticket = Ticket.objects.get(number="A002")
        intake = f"/counter/intake/?item=MZ001&amp;ticket={ticket.pk}"
        assert intake in panel
        form = pages.get(intake.replace("&amp;", "&")).content.decode()
        assert 'value="张三"' in form and f'value="{PHONE}"' in form and f'value="{VALID_ID}"' in form
        item = ServiceItem.objects.get(code="MZ001")
        assert item.current is not None
        registered = pages.post(
            intake.replace("&amp;", "&"),
            {
                "item": "MZ001",
                "applicant_kind": "person",
                "name": "张三",
                "id_type": "resident_id",
                "id_number": VALID_ID,
                "phone": PHONE,
                "channel": "window",
                "decision": "accept",
                "token": _form_token(form),
                "received": [str(m.pk) for m in item.current.materials.all() if m.mandatory],
            },
        )
        assert registered.status_code == 302, registered.content.decode()[:500]
        case = Case.objects.get()
        assert (case.state, case.applicant_name, case.applicant_phone) == (CaseState.ACCEPTED, "张三", PHONE)
        assert registered["Location"].startswith(f"/counter/cases/{case.number}")
        assert TicketCase.objects.get(ticket=ticket).case_id == case.pk

        # 9:20: the clerk finishes the ticket: 10 minutes' wait (8:50 → 9:00), 20 minutes' service.
        time_machine.move_to(at(2026, 3, 2, 9, 20), tick=False)
        done = counter.post("/api/v1/queue/finish/", {"window": "MZ"}, format="json")
        assert done.status_code == 200, done.json()
        assert done.json()["state"] == TicketState.DONE
        ticket.refresh_from_db()
        assert (ticket.first_called_at, ticket.finished_at) == (at(2026, 3, 2, 9, 0), at(2026, 3, 2, 9, 20))

        # 10:00: a question answered at the window is logged.
        time_machine.move_to(at(2026, 3, 2, 10, 0), tick=False)
        asked = counter.post(
            "/api/v1/consultations/",
            {"topic": "低保申请需要哪些材料", "how": "one_time", "window": hall.mz.pk, "item": "MZ001"},
            format="json",
        )
        assert asked.status_code == 201, asked.json()

        # 5. 15:00: the handler concludes the case.
        time_machine.move_to(at(2026, 3, 2, 15, 0), tick=False)
        cases.assign(case, actor=hall.clerk, handler=hall.handler)
        concluded = cases.conclude(case, actor=hall.handler, result="granted").case
        assert concluded.state == CaseState.CONCLUDED

        # 6. 15:05: the worker runs; the gateway receives the acceptance and the result-ready SMS.
        time_machine.move_to(at(2026, 3, 2, 15, 5), tick=False)
        call_command("notify_send")
    by_kind = {m.kind: m for m in Message.objects.filter(case_number=case.number, channel=ChannelKind.SMS)}
    assert set(by_kind) == {MessageKind.ACCEPTANCE, MessageKind.RESULT_READY}
    assert all(m.state == MessageState.SENT and m.recipient == PHONE for m in by_kind.values())
    sent = {g["outId"]: g for g in gateway.received}
    ready = sent[str(by_kind[MessageKind.RESULT_READY].pk)]
    accepted = sent[str(by_kind[MessageKind.ACCEPTANCE].pk)]
    assert ready["phone"] == accepted["phone"] == PHONE and len(gateway.received) == 3
    assert case.number in ready["content"] and "最低生活保障申请" in ready["content"]
    assert "到象湖镇领取办理结果" in ready["content"]  # the center by its short name
    assert case.number in accepted["content"] and gateway.bad_signatures == 0

    # 7. The statistics of March at 象湖镇 count the case and the consultation; the queue's figures of the
    # day count the ticket at window 民政 with its wait and service.
    statistician = APIClient()
    statistician.force_authenticate(hall.director)
    table = statistician.get(
        "/api/v1/reports/statistics/", {"org": CENTER, "period": "2026-03", "by": "window"}
    )
    assert table.status_code == 200, table.json()
    total = table.json()["total"]["values"]
    assert (total["received"], total["accepted"], total["concluded"], total["on_time"]) == (1, 1, 1, 1)
    assert total["channel_window"] == 1 and total["consultations"] == 1
    row = next(r for r in table.json()["rows"] if "民政" in r["label"])
    assert (row["values"]["received"], row["values"]["consultations"]) == (1, 1)

    [figures] = window_day_figures(hall.town, MONDAY, MONDAY)
    assert (figures.window, figures.day, figures.served, figures.skipped) == (hall.mz, MONDAY, 1, 0)
    assert (figures.average_wait, figures.average_service) == (10 * 60, 20 * 60)
    pages.force_login(hall.director)
    page = pages.get("/counter/queue/figures/", {"start": "2026-03-02", "end": "2026-03-02"})
    assert page.status_code == 200
    assert [(r.window.code, r.served, r.average_wait) for r in page.context["rows"]] == [("MZ", 1, 600.0)]
