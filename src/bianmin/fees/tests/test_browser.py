"""The collection window in headless Chromium: clerk Li finds the case that owes ¥80, takes a WeChat QR payment
with the payer's transaction reference, and prints the 非税收入 receipt; the receipt's PDF is rendered to PNG.
Screenshots fees-window.png, fees-payable.png, fees-receipt.png and fees-receipt-pdf.png in var/screenshots/."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from bianmin.conftest import keep_screenshot, shoot
from bianmin.counter.tests.test_browser_clerk import expect, log_in
from bianmin.fees.models import Entry
from bianmin.fees.tests.conftest import accepted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_fee_is_collected_at_the_window_and_its_receipt_printed(
    browser_page: Any, fees: Any, tmp_path: Path
) -> None:
    page = browser_page
    case = accepted(fees, when=timezone.now() - dt.timedelta(hours=2))
    log_in(page, "li")
    page.goto("/counter/fees/")
    expect(page.locator("table.fees-owing")).to_contain_text(case.number)
    shoot(page, tmp_path, "fees-window.png")
    page.locator(f"table.fees-owing a:text('{case.number}')").click()
    expect(page.locator("[data-outstanding]")).to_contain_text("¥80.00")
    page.locator("input[name=method][value=wechat]").check()
    page.locator("#pay-reference").fill("4200001234202603020001")
    shoot(page, tmp_path, "fees-payable.png")
    page.locator("button[data-step=pay]").click()
    expect(page.locator("[data-capitals]")).to_have_text("捌拾元整")
    expect(page.locator("[data-figures]")).to_have_text("¥80.00")
    entry = Entry.objects.get()
    expect(page.locator("[data-receipt-number]")).to_have_text(entry.receipt_number)
    shoot(page, tmp_path, "fees-receipt.png")

    # the same receipt as a PDF, one page, rendered to PNG
    pdf = page.request.get(f"/counter/fees/receipts/{entry.pk}/pdf/")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    info = subprocess.run(["pdfinfo", "-"], input=pdf.body(), capture_output=True, check=True).stdout
    assert b"Pages:           1" in info
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.body(), capture_output=True, check=True).stdout
    assert "捌拾元整" in text.decode() and entry.receipt_number in text.decode()
    (tmp_path / "receipt.pdf").write_bytes(pdf.body())
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-singlefile",
            str(tmp_path / "receipt.pdf"),
            str(tmp_path / "fees-receipt-pdf"),
        ],
        check=True,
    )
    keep_screenshot(tmp_path / "fees-receipt-pdf.png")
