"""The hall in headless Chromium (issue 13 item 2): a visitor takes a number at the kiosk, clerk Li calls it
at 民政, and the hall screen (1920×1080) shows it within 2 s without reloading. Screenshots queue-kiosk.png,
queue-ticket.png, queue-counter.png and queue-screen.png, under the test's directory, var/screenshots/. The
58 mm receipt PDF is one page with the number on it."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from bianmin.conftest import shoot
from bianmin.counter.tests.test_browser_clerk import expect, log_in
from bianmin.queue.models import Ticket, TicketState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_number_taken_at_the_kiosk_is_called_and_shown_on_the_hall_screen(
    browser_page: Any, hall: Any, tmp_path: Path
) -> None:
    kiosk = browser_page
    code = hall.town.code
    # the hall screen is on the wall before anything happens
    screen = kiosk.context.new_page()
    screen.set_viewport_size({"width": 1920, "height": 1080})
    screen.goto(f"/queue/screen/{code}/")
    expect(screen.locator("[data-latest]")).to_have_text("请留意叫号")

    # a visitor takes an A number at the kiosk
    kiosk.goto(f"/queue/kiosk/{code}/")
    expect(kiosk.locator("button[data-type=A]")).to_contain_text("民政业务")
    shoot(kiosk, tmp_path, "queue-kiosk.png")
    kiosk.locator("button[data-type=A]").click()
    expect(kiosk.locator(".r-number")).to_have_text("A001")
    expect(kiosk.locator(".r-ahead")).to_contain_text("0")
    shoot(kiosk, tmp_path, "queue-ticket.png")

    # clerk Li calls next at 民政
    log_in(kiosk, "li")
    kiosk.goto("/counter/queue/?window=MZ")
    kiosk.locator("button[data-step=call_next]").click()
    expect(kiosk.locator("[data-current]")).to_have_text("A001")
    shoot(kiosk, tmp_path, "queue-counter.png")

    # the screen shows it without a reload (the page's own marker survives). Within 2 s by design: the screen
    # asks the feed every second (checked here on the script it runs) and an unchanged feed answers in two
    # queries; the wait below is longer only so that a loaded test machine does not fail on time, which
    # ``make bench`` measures, not the tests.
    poll = screen.evaluate(
        "fetch(document.querySelector('script[src*=\"queue/screen\"]').src).then(r => r.text())"
    )
    assert "POLL_MS = 1000;" in poll
    screen.evaluate("window.__notReloaded = true")
    expect(screen.locator("[data-latest]")).to_have_text("请 A001 号到 1 号窗口办理", timeout=15000)
    expect(screen.locator("[data-windows] tr").first).to_contain_text("A001")
    assert screen.evaluate("window.__notReloaded === true")
    shoot(screen, tmp_path, "queue-screen.png")
    assert Ticket.objects.get().state == TicketState.CALLED


def test_the_receipt_pdf_is_one_58_mm_page_with_the_number(hall: Any, client: Any) -> None:
    from bianmin.queue.tests.conftest import take

    ticket = take(hall)
    response = client.get(f"/queue/ticket/{ticket.token}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True, check=True).stdout
    assert b"Pages:           1" in info
    width_pt = float(info.split(b"Page size:")[1].split(b"x")[0])
    assert abs(width_pt / 72 * 25.4 - 58) < 1  # a 58 mm receipt roll
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True)
    assert "A001" in text.stdout.decode()
    assert "民政业务" in text.stdout.decode()
