"""The demo's consultation log (咨询登记): the last working day at each town — questions at the windows, by
phone, and at the town's last market day — most answered on the spot, some followed up (one handed to a
colleague, one closed with the answer), one turned into a case; the question on 低保 asked often enough to
count among the frequent ones, which 象湖镇's director answered in the item's FAQ and published on its guide
page. All through the actions, each on its own clock.

Built once: when 象湖镇 already has consultations, nothing is added.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from bianmin.cases import actions as case_actions
from bianmin.consultations import actions
from bianmin.consultations.models import Answer, Consultation, ConsultationChannel
from bianmin.demo.history import _valid
from bianmin.orgs.models import Org
from bianmin.outreach.models import MarketDay, MarketDayState
from bianmin.workdays.services import get_calendar

TOWNS = {"360781100": ("clerk", "handler", "director"), "360781101": ("clerk2", "rentian01", "")}
FREQUENT = "低保申请需要准备哪些材料"
FAQ_ANSWER = (
    "申请人须提供户口簿、居民身份证、家庭成员收入和财产情况说明，以及村（居）委会出具的家庭情况证明；"
    "因病、因残的另附病历或残疾证。材料齐全的当场受理，一次性告知所缺材料。"
)
# (hour, minute, channel, item, topic, how, minutes)
DAY = [
    (8, 40, "window", "MZ001", FREQUENT, Answer.ONE_TIME, 6),
    (9, 5, "phone", "MZ001", FREQUENT, Answer.ON_THE_SPOT, 4),
    (9, 30, "window", "NY001", "城乡居民医保今年的缴费标准是多少", Answer.ON_THE_SPOT, 3),
    (10, 10, "window", "MZ001", FREQUENT, Answer.ONE_TIME, 5),
    (10, 45, "phone", "MZ004", "高龄津贴从多少岁开始领取", Answer.ON_THE_SPOT, 2),
    (11, 20, "window", "LB001", "失业登记后能领哪些补贴", Answer.REFERRED, 4),
    (14, 40, "phone", "MZ001", "低保申请提交后多久出结果", Answer.FOLLOW_UP, 5),
    (15, 10, "window", "MZ002", "特困供养人员住院能否报销", Answer.FOLLOW_UP, 8),
    (15, 50, "window", "MZ001", FREQUENT, Answer.ONE_TIME, 5),
    (16, 30, "phone", "NY001", "在外地住院的医保怎么报销", Answer.FOLLOW_UP, 6),
]
MARKET = [
    ("MZ001", FREQUENT, Answer.ONE_TIME, 5),
    ("NY001", "医保卡丢了怎么补办", Answer.ON_THE_SPOT, 3),
    ("MZ004", "高龄津贴要本人到场认证吗", Answer.ON_THE_SPOT, 2),
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _last_working_day(today: dt.date, region: str) -> dt.date:
    calendar = get_calendar(region)
    day = today - dt.timedelta(days=1)
    while not calendar.is_workday(day):
        day -= dt.timedelta(days=1)
    return day


def build_consultations(now: dt.datetime | None = None) -> int:
    """Returns how many consultations were logged (0 on a second run)."""
    now = now or timezone.now()
    first = Org.objects.filter(code="360781100").first()
    if first is None or Consultation.objects.filter(org=first).exists():
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(username__in=_usernames())}
    created = 0
    for code, (clerk_name, colleague_name, director_name) in TOWNS.items():
        town = Org.objects.filter(code=code).first()
        clerk, colleague = users.get(clerk_name), users.get(colleague_name)
        if town is None or clerk is None or colleague is None:
            continue
        created += _town_day(
            town, clerk, colleague, _last_working_day(timezone.localdate(now), town.region_code)
        )
        if director_name in users:
            _faq(users[director_name], timezone.localdate(now))
    return created


def _usernames() -> list[str]:
    return [name for names in TOWNS.values() for name in names if name]


def _town_day(town: Org, clerk: Any, colleague: Any, day: dt.date) -> int:
    logged: list[Consultation] = []
    for n, (hour, minute, channel, item, topic, how, minutes) in enumerate(DAY):
        logged.append(
            actions.log(
                actor=clerk,
                topic=topic,
                how=how,
                channel=channel,
                item=item,
                minutes=minutes,
                citizen_name="钟秀英" if n == 6 else "",
                citizen_phone="13907971906" if n == 6 else "",
                now=_at(day, hour, minute),
            )  # fmt: skip
        )
    market = (
        MarketDay.objects.filter(org=town, date__lte=day, state=MarketDayState.ENDED)
        .order_by("-date")
        .first()
    )
    if market is not None:
        for n, (item, topic, how, minutes) in enumerate(MARKET):
            logged.append(
                actions.log(
                    actor=clerk,
                    topic=topic,
                    how=how,
                    channel=ConsultationChannel.MARKET_DAY,
                    item=item,
                    market_day=market,
                    minutes=minutes,
                    now=_at(market.date, 9, 20 + 15 * n),
                )  # fmt: skip
            )
    # 首问负责: the question on 特困供养 handed to the colleague who knows it, who answers it the next morning
    special = logged[7]
    actions.hand_over(
        special, actor=clerk, to=colleague.staff, note="群众问特困供养人员住院报销比例，请民政办核实后回电",
        now=_at(day, 15, 30),
    )  # fmt: skip
    actions.close(
        special,
        actor=colleague,
        answer="已电话告知：特困供养人员住院经医保报销后，个人自付部分由医疗救助全额兜底。",
        now=_at(day, 17, 0),
    )
    # the caller asking how long 低保 takes came back with her papers: registered as a case
    asked = logged[6]
    version = asked.item.current if asked.item is not None else None
    if version is None:
        return len(logged)
    case = case_actions.register(
        actor=clerk,
        item_code="MZ001",
        applicant={
            "kind": "person",
            "name": "钟秀英",
            "phone": "13907971906",
            "id_number": _valid(f"36078119620418{town.code[-1]}21"),
        },
        received_materials=[m.name for m in version.materials.all() if m.mandatory],
        now=_at(day, 16, 10),
    ).case
    actions.record_case(asked, actor=clerk, case=case, now=_at(day, 16, 11))
    return len(logged)


def _faq(director: Any, today: dt.date) -> None:
    """The frequent question on 低保, answered and published on the item's guide page."""
    faq = actions.save_faq(
        actor=director, item="MZ001", question=FREQUENT, answer=FAQ_ANSWER, asked=5, now=_at(today, 8)
    )
    actions.publish_faq(faq, actor=director, now=_at(today, 8, 5))
