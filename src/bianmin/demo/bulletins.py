"""The demo's public notices (公告) and one case whose result went by post (邮寄送达).

象湖镇: a pinned holiday arrangement, the next market day's schedule (linked to the planned outing), an
agricultural notice and one that has expired; the county: a policy change shown on every town. A villager of
燕子村 chose delivery by post: registered, concluded, posted with its tracking number and signed for. All
through the actions, each on its own day's clock.

Built once: when 象湖镇 already has notices, nothing is added.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from bianmin.bulletins import actions
from bianmin.bulletins.models import Bulletin
from bianmin.cases import actions as case_actions
from bianmin.catalog.models import ServiceItem
from bianmin.demo.history import _valid
from bianmin.orgs.models import Org
from bianmin.outreach.models import MarketDay, MarketDayState

TOWN, COUNTY = "360781100", "360781"
MAILED_ITEM = "NY001"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _notice(org: Org, author: object, publisher: object, day: dt.date, **fields: object) -> Bulletin:
    bulletin = actions.draft_bulletin(actor=author, org=org, now=_at(day, 9), **fields)  # type: ignore[arg-type]
    return actions.publish_bulletin(bulletin, actor=publisher, now=_at(day, 10))


def build_bulletins(today: dt.date | None = None) -> int:
    """Five notices and one mailed case; returns how many notices were created (0 on a second run)."""
    today = today or timezone.localdate()
    town = Org.objects.filter(code=TOWN).first()
    county = Org.objects.filter(code=COUNTY).first()
    if town is None or county is None or Bulletin.objects.filter(org=town).exists():
        return 0
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["clerk", "leader", "county"])
    }
    clerk, leader, county_admin = users["clerk"], users["leader"], users["county"]
    week_ago = today - dt.timedelta(days=7)
    _notice(
        town,
        clerk,
        leader,
        week_ago,
        kind="holiday",
        title="节假日期间便民服务安排",
        body="节假日期间便民服务中心暂停对外办公，民政、社保窗口安排人员轮流值班，急事请拨打值班电话。"
        "节后第一个工作日起恢复正常办公，请群众合理安排办事时间。",
        valid_from=week_ago,
        valid_until=today + dt.timedelta(days=20),
        pinned=True,
    )
    market = (
        MarketDay.objects.filter(org=town, state=MarketDayState.SCHEDULED, date__gte=today)
        .order_by("date")
        .first()
    )
    _notice(
        town,
        clerk,
        leader,
        today - dt.timedelta(days=2),
        kind="market_day",
        title=f"{market.date:%m月%d日}赶场日便民服务" if market else "赶场日便民服务安排",
        body="逢赶场日上午8:00起，中心干部在集镇设点，现场受理社保、民政、农业等事项，解答政策咨询。",
        valid_from=today - dt.timedelta(days=2),
        valid_until=market.date if market else today + dt.timedelta(days=10),
        market_day=market,
    )
    _notice(
        town,
        clerk,
        leader,
        today - dt.timedelta(days=3),
        kind="agriculture",
        title="脐橙黄龙病防控技术要点",
        body="请果农及时清除病树、统一防治柑橘木虱；农技站每周三在中心农业窗口提供咨询。",
        valid_from=today - dt.timedelta(days=3),
        valid_until=today + dt.timedelta(days=30),
    )
    _notice(
        town,
        clerk,
        leader,
        today - dt.timedelta(days=60),
        kind="other",
        title="上季度城乡居民医保集中缴费（已截止）",
        body="集中缴费期已结束。",
        valid_from=today - dt.timedelta(days=60),
        valid_until=today - dt.timedelta(days=15),
    )
    _notice(
        county,
        county_admin,
        county_admin,
        today - dt.timedelta(days=5),
        kind="policy",
        title="城乡居民基础养老金标准提高",
        body="自本月起，城乡居民基础养老金每人每月提高20元，由各乡镇便民服务中心社保窗口负责核发，无需申请。",
        valid_from=today - dt.timedelta(days=5),
    )
    _mailed_case(town, clerk, today)
    return 5


def _mailed_case(town: Org, clerk: Any, today: dt.date) -> None:
    """邮寄送达: 钟大爷 of 燕子村 lives far from the center; his result was posted and he signed for it."""
    item = ServiceItem.objects.select_related("current").filter(code=MAILED_ITEM).first()
    if item is None or item.current is None:
        return
    day = today - dt.timedelta(days=6)
    materials = [m.name for m in item.current.materials.all() if m.mandatory]
    case = case_actions.register(
        actor=clerk,
        item_code=MAILED_ITEM,
        applicant={
            "kind": "person",
            "name": "钟大爷",
            "phone": "13907970818",
            "id_number": _valid("36078119480312081"),
        },
        received_materials=materials,
        mail={"address": "江西省瑞金市象湖镇燕子村九组6号", "recipient": "钟大爷", "phone": "13907970818"},
        now=_at(day, 9, 30),
    ).case
    case_actions.accept(case, actor=clerk, now=_at(day, 9, 35))
    case_actions.conclude(case, actor=clerk, result="granted", now=_at(day, 10))
    case_actions.dispatch_mail(
        case, actor=clerk, tracking_number="1187654321098", carrier="中国邮政EMS", now=_at(day, 15)
    )
    case_actions.deliver(
        case,
        actor=clerk,
        method="mail",
        collected_by="钟大爷",
        signed_on=day + dt.timedelta(days=2),
        now=_at(day + dt.timedelta(days=3), 9),
    )
