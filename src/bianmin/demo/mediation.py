"""The demo's mediations (矛盾纠纷调解): a month of disputes at each town, in every state — registered at the
window, by a village agent at the station, on a market day; agreements signed by every party and in effect
(one visited and kept, one visit overdue, one visit still to come), one waiting for a party's signature, a
referral to the court, one that ended without agreement, one extended, one past its 30 days and one
near them (the supervision board warns of both) and a fresh one. All through the actions, each on its own clock.

Built once: when 象湖镇 already has mediations, nothing is added. Runs after ``build_outreach`` (a dispute
registered on one of its market days).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from bianmin.demo.history import _valid
from bianmin.mediation import actions
from bianmin.mediation.models import Mediation, MediationChannel
from bianmin.orgs.models import Org
from bianmin.outreach.models import MarketDay, MarketDayState

# town: (window mediator, second mediator, duty leader, station agent)
TOWNS = {
    "360781100": ("xianghu08", "xianghu09", "leader", "agent"),
    "360781101": ("rentian09", "rentian01", "rentian10", "rentian11"),
}
SURNAMES = "钟刘杨谢黄赖温邱罗朱陈曾"
GIVEN = ["福生", "秀英", "长根", "桂兰", "水生", "冬梅", "春华", "金莲", "德明", "玉珍", "建国", "小芳"]

# (days ago, kind, title, facts, what happens) — what happens: a list of steps, each (days ago, step)
STORIES: list[tuple[int, str, str, str, str]] = [
    (30, "neighbour", "屋檐滴水纠纷", "两户相邻，一方新建房屋屋檐滴水落入另一方院内，双方多次争吵。", "kept"),
    (
        26,
        "land",
        "承包地界址纠纷",
        "两户承包地相邻，一方种植果树越过田埂约半米，另一方要求退回。",
        "visit_overdue",
    ),
    (
        22,
        "labour",
        "务工工资拖欠",
        "本村村民在镇上装修队务工三个月，工头以工程款未结为由拖欠工资。",
        "market_referred",
    ),
    (
        35,
        "damages",
        "耕牛损毁庄稼",
        "一户耕牛挣脱缰绳进入邻户稻田，踩毁稻谷约两分地，双方对赔偿数额有争议。",
        "overdue",
    ),
    (
        12,
        "family",
        "老人赡养纠纷",
        "兄弟三人对母亲的赡养费分担和轮流照料有争议，母亲到中心求助。",
        "visit_due",
    ),
    (
        16,
        "debt",
        "借款归还纠纷",
        "一方称三年前借给另一方两万元未还，另一方称已归还一万元，无书面凭据。",
        "no_agreement",
    ),
    (
        25,
        "traffic",
        "摩托车剐蹭纠纷",
        "村道上两辆摩托车剐蹭，一人轻伤，对医药费和修车费分担有争议。",
        "extended",
    ),
    (
        8,
        "neighbour",
        "排水沟堵塞纠纷",
        "一户修房时堵塞了公共排水沟，雨天积水淹入邻户厨房。",
        "waiting_signature",
    ),
    (
        18,
        "family",
        "宅基地继承纠纷",
        "父亲去世后兄妹对老宅宅基地的继承份额有争议，已有一方扬言起诉。",
        "court",
    ),
    (
        28,
        "land",
        "山林砍伐纠纷",
        "一户在自家责任山砍伐杉木时越界砍了邻户十余棵杉树，双方对赔偿有争议。",
        "near",
    ),
    (2, "other", "鱼塘承包费纠纷", "村民小组与鱼塘承包人对今年承包费是否减免有争议。", "registered"),
]


def _at(now: dt.datetime, days_ago: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate(now) - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _parties(n: int, town: int) -> list[dict[str, Any]]:
    """Two parties with valid made-up ID numbers of 瑞金 (360781), different for every story."""
    out = []
    for i in range(2):
        k = (n * 2 + i + town * 7) % len(GIVEN)
        birth = f"{1955 + (n * 3 + i * 11 + town) % 40}{(n + i) % 12 + 1:02d}{(n * 5 + i) % 27 + 1:02d}"
        out.append(
            {
                "name": SURNAMES[(n + i * 5 + town) % len(SURNAMES)] + GIVEN[k],
                "role": "applicant" if i == 0 else "respondent",
                "id_number": _valid(f"360781{birth}{(n * 10 + i + town * 100) % 1000:03d}"),
                "phone": f"139079{town}{n:02d}{i}{(n + i) % 10}0",
                "address": f"瑞金市{'象湖镇' if town == 0 else '壬田镇'}{'燕子' if i == 0 else '田心'}村{n % 5 + 1}组",
            }
        )
    return out


def build_mediation(now: dt.datetime | None = None) -> int:
    """Returns how many mediations were registered (0 on a second run)."""
    now = now or timezone.now()
    first = Org.objects.filter(code="360781100").first()
    if first is None or Mediation.objects.filter(org=first).exists():
        return 0
    names = [name for row in TOWNS.values() for name in row]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    created = 0
    for t, (code, (main, second, leader, agent)) in enumerate(TOWNS.items()):
        town = Org.objects.filter(code=code).first()
        if town is None or not all(n in users for n in (main, second, leader, agent)):
            continue
        people = (users[main], users[second], users[leader], users[agent])
        for n, story in enumerate(STORIES):
            _story(town, people, n, t, story, now)
            created += 1
    return created


def _market_day(town: Org, now: dt.datetime, days_ago: int) -> MarketDay | None:
    """The town's market day nearest before ``days_ago`` (held, not cancelled)."""
    day = timezone.localdate(now) - dt.timedelta(days=days_ago)
    return (
        MarketDay.objects.filter(org=town, date__lte=day, state=MarketDayState.ENDED)
        .order_by("-date")
        .first()
    )


def _story(
    town: Org, people: tuple[Any, ...], n: int, t: int, story: tuple[Any, ...], now: dt.datetime
) -> None:
    main, second, leader, agent = people
    ago, kind, title, facts, plot = story
    registrar, market = main, None
    channel: str | None = MediationChannel.WINDOW
    if plot == "visit_overdue":
        registrar, channel = agent, None  # at the village station
    elif plot == "market_referred":
        market = _market_day(town, now, ago)
        if market is not None:
            ago = (timezone.localdate(now) - market.date).days
            channel = MediationChannel.MARKET_DAY
    mediators = [main.staff, second.staff] if n % 3 == 0 else [main.staff]
    if registrar is agent:
        mediators = [agent.staff, main.staff]
    m = actions.register(
        actor=registrar,
        kind=kind,
        title=title,
        facts=facts,
        parties=_parties(n, t),
        mediators=mediators,
        channel=channel,
        market_day=market,
        now=_at(now, ago, 9 + n % 6),
    )
    if plot == "registered":
        return
    actor = agent if registrar is agent else main
    parties = list(m.parties.all())
    session_day = ago - 1
    actions.record_session(
        m,
        actor=actor,
        held_on=timezone.localdate(_at(now, session_day)),
        place=f"{town.short_name or town.name}{'便民服务站' if registrar is agent else '人民调解室'}",
        attendees=parties,
        minutes="调解员听取双方陈述，核实现场情况，讲解相关法律规定，双方表示愿意协商。",
        now=_at(now, session_day, 15),
    )
    if plot in ("overdue", "near"):
        return
    if plot == "extended":
        actions.extend(m, actor=leader, days=10, reason="等待交警部门出具事故认定书", now=_at(now, 20, 11))
        return
    if plot in ("market_referred", "court"):
        body = (
            ("arbitration", "瑞金市劳动人事争议仲裁委员会")
            if plot == "market_referred"
            else ("court", "瑞金市人民法院")
        )
        actions.close(
            m,
            actor=actor,
            outcome="referred",
            referred_to=body[0],
            referred_body=body[1],
            note="经调解双方分歧较大，已告知当事人可依法申请仲裁或提起诉讼，并移送相关材料。",
            now=_at(now, session_day - 2, 16),
        )
        return
    if plot == "no_agreement":
        actions.close(
            m,
            actor=actor,
            outcome="no_agreement",
            note="被申请人不认可借款数额，拒绝继续调解；已告知双方可向人民法院起诉。",
            now=_at(now, session_day - 3, 16),
        )
        return
    drafted = _at(now, session_day - 1, 10)
    actions.draft_agreement(
        m,
        actor=actor,
        content=f"经调解，双方就“{title}”自愿达成如下协议：被申请人承担相应责任，双方今后互谅互让、和睦相处。",
        obligations=f"{parties[1].name}于履行期限内完成整改或支付补偿；{parties[0].name}不再就此事主张其他权利。",
        performance_method="当面交付、现场整改",
        performance_deadline=timezone.localdate(drafted) + dt.timedelta(days=10),
        now=drafted,
    )
    if plot == "waiting_signature":
        actions.sign(m, actor=actor, parties=parties[:1], now=_at(now, session_day - 1, 11))
        return
    actions.sign(m, actor=actor, parties=parties, now=_at(now, session_day - 1, 11))
    actions.conclude(m, actor=actor, now=_at(now, session_day - 1, 11))
    if plot == "kept":
        actions.follow_up(
            m,
            actor=actor,
            performance="kept",
            note="回访时屋檐已加装接水槽，双方关系缓和，协议已履行。",
            now=_at(now, session_day - 16, 15),
        )
