"""The demo's three-level network: items the county decides, items delegated to the village stations, and a
month of villagers' matters going village → town → county and back, written through the real actions.

Every hop of the seeds' proxy procedure is somewhere in the month (003 曾家镇全程代办制度, 000 篇1 报送/回覆,
004 委托·受理·承办·回交): a matter still at a station, one forwarded and waiting for the town to sign, one
at the county, results back with the agent to hand over, completed lives, a 帮办 case, the stations' own
delegated cases, a proxy leg overdue and a green-channel case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.catalog.actions import enable_item
from bianmin.catalog.models import DecidingLevel, ServiceItem, StationDelegation
from bianmin.orgs.models import Org

# 老年人优待证: an instant item every station of both towns accepts and concludes itself (004 第三条(二)).
DELEGATED_ITEMS = ["MZ005"]


def build_network_catalog(county: Org, towns: list[Org]) -> int:
    """Enable the county-decided items at the county center (escalations land there) and delegate the
    stations' items; idempotent. Returns how many rows were added."""
    added = 0
    county_items = ServiceItem.objects.filter(
        owner=county, current__decided_by=DecidingLevel.COUNTY, active=True
    ).exclude(enabled_at=county)
    for item in county_items:
        enable_item(item, county)
        added += 1
    for code in DELEGATED_ITEMS:
        delegated = ServiceItem.objects.filter(code=code).first()
        if delegated is None:
            continue
        for town in towns:
            _row, created = StationDelegation.objects.get_or_create(
                item=delegated, org=town, defaults={"note": "乡镇委托村(社区)便民服务站办理"}
            )
            added += int(created)
    return added


def _at(day: dt.date, minutes: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 30)) + dt.timedelta(minutes=minutes))


def network_scenarios(
    today: dt.date,
    users: dict[str, Any],
    applicant: Callable[[], dict[str, Any]],
    mandatory: Callable[[str], list[str]],
) -> list[Callable[[], None]]:
    """The month's network matters, each a scenario for ``history.build_history`` to run."""
    agent, agent2 = users["agent"], users["xianghu10"]
    clerk, handler, county_clerk = users["clerk"], users["handler"], users["county01"]
    rt_agent, rt_clerk, rt_handler = users["rentian11"], users["clerk2"], users["rentian04"]

    def day(days_ago: int) -> dt.date:
        return today - dt.timedelta(days=days_ago)

    def proxy(who: Any, code: str, days_ago: int, minute: int, *, green: str = "") -> Case:
        return actions.register(
            actor=who,
            item_code=code,
            applicant=applicant(),
            authorization={"signed_on": day(days_ago)},
            received_materials=mandatory(code),
            green_channel=green,
            now=_at(day(days_ago), minute),
        ).case

    def forward(case: Case, who: Any, days_ago: int, minute: int) -> None:
        handed = [{"material": m, "originals": 1, "copies": 1, "pages": 2} for m in mandatory(case.item.code)]
        actions.forward(case.number, actor=who, handed_over=handed, now=_at(day(days_ago), minute))

    def town_part(case: Case, who: Any, days_ago: int) -> None:
        actions.receive(case.number, actor=who, note="材料已核对", now=_at(day(days_ago), 120))
        actions.accept(case.number, actor=who, now=_at(day(days_ago), 125))

    def through_the_county(days_ago: int, *, back: bool, handed: bool) -> None:
        """残疾人证申领: the county decides; the result comes back through the town and the agent."""
        case = proxy(agent, "MZ007", days_ago, 30)
        forward(case, agent, days_ago - 1, 20)
        town_part(case, clerk, days_ago - 1)
        county_case = actions.escalate(case.number, actor=clerk, now=_at(day(days_ago - 1), 150)).value
        actions.accept(county_case.number, actor=county_clerk, now=_at(day(days_ago - 2), 60))
        actions.assign(
            county_case.number, actor=county_clerk, handler=county_clerk, now=_at(day(days_ago - 2), 70)
        )
        if not back:
            return
        actions.conclude(
            county_case.number,
            actor=county_clerk,
            result="granted",
            certificate_name="中华人民共和国残疾人证",
            certificate_number=f"36078119{days_ago:02d}0315",
            now=_at(day(days_ago - 8), 90),
        )
        actions.return_to_agent(case.number, actor=clerk, note="残疾人证一本", now=_at(day(days_ago - 9), 60))
        if handed:
            actions.hand_back(case.number, actor=agent, received_by="本人", now=_at(day(days_ago - 9), 300))

    def town_decides(who: Any, code: str, days_ago: int, *, done: bool) -> None:
        """社会保障卡申领代办: forwarded, handled by the town, back with the agent."""
        case = proxy(who, code, days_ago, 60)
        forward(case, who, days_ago, 200)
        town_part(case, clerk, days_ago - 1)
        actions.assign(case.number, actor=clerk, handler=handler, now=_at(day(days_ago - 1), 130))
        actions.conclude(case.number, actor=handler, result="granted", now=_at(day(days_ago - 3), 100))
        actions.return_to_agent(case.number, actor=clerk, now=_at(day(days_ago - 4), 40))
        if done:
            actions.hand_back(case.number, actor=who, received_by="家属代领", now=_at(day(days_ago - 4), 240))
            actions.archive(case.number, actor=clerk, now=_at(day(days_ago - 5), 30))

    def at_county_waiting() -> None:
        case = proxy(agent2, "NY005", 3, 40)
        forward(case, agent2, 2, 30)
        town_part(case, clerk, 2)
        actions.escalate(case.number, actor=clerk, now=_at(day(2), 160))

    def still_at_station() -> None:
        proxy(agent, "LB008", 0, 20)

    def forwarded_today() -> None:
        forward(proxy(agent2, "MZ007", 1, 50), agent2, 0, 10)

    def rentian_late() -> None:
        """壬田镇: forwarded twelve days ago and still being handled — the proxy leg is overdue."""
        case = proxy(rt_agent, "LB008", 12, 40, green="elderly")
        forward(case, rt_agent, 12, 120)
        actions.receive(case.number, actor=rt_clerk, now=_at(day(11), 60))
        actions.accept(case.number, actor=rt_clerk, now=_at(day(11), 65))
        actions.assign(case.number, actor=rt_clerk, handler=rt_handler, now=_at(day(11), 70))

    def helped_only() -> None:
        """帮办: no authorisation, so the villager's own application at the town."""
        actions.register(
            actor=rt_agent,
            item_code="MZ004",
            applicant=applicant(),
            received_materials=mandatory("MZ004"),
            now=_at(day(1), 200),
        )

    def at_the_station(who: Any, days_ago: int) -> None:
        """老年人优待证 at the station itself: the station's own ledger and numbering."""
        case = actions.register(
            actor=who,
            item_code="MZ005",
            applicant=applicant(),
            received_materials=mandatory("MZ005"),
            now=_at(day(days_ago), 100),
        ).case
        actions.accept(case.number, actor=who, now=_at(day(days_ago), 102))
        actions.conclude(case.number, actor=who, result="granted", now=_at(day(days_ago), 110))
        actions.deliver(
            case.number, actor=who, method="window", collected_by="本人", now=_at(day(days_ago), 112)
        )

    return [
        lambda: through_the_county(27, back=True, handed=True),
        lambda: through_the_county(14, back=True, handed=False),
        lambda: through_the_county(6, back=False, handed=False),
        lambda: town_decides(agent, "LB008", 20, done=True),
        lambda: town_decides(agent2, "LB008", 9, done=False),
        at_county_waiting,
        still_at_station,
        forwarded_today,
        rentian_late,
        helped_only,
        lambda: at_the_station(agent, 18),
        lambda: at_the_station(rt_agent, 5),
        lambda: at_the_station(users["rentian12"], 2),
    ]
