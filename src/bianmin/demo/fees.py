"""The demo's collection window (统一收费): a month of 林木采伐许可 fees (¥25, owed at acceptance) at each town,
paid in cash, by bank card and by QR code at the center's one collection window; one fee waived by the
director for a 低保 household, one refunded after the application was withdrawn, one payment voided and
taken again; every past working day closed with its deposit to the township's non-tax account and the bank
slip, today left open. The history's cases are harvested first (their payables raised from the ledger).

Built once: when 象湖镇 already has fee entries, nothing is added.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from bianmin.cases import actions as case_actions
from bianmin.catalog.models import ServiceItem
from bianmin.demo.history import APPLICANTS, _valid
from bianmin.fees import actions, selectors
from bianmin.fees.models import Entry, Payable
from bianmin.orgs.models import Org
from bianmin.workdays.services import get_calendar

ITEM = "LY001"
# town: (collector, second collector, closer)
TOWNS = {"360781100": ("clerk", "handler", "director"), "360781101": ("clerk2", "rentian01", "rentian10")}
METHODS = ["cash", "cash", "card", "wechat", "alipay", "cash", "unionpay"]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)) + dt.timedelta(minutes=minute))


def _working_days(today: dt.date, region: str, n: int) -> list[dt.date]:
    calendar = get_calendar(region)
    days: list[dt.date] = []
    day = today
    while len(days) < n:
        if calendar.is_workday(day):
            days.append(day)
        day -= dt.timedelta(days=1)
    return sorted(days)


def build_fees(now: dt.datetime | None = None, seed: int = 14) -> int:
    """Returns how many ledger entries were written (0 on a second run)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = Org.objects.filter(code="360781100").first()
    item = ServiceItem.objects.select_related("current").filter(code=ITEM).first()
    if first is None or item is None or item.current is None or Entry.objects.filter(org=first).exists():
        return 0
    materials = [m.name for m in item.current.materials.all() if m.mandatory]
    names = {name for row in TOWNS.values() for name in row} | {"leader"}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=sorted(names))}
    rng = random.Random(seed)
    # Nothing else writes while the demo is built: every event counts as settled, even the history's events
    # of later today (the history places today's cases in office hours, whatever the hour it runs at).
    settled = now + dt.timedelta(days=1)
    actions.harvest_all(now=settled)  # the history's cases first
    written = 0
    for code, (clerk_name, other_name, closer_name) in TOWNS.items():
        town = Org.objects.filter(code=code).first()
        clerk, other, closer = users.get(clerk_name), users.get(other_name), users.get(closer_name)
        if town is None or clerk is None or other is None or closer is None:
            continue
        days = _working_days(today, town.region, 22)
        cases = []
        for index, day in enumerate(days):
            for n in range(1 + (index % 3 == 0)):
                if _at(day, 9, 25 + 40 * n) > now - dt.timedelta(minutes=5):
                    break  # not yet today: the demo is built before the window opens
                name, number = rng.choice(APPLICANTS)
                case = case_actions.register(
                    actor=clerk,
                    item_code=ITEM,
                    applicant={"kind": "person", "name": name, "id_number": _valid(number), "phone": ""},
                    received_materials=materials,
                    now=_at(day, 9, 10 + 40 * n),
                ).case
                case_actions.accept(case, actor=clerk, now=_at(day, 9, 20 + 40 * n))
                cases.append((day, case))
        actions.harvest_all(now=settled)
        payables = {p.case_id: p for p in Payable.objects.filter(case_id__in=[c.pk for _d, c in cases])}
        for index, (day, case) in enumerate(cases):
            payable = payables.get(case.pk)
            collector = clerk if index % 4 else other
            at = _at(day, 10, index % 50)
            if payable is None or at > now:
                continue
            if index == 3 and "director" in users and code == "360781100":
                actions.waive(
                    actor=users["director"], payable=payable, category="低保家庭", reason="持低保证", now=at
                )
                written += 1
                continue
            if day == today and index % 2:
                continue  # still to be paid at the window today
            method = METHODS[index % len(METHODS)]
            reference = f"{method.upper()}{day:%Y%m%d}{index:04d}" if method not in ("cash", "card") else ""
            paid = actions.pay(actor=collector, payable=payable, method=method, reference=reference, now=at)
            written += 1
            if index == 5:
                # the wrong method was chosen: voided the same day and taken again
                actions.void(
                    actor=collector,
                    payable=payable,
                    payment=paid,
                    reason="缴款方式选错",
                    now=at + dt.timedelta(minutes=3),
                )
                actions.pay(actor=collector, payable=payable, method="card", now=at + dt.timedelta(minutes=5))
                written += 2
            if index == 8:
                actions.refund(
                    actor=clerk,
                    payable=payable,
                    payment=paid,
                    amount="25",
                    reason="申请人撤回申请，全额退费",
                    now=at + dt.timedelta(hours=3),
                )
                written += 1
        for position, day in enumerate(days):
            if day >= today:
                continue
            collected = selectors.reconciliation(town.pk, day).collected
            actions.close_day(
                actor=closer,
                org=town,
                day=day,
                deposited=collected,
                slip_number=f"FS{code[-3:]}{day:%Y%m%d}{position:02d}" if collected else "",
                now=_at(day, 17, 30),
            )
    return written
