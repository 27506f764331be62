"""A month of demo history: cases in every state, some late, some rated, written through the real actions.

Dates are relative to the day the demo is built, so the board always has something due today, something in
warning and something overdue. Built once: if the demo towns already have cases, nothing is added.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from stdnum.cn import ric

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.catalog.models import ServiceItem
from bianmin.demo.network import network_scenarios
from bianmin.demo.scans import demo_pdf, demo_png
from bianmin.feedback.actions import rate
from bianmin.orgs.models import Org

NETWORK_USERS = ["xianghu10", "county01", "rentian11", "rentian12", "clerk2", "rentian04"]

# Fictitious people: the first 17 digits of their ID numbers; the GB 11643 check digit is computed.
APPLICANTS = [
    ("刘秀英", "36078119580312002"),
    ("杨建华", "36078119620715441"),
    ("钟桂兰", "36078119701102004"),
    ("谢永福", "36078119850523661"),
    ("黄小梅", "36078119920318002"),
    ("曾德明", "36078119690909483"),
    ("罗春花", "36078119750214006"),
    ("陈国平", "36078119881226773"),
]


def _valid(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")  # it skips the last character, the check digit itself


def _at(day: dt.date, minutes: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 30)) + dt.timedelta(minutes=minutes))


def _all_mandatory(item: ServiceItem) -> list[str]:
    assert item.current is not None
    return [m.name for m in item.current.materials.all() if m.mandatory]


def build_history(today: dt.date | None = None, seed: int = 7) -> int:
    """Cases over the last month at both demo towns; returns how many were created (0 on a second run)."""
    today = today or timezone.localdate()
    towns = list(Org.objects.filter(code__in=("360781100", "360781101")).order_by("code"))
    if len(towns) < 2 or Case.objects.filter(org__in=towns).exists():
        return 0
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["clerk", "handler", "leader", "clerk2", "agent", *NETWORK_USERS]
        )
    }
    rng = random.Random(seed)
    items = {
        i.code: i
        for i in ServiceItem.objects.select_related("current").prefetch_related("current__materials")
    }
    clerk, handler, leader = users["clerk"], users["handler"], users["leader"]

    def new(
        code: str, days_ago: int, minute: int, actor: Any = clerk, complete: bool = True
    ) -> tuple[Case, dt.date]:
        name, number = rng.choice(APPLICANTS)
        day = today - dt.timedelta(days=days_ago)
        item = items[code]
        received = _all_mandatory(item) if complete else _all_mandatory(item)[:1]
        case = actions.register(
            actor=actor,
            item_code=code,
            received_materials=received,
            now=_at(day, minute),
            applicant={
                "kind": "person",
                "name": name,
                "id_number": _valid(number),
                "phone": f"1390797{rng.randint(1000, 9999)}",
            },
        ).case
        # 批示 (000 篇2): the duty leader at the window reviews the day's cases; one day a week is left
        # without, and today's wait for this evening, so the board has something to show.
        if actor is clerk and days_ago > 0 and days_ago % 7 != 3:
            note = "已阅" if minute % 3 else "请按时限办结，注意一次性告知"
            actions.review(case, actor=leader, note=note, now=_at(day, minute + 2))
        return case, day

    def full_life(code: str, days_ago: int, minute: int, level: int | None) -> None:
        case, day = new(code, days_ago, minute)
        actions.accept(case, actor=clerk, now=_at(day, minute + 5))
        actions.assign(case, actor=clerk, handler=handler, now=_at(day, minute + 10))
        done = day + dt.timedelta(days=2)
        actions.conclude(case, actor=handler, result="granted", now=_at(done, 60))
        actions.deliver(case, actor=clerk, method="window", collected_by="本人", now=_at(done, 120))
        actions.archive(case, actor=clerk, now=_at(done, 130))
        if level:
            # 一次一评: the visit to collect the result, rated on the window's evaluator.
            case = Case.objects.get(pk=case.pk)
            rate(
                case,
                level=level,
                channel="tablet",
                occasion="delivery",
                window=case.window,
                staff=clerk,
                comment="" if level < 4 else "等候时间较长",
                now=_at(done, 125),
            )

    scenarios: list[Callable[[], None]] = []
    for i, code in enumerate(["MZ004", "NY004", "LB003", "NZ002", "MZ006", "LY005", "JS003"]):
        scenarios.append(partial(full_life, code, 28 - i * 2, 20 * i, [1, 2, 1, 3, 1, 4, 2][i]))

    def in_progress(code: str, days_ago: int, minute: int) -> None:
        case, day = new(code, days_ago, minute)
        actions.accept(case, actor=clerk, now=_at(day, minute + 5))
        actions.assign(case, actor=clerk, handler=handler, now=_at(day, minute + 15))
        # 低保: the household survey is on record; the village's review and the public notice are still to come.
        for step in case.item_snapshot.get("mandatory_steps", [])[:1]:
            actions.record_step(
                case,
                actor=handler,
                step=step,
                note="家庭成员及收入情况属实",
                now=_at(day + dt.timedelta(days=1), 30),
            )

    # Accepted long enough ago to be due soon, due today, or overdue by a few working days (warning/yellow/red).
    for days_ago, code in [
        (2, "MZ001"),
        (9, "MZ008"),
        (13, "NZ001"),
        (16, "MZ002"),
        (20, "LB007"),
        (25, "GT003"),
    ]:
        scenarios.append(partial(in_progress, code, days_ago, 40))

    def instant(code: str, days_ago: int) -> None:
        case, day = new(code, days_ago, 90)
        actions.accept(case, actor=clerk, now=_at(day, 92))
        actions.conclude(case, actor=clerk, result="granted", now=_at(day, 95))
        actions.deliver(case, actor=clerk, method="window", collected_by="本人", now=_at(day, 96))

    scenarios += [partial(instant, "ZH001", 1), partial(instant, "JS006", 3), partial(instant, "LB001", 0)]

    def supplementing() -> None:
        case, day = new("MZ003", 1, 150, complete=False)
        actions.notify_missing(case, actor=clerk, now=_at(day, 155))

    def rejected() -> None:
        case, day = new("NZ004", 6, 170)
        actions.reject(
            case,
            actor=clerk,
            reason="申请流转的土地不在本镇行政区域内，不属于本中心受理范围",
            now=_at(day, 175),
        )

    def joint() -> None:
        case, day = new("GT001", 5, 200)
        actions.accept(case, actor=clerk, now=_at(day, 205))
        actions.assign(case, actor=clerk, handler=handler, now=_at(day, 210))
        actions.complete_task(
            case, actor=leader, window_code="NZ", result="符合一户一宅规定", now=_at(day, 400)
        )

    def suspended() -> None:
        case, day = new("LY001", 8, 230)
        actions.accept(case, actor=clerk, now=_at(day, 232))
        actions.assign(case, actor=clerk, handler=handler, now=_at(day, 240))
        actions.suspend(
            case,
            actor=handler,
            type="site_survey",
            reason="需到山场现场核实采伐地块和蓄积量",
            now=_at(day + dt.timedelta(days=1), 60),
        )

    def extended() -> None:
        case, day = new("MZ002", 12, 260)
        actions.accept(case, actor=clerk, now=_at(day, 262))
        actions.assign(case, actor=clerk, handler=handler, now=_at(day, 270))
        # 行政许可法 Art. 42: the handler asks before the due date, the duty leader approves
        actions.request_extension(
            case,
            actor=handler,
            days=5,
            reason="需入户核查家庭经济状况",
            now=_at(day + dt.timedelta(days=7), 30),
        )
        actions.approve_extension(case, actor=leader, note="同意", now=_at(day + dt.timedelta(days=7), 90))

    def withdrawn() -> None:
        case, day = new("SF001", 4, 280)
        actions.withdraw(case, actor=clerk, reason="双方已自行和解，申请人撤回申请", now=_at(day, 300))

    def waiting() -> None:
        new("MZ004", 0, 20)
        new("NY001", 0, 35)

    def by_agent() -> None:
        actions.register(
            actor=users["agent"],
            item_code="LB002",
            received_materials=_all_mandatory(items["LB002"]),
            applicant={"kind": "person", "name": "钟桂兰", "id_number": _valid(APPLICANTS[2][1])},
            now=_at(today, 45),
        )

    def online(code: str, minute: int, scans: int, applicant: tuple[str, str], address: str) -> None:
        """A citizen's online application with the first ``scans`` mandatory materials uploaded: the ID
        card as a phone photo (PNG), the others as scanned PDFs. It waits in 网上预审."""
        item = items[code]
        assert item.current is not None
        mandatory = [m for m in item.current.materials.all() if m.mandatory][:scans]
        uploads = [
            (
                m.pk,
                SimpleUploadedFile(f"{m.name}.png", demo_png(), content_type="image/png")
                if i == 0
                else SimpleUploadedFile(
                    f"{m.name}.pdf", demo_pdf(f"{item.code} scan {i + 1}"), "application/pdf"
                ),
            )
            for i, m in enumerate(mandatory)
        ]
        actions.register(
            actor=None,
            org=towns[0],
            channel="online",
            item_code=code,
            uploads=uploads,
            now=_at(today, minute),
            applicant={
                "kind": "person",
                "name": applicant[0],
                "id_number": _valid(applicant[1]),
                "phone": f"1390797{rng.randint(1000, 9999)}",
                "address": address,
            },
        )

    def online_applications() -> None:
        # 网上预审: one complete (the clerk can accept it), one without its 致困原因证明 (to send back).
        online("MZ004", 10, 3, APPLICANTS[5], "象湖镇罗汉岩村")
        online("MZ003", 50, 2, APPLICANTS[6], "象湖镇红都大道12号")

    def other_town() -> None:
        case, day = new("MZ004", 3, 60, actor=users["clerk2"])
        actions.accept(case, actor=users["clerk2"], now=_at(day, 65))

    scenarios += [
        supplementing,
        rejected,
        joint,
        suspended,
        extended,
        withdrawn,
        waiting,
        by_agent,
        other_town,
        online_applications,
    ]

    def villager() -> dict[str, Any]:
        name, number = rng.choice(APPLICANTS)
        return {
            "kind": "person",
            "name": name,
            "id_number": _valid(number),
            "phone": f"1390797{rng.randint(1000, 9999)}",
        }

    scenarios += network_scenarios(today, users, villager, lambda code: _all_mandatory(items[code]))
    before = Case.objects.count()
    for scenario in scenarios:
        scenario()
    return Case.objects.count() - before
