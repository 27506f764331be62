"""The demo's public disclosure (办结公告, 000 篇7 办事结果每季度滚动性向群众公开).

The running quarter needs nothing: its page counts the history's concluded cases live. The history reaches
back a month only, so the previous quarter would be empty; here 象湖镇 and 壬田镇 get a few cases
registered in its first two months and concluded in it, through the case actions like the history's (the
history's applicants, on working days, in office hours): instant ones, 承诺件 granted on time, one denied,
one concluded late, most rated at the window. The quarter is then frozen for every center that concluded
something in it, at the moment the quarterly ``disclosure_publish`` runs (the second day of the running
quarter), so the archive lists it.

Built once: when the previous quarter is published already, nothing is added.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from stdnum.cn import ric

from bianmin.cases import actions
from bianmin.cases.models import Case
from bianmin.catalog.models import ServiceItem
from bianmin.demo.build import COUNTY_CODE, TOWN_CODES
from bianmin.demo.history import APPLICANTS
from bianmin.disclosure.actions import publish_centers
from bianmin.disclosure.models import Disclosure
from bianmin.disclosure.selectors import previous_quarter
from bianmin.feedback.actions import rate
from bianmin.lib.periods import Period, quarter_of
from bianmin.orgs.models import Org
from bianmin.workdays.services import get_calendar

# (town, item, days into the quarter, how it ends, rating at the window or None)
CASES: list[tuple[str, str, int, str, int | None]] = [
    (TOWN_CODES[0], "ZH001", 5, "instant", 1),
    (TOWN_CODES[0], "MZ004", 12, "granted", 2),
    (TOWN_CODES[0], "NY004", 20, "granted", 1),
    (TOWN_CODES[0], "ZH001", 33, "instant", None),
    (TOWN_CODES[0], "LB003", 38, "denied", 3),
    (TOWN_CODES[0], "MZ006", 45, "late", 4),
    (TOWN_CODES[1], "ZH001", 9, "instant", 1),
    (TOWN_CODES[1], "MZ004", 27, "granted", 2),
]
CLERKS = {TOWN_CODES[0]: ("clerk", "handler"), TOWN_CODES[1]: ("clerk2", "clerk2")}


def _valid(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _mandatory(item: ServiceItem) -> list[str]:
    assert item.current is not None
    return [m.name for m in item.current.materials.all() if m.mandatory]


def build_disclosure(now: dt.datetime | None = None) -> int:
    """The previous quarter's concluded cases and its snapshots; returns the snapshots written (0 when the
    quarter is published already)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    running = quarter_of(today)
    quarter = previous_quarter(running)
    towns = {o.code: o for o in Org.objects.filter(code__in=TOWN_CODES)}
    if len(towns) < len(TOWN_CODES) or Disclosure.objects.filter(quarter=quarter.key).exists():
        return 0
    _conclude_cases(quarter, towns)
    # The quarterly cron's moment: 02:00 on the running quarter's second day (or now, if that is later).
    published_at = min(now, _at(running.first + dt.timedelta(days=1), 2))
    written, _kept = publish_centers(quarter, now=published_at)
    return written


def _conclude_cases(quarter: Period, towns: dict[str, Org]) -> None:
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["clerk", "handler", "clerk2"])
    }
    items = {
        i.code: i
        for i in ServiceItem.objects.filter(code__in={c[1] for c in CASES})
        .select_related("current")
        .prefetch_related("current__materials")
    }
    calendar = get_calendar(COUNTY_CODE)

    def workday(day: dt.date) -> dt.date:
        while not calendar.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    for n, (code, item, days_in, ending, level) in enumerate(CASES):
        clerk, handler = (users[name] for name in CLERKS[code])
        day = workday(quarter.first + dt.timedelta(days=days_in))
        name, number = APPLICANTS[n % len(APPLICANTS)]
        case = actions.register(
            actor=clerk,
            item_code=item,
            received_materials=_mandatory(items[item]),
            now=_at(day, 9, 10 + n),
            applicant={
                "kind": "person",
                "name": name,
                "id_number": _valid(number),
                "phone": f"1390797{3100 + n * 7:04d}",
            },
        ).case
        case = actions.accept(case, actor=clerk, now=_at(day, 9, 20 + n)).case
        done = day
        if ending != "instant":
            actions.assign(case, actor=clerk, handler=handler, now=_at(day, 10))
            assert case.due_date is not None
            # on time: two working days on; late: two working days after the due date
            done = calendar.add_workdays(case.due_date if ending == "late" else day, 2).date
        result = "denied" if ending == "denied" else "granted"
        reason = "家庭人均收入高于当地最低生活保障标准" if result == "denied" else ""
        actor = clerk if ending == "instant" else handler
        actions.conclude(case, actor=actor, result=result, reason=reason, now=_at(done, 15))
        actions.deliver(case, actor=clerk, method="window", collected_by="本人", now=_at(done, 16))
        if level is not None:
            # 一次一评: the visit to collect the result, rated on the window's evaluator.
            case = Case.objects.get(pk=case.pk)
            rate(
                case,
                level=level,
                channel="tablet",
                occasion="delivery",
                window=case.window,
                staff=clerk,
                comment="" if level < 4 else "办理时间超过了承诺时限",
                now=_at(done, 16, 5),
            )
