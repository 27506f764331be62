"""The collection window's pages at /counter/fees/: the window, a payable and its forms, the receipt (print
page and PDF in the 非税收入 layout), the day's reconciliation, the ledger, and the case panel tag."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory

from bianmin.fees.models import Entry, Payable
from bianmin.fees.tests.conftest import accepted, concluded, minutes


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(minutes(120), tick=False):
        yield


def test_collect_at_the_window_and_print_the_receipt(fees: Any, client: Any, clock: Any) -> None:
    case = accepted(fees, "MZ030")
    client.force_login(fees.clerk)
    # the case owes at conclusion: not yet in the list; the window raises it by hand
    page = client.get("/counter/fees/", {"case": case.number})
    assert page.status_code == 200 and "开具应缴款" in page.content.decode()
    made = client.post("/counter/fees/raise/", {"case": case.number, "amount": ""})
    p = Payable.objects.get(case=case)
    assert made.status_code == 302 and made["Location"].endswith(f"/counter/fees/payables/{p.pk}/")
    page = client.get(f"/counter/fees/payables/{p.pk}/")
    assert "¥1234.50" in page.content.decode() and 'data-step="pay"' in page.content.decode()
    paid = client.post(f"/counter/fees/payables/{p.pk}/pay/", {"method": "cash", "amount": "1234.50"})
    e = Entry.objects.get()
    assert paid["Location"].endswith(f"/counter/fees/receipts/{e.pk}/")
    receipt = client.get(f"/counter/fees/receipts/{e.pk}/").content.decode()
    for printed in (
        "非税收入票据",
        "壹仟贰佰叁拾肆元伍角整",
        "¥1,234.50",
        e.receipt_number,
        "证照工本费标准",
        "李窗口",
        "张三",
    ):
        assert printed in receipt
    pdf = client.get(f"/counter/fees/receipts/{e.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_refused_step_says_why_on_the_page(fees: Any, client: Any, clock: Any) -> None:
    case = accepted(fees)
    client.force_login(fees.clerk)
    client.get("/counter/fees/")
    p = Payable.objects.get(case=case)
    answer = client.post(f"/counter/fees/payables/{p.pk}/pay/", {"method": "wechat"}, follow=True)
    assert "扫码缴款须填写缴款人的交易流水号" in answer.content.decode()
    assert client.post(f"/counter/fees/payables/{p.pk}/nope/").status_code == 404
    client.force_login(fees.clerk2)
    assert client.get(f"/counter/fees/payables/{p.pk}/").status_code == 404


def test_the_day_page_closes_the_day(fees: Any, client: Any, clock: Any) -> None:
    accepted(fees)
    client.force_login(fees.director)
    page = client.get("/counter/fees/day/").content.decode()
    assert "¥80.00" in page and 'data-step="close"' in page
    date = minutes(0).date().isoformat()
    refused = client.post("/counter/fees/day/close/", {"date": date, "deposited": "5"}, follow=True)
    assert "请填写解缴凭证号" in refused.content.decode()
    client.post("/counter/fees/day/close/", {"date": date, "deposited": "0"})
    page = client.get("/counter/fees/day/", {"date": date}).content.decode()
    assert "data-closed" in page and 'data-step="close"' not in page


def test_the_ledger_page_filters(fees: Any, client: Any, clock: Any) -> None:
    accepted(fees)
    client.force_login(fees.clerk)
    client.get("/counter/fees/")
    p = Payable.objects.get()
    client.post(f"/counter/fees/payables/{p.pk}/pay/", {"method": "card", "amount": "10"})
    page = client.get("/counter/fees/entries/", {"method": "card"}).content.decode()
    assert p.case_number in page
    page = client.get("/counter/fees/entries/", {"method": "cash"}).content.decode()
    assert p.case_number not in page


def _panel(case: Any, user: Any) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load fees %}{% fees_case_panel case %}").render(
        Context({"case": case, "request": request})
    )


def test_the_case_panel_says_what_is_owed_and_links_to_pay(fees: Any, clock: Any) -> None:
    case = concluded(fees)
    html = _panel(case, fees.clerk)
    assert "应缴 ¥80.00" in html and "?case=" in html and "data-pay" in html
    assert _panel(case, fees.agent).strip() == ""  # no right to read fees
    assert _panel(accepted(fees, "MZ001"), fees.clerk).strip() == ""  # a free item shows nothing


def test_the_counter_case_page_shows_the_fee_and_holds_delivery_until_paid(
    fees: Any, client: Any, clock: Any
) -> None:
    # given a concluded 不动产登记 case whose ¥80 fee is unpaid (000 篇8 ⑥ 统一收费: 交规定费办完)
    case = concluded(fees)
    client.force_login(fees.clerk)
    page = client.get(f"/counter/cases/{case.number}/").content.decode()
    # then its page shows what is owed with the way to the collection window, and says why delivery waits
    assert 'id="h-fees-panel"' in page and "应缴 ¥80.00" in page and "data-pay" in page
    assert "尚有应缴费用 ¥80.00 未缴清（或未经批准减免），不能送达" in page
