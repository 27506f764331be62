"""The demo's market days and home visits: a month of 赶场服务 at each town with teams, logs and cases
registered at the stall, the next market day planned, and home visits in every state — all through the
actions, each on its own day's clock.

Built once: when the demo towns already have market-day events, nothing is added.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from stdnum.cn import ric

from bianmin.cases import actions as case_actions
from bianmin.catalog.models import ServiceItem
from bianmin.demo.history import APPLICANTS
from bianmin.orgs.models import Org, Staff
from bianmin.outreach import actions
from bianmin.outreach.models import MarketDay

# Per town: the place of its market, who registers cases at the stall, who leads, and the items people
# bring to a market-day stall (instant ones are done on the spot, 即收即办).
TOWNS = {
    "360781100": {"place": "象湖圩", "clerk": "clerk", "leader": "leader", "prefix": "xianghu"},
    "360781101": {"place": "壬田圩", "clerk": "clerk2", "leader": "rentian10", "prefix": "rentian"},
}
INSTANT_ON_SITE = ["NY001", "LB004", "SF005"]
PROMISED_ON_SITE = ["MZ004", "NZ002"]
LOG_NOTES = [
    "宣传城乡居民医保参保政策，现场答疑",
    "集中受理养老保险待遇资格认证，调解邻里宅基地边界纠纷一起",
    "发放惠农政策宣传资料，回访上月低保申请户",
    "司法所现场提供法律咨询，解答土地流转问题",
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _villager(rng: random.Random) -> dict[str, Any]:
    name, body = rng.choice(APPLICANTS)
    return {
        "kind": "person",
        "name": name,
        "id_number": body + ric.calc_check_digit(body + "0"),
        "phone": f"1390797{rng.randint(1000, 9999)}",
    }


def _mandatory(item_code: str) -> list[str]:
    item = ServiceItem.objects.select_related("current").get(code=item_code)
    assert item.current is not None
    return [m.name for m in item.current.materials.all() if m.mandatory]


def _market_days_before(org: Org, today: dt.date, days: int = 31) -> list[dt.date]:
    return [
        today - dt.timedelta(days=back)
        for back in range(days, 0, -1)
        if (today - dt.timedelta(days=back)).day in (org.market_days or [])
    ]


def _next_market_day(org: Org, today: dt.date) -> dt.date | None:
    return next(
        (
            today + dt.timedelta(days=ahead)
            for ahead in range(0, 40)
            if (today + dt.timedelta(days=ahead)).day in (org.market_days or [])
        ),
        None,
    )


def build_outreach(today: dt.date | None = None, seed: int = 11) -> int:
    """Market days over the last month at both demo towns, the next one planned, and home visits; returns
    how many market-day events were created (0 on a second run)."""
    today = today or timezone.localdate()
    towns = list(Org.objects.filter(code__in=TOWNS).order_by("code"))
    if len(towns) < 2 or MarketDay.objects.filter(org__in=towns).exists():
        return 0
    rng = random.Random(seed)
    users = {
        u.username: u for u in get_user_model().objects.filter(staff__org__in=towns).select_related("staff")
    }
    created = 0
    for town in towns:
        spec = TOWNS[town.code]
        clerk, leader = users[spec["clerk"]], users[spec["leader"]]
        team = list(
            Staff.objects.filter(org=town, user__username__startswith=spec["prefix"]).order_by("name")
        )
        planner = users["director"] if town.code == "360781100" else users["rentian10"]
        for i, day in enumerate(_market_days_before(town, today)):
            # Every third day a smaller team went: the list shows it as a staffing gap (001 逢场日应全部在岗).
            members = [clerk.staff, *team[: 4 if i % 3 == 2 else 8]]
            event = actions.schedule_market_day(
                actor=planner,
                org=town,
                date=day,
                place=spec["place"],
                leader=leader.staff,
                team=members,
                now=_at(day - dt.timedelta(days=7), 9),
            )
            created += 1
            _serve(event, day, clerk, rng, i)
        upcoming = _next_market_day(town, today)
        if upcoming is not None and town.code == "360781100":
            actions.schedule_market_day(
                actor=planner,
                org=town,
                date=upcoming,
                place=spec["place"],
                leader=leader.staff,
                team=[clerk.staff, *team[:5]],
                notes="带好医保、社保宣传资料和便民服务台账",
                now=_at(today, 8),
            )
            created += 1
    _home_visits(towns[0], users, today, rng)
    return created


def _serve(event: MarketDay, day: dt.date, clerk: Any, rng: random.Random, i: int) -> None:
    """The day at the stall: cases registered on site (the instant ones done on the spot), the log, the end."""
    registered = 0
    for n, code in enumerate([*rng.sample(INSTANT_ON_SITE, 2), rng.choice(PROMISED_ON_SITE)]):
        moment = _at(day, 8, 30) + dt.timedelta(minutes=n * 25)
        case = actions.register_on_market_day(
            event,
            actor=clerk,
            item_code=code,
            applicant=_villager(rng),
            received_materials=_mandatory(code),
            now=moment,
        ).case
        registered += 1
        case_actions.accept(case, actor=clerk, now=moment + dt.timedelta(minutes=3))
        if code in INSTANT_ON_SITE:
            case_actions.conclude(case, actor=clerk, result="granted", now=moment + dt.timedelta(minutes=6))
            case_actions.deliver(
                case, actor=clerk, method="window", collected_by="本人", now=moment + dt.timedelta(minutes=7)
            )
    actions.record_log(
        event,
        actor=clerk,
        people_served=registered + rng.randint(25, 60),
        consultations=rng.randint(8, 20),
        disputes_mediated=rng.randint(0, 2),
        follow_up_visits=rng.randint(0, 4),
        note=LOG_NOTES[i % len(LOG_NOTES)],
        now=_at(day, 11, 50),
    )
    actions.end_market_day(event, actor=clerk, now=_at(day, 12, rng.randint(10, 50)))


def _home_visits(town: Org, users: dict[str, Any], today: dt.date, rng: random.Random) -> None:
    """象湖镇's visits: one visited with a case, one on its way today, one waiting for someone, one cancelled."""
    clerk, leader = users["clerk"], users["leader"]

    def request(days_ago: int, wished_in: int, **values: Any) -> Any:
        asked = _at(today - dt.timedelta(days=days_ago), 9, 20)
        return actions.request_home_visit(
            actor=clerk, org=town, wished_at=asked + dt.timedelta(days=wished_in), now=asked, **values
        )

    done = request(
        9,
        2,
        requester_name="钟桂兰",
        requester_phone="13907971201",
        reason="elderly",
        reason_note="87岁，独居，行动不便",
        matter="80周岁以上老年人高龄津贴申领",
        address="象湖镇下坪村4组7号",
    )
    visit_day = today - dt.timedelta(days=7)
    actions.assign_home_visit(
        done, actor=leader, staff=clerk.staff, now=_at(today - dt.timedelta(days=8), 10)
    )
    applicant = {**_villager(rng), "name": "钟桂兰", "phone": "13907971201", "address": "象湖镇下坪村4组7号"}
    case = actions.register_on_home_visit(
        done,
        actor=clerk,
        item_code="MZ004",
        applicant=applicant,
        received_materials=_mandatory("MZ004"),
        now=_at(visit_day, 10, 5),
    ).case
    case_actions.accept(case, actor=clerk, now=_at(visit_day, 10, 10))
    actions.record_home_visit(
        done,
        actor=clerk,
        note="上门核对身份证、户口簿，代填申请表，材料齐全当场受理",
        visited_at=_at(visit_day, 10, 30),
        now=_at(visit_day, 15),
    )
    on_the_way = request(
        2,
        2,
        requester_name="杨建华",
        requester_phone="13907971202",
        reason="disabled",
        reason_note="肢体二级残疾，需轮椅",
        matter="困难残疾人生活补贴申请",
        address="象湖镇赖公村2组15号",
    )
    actions.assign_home_visit(on_the_way, actor=leader, staff=users["xianghu04"].staff, now=_at(today, 8, 30))
    request(
        0,
        1,
        requester_name="刘秀英",
        requester_phone="13907971203",
        reason="ill",
        reason_note="术后卧床",
        matter="医疗费用零星报销",
        address="象湖镇下坪村1组3号",
    )
    cancelled = request(
        5,
        1,
        requester_name="谢永福",
        requester_phone="13907971204",
        reason="other",
        reason_note="农忙无法到大厅",
        matter="耕地地力保护补贴申报",
        address="象湖镇赖公村5组2号",
    )
    actions.cancel_home_visit(
        cancelled, actor=clerk, reason="已由家属在赶场日现场办理", now=_at(today - dt.timedelta(days=3), 16)
    )
