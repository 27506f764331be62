"""Booking in headless Chromium (000 篇8 提前预约服务): a citizen books a slot on the hall's page, keeps the code
and cancels with it; a clerk writes down a booking taken on the phone (预约电话登记). Screenshots
appointments-slots.png, appointments-booked.png, appointments-cancelled.png and appointments-counter.png, under
the test's own directory and copied to var/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bianmin.appointments.models import Appointment, AppointmentState, BookingChannel
from bianmin.appointments.tests.conftest import IDS, NOW
from bianmin.conftest import shoot
from bianmin.counter.tests.test_browser_clerk import expect, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_books_a_slot_sees_the_code_and_cancels_it(
    browser_page: Any, appt: Any, time_machine: Any, tmp_path: Path
) -> None:
    page = browser_page
    # on Friday 27 February, for Monday 2 March
    time_machine.move_to(NOW)
    page.goto(f"/appointments/?org={appt.town.code}")
    page.get_by_role("link", name=appt.dibao.current.name).click()
    page.get_by_role("link", name="3月2日").click()
    expect(page.get_by_role("heading", name="3. 选择时段")).to_be_visible()
    page.locator("label", has_text="09:00–09:30").click()
    page.get_by_label("姓名").fill("王小明")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("身份证号码").fill(IDS[1])
    shoot(page, tmp_path, "appointments-slots.png")
    page.get_by_role("button", name="确认预约").click()
    # the confirmation shows the code, the time and the person masked
    expect(page.get_by_role("heading", name="预约成功")).to_be_visible()
    booked = Appointment.objects.get()
    expect(page.locator(".appt-code")).to_have_text(booked.code)
    status = page.get_by_role("status")
    expect(status).to_contain_text("2026年3月2日")
    expect(status).to_contain_text("09:00–09:30")
    expect(status).not_to_contain_text(IDS[1])
    expect(status).not_to_contain_text("13912345678")
    shoot(page, tmp_path, "appointments-booked.png")
    # then, with the code and the phone number, the same person cancels it
    page.get_by_role("link", name="取消或改约").last.click()
    page.get_by_label("预约码").fill(booked.code)
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_role("button", name="查找预约").click()
    page.get_by_role("button", name="取消预约").click()
    expect(page.get_by_role("status")).to_have_text("预约已取消。")
    shoot(page, tmp_path, "appointments-cancelled.png")
    booked.refresh_from_db()
    assert booked.state == AppointmentState.CANCELLED and booked.channel == BookingChannel.ONLINE


def test_a_clerk_books_by_phone_at_the_counter(
    browser_page: Any, appt: Any, time_machine: Any, tmp_path: Path
) -> None:
    page = browser_page
    time_machine.move_to(NOW)
    log_in(page, "li")
    page.goto(f"/counter/appointments/new/?center={appt.town.code}&item={appt.dibao.code}")
    page.get_by_role("link", name="3月2日").click()
    page.locator("label", has_text="10:00–10:30").click()
    page.get_by_label("姓名").fill("刘大妈")
    page.get_by_label("手机号码").fill("13700001111")
    page.get_by_label("身份证号码").fill(IDS[2])
    page.get_by_role("button", name="登记预约").click()
    booked = Appointment.objects.get()
    # the day's list of Monday shows the message with the code and the booking, phone and ID number masked
    expect(page.get_by_text(f"已预约，预约码 {booked.code}")).to_be_visible()
    row = page.get_by_role("row", name=booked.code)
    expect(row).to_contain_text("刘大妈")
    expect(row).to_contain_text("137****1111")
    expect(row).not_to_contain_text(IDS[2])
    shoot(page, tmp_path, "appointments-counter.png")
    assert (booked.channel, booked.booked_by) == (BookingChannel.PHONE, appt.clerk)
