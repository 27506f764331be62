"""The demo's attendance and leave: a month of morning and afternoon sign-ins at both towns (mostly on
time, some late, a few missed), trips out, and leave in every state — 象湖镇 on 003 太湖乡's approval table,
壬田镇 on 003 曾家镇's — all through the actions, each on its own day's clock; then the month's empty-window
alerts (空岗提醒) as the periodic command keeps them, one acknowledged by the director.

Built once: when the demo towns' staff already have sign-ins, nothing is added.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from bianmin.attendance import actions
from bianmin.attendance.models import ApproverRole, EmptyWindowAlert, LeaveApprover, SignIn
from bianmin.attendance.schedule import hours_on, session_bounds
from bianmin.orgs.models import Org, Staff
from bianmin.workdays.services import add_workdays, is_workday

# Per town: the seeds' table it runs on, its director, its 分管领导.
TOWNS = {
    "360781100": {"preset": "taihu", "director": "director", "deputy": "leader"},
    "360781101": {"preset": "zengjia", "director": "rentian10", "deputy": ""},
}
DAYS_BACK = 30


def _user(username: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username=username)


def _sign_month(
    org: Org, today: dt.date, now: dt.datetime, rng: random.Random, skip: set[tuple[int, dt.date]]
) -> int:
    created = 0
    members = list(Staff.objects.filter(org=org).select_related("user").order_by("pk"))
    day = today - dt.timedelta(days=DAYS_BACK)
    while day <= today:
        if is_workday(day, org.region_code):
            hours = hours_on(org, day)
            for member in members:
                if (member.pk, day) in skip:
                    continue
                for session in ("am", "pm"):
                    begins, ends = session_bounds(hours, day, session)
                    if begins > now:
                        continue
                    roll = rng.random()
                    if roll < 0.03 and day < today:
                        continue  # missed: an absent half day
                    if roll < 0.06:
                        at = begins + dt.timedelta(minutes=rng.randint(3, 40))  # late
                    else:
                        at = begins - dt.timedelta(minutes=rng.randint(2, 25))
                    out = None
                    if day < today and rng.random() < 0.02:
                        out = ends - dt.timedelta(minutes=rng.randint(20, 60))  # left early
                    SignIn.objects.create(
                        staff=member, day=day, session=session, signed_in_at=at, signed_out_at=out
                    )
                    created += 1
        day += dt.timedelta(days=1)
    return created


def _leave(username: str, kind: str, first: dt.date, last: dt.date, reason: str, asked: dt.datetime, **extra):  # type: ignore[no-untyped-def]
    return actions.request_leave(
        _user(username),
        kind=kind,
        start_day=first,
        start_session=extra.pop("start_session", "am"),
        end_day=last,
        end_session=extra.pop("end_session", "pm"),
        reason=reason,
        sick_record=extra.pop("sick_record", ""),
        now=asked,
    )


def build_attendance(now: dt.datetime | None = None) -> int:
    """Sign-ins, trips and leave for the demo month; the number of sign-ins created."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    orgs = {o.code: o for o in Org.objects.filter(code__in=TOWNS)}
    if not orgs or SignIn.objects.filter(staff__org__in=orgs.values()).exists():
        return 0
    rng = random.Random(11)
    for code, conf in TOWNS.items():
        org = orgs.get(code)
        if org is None:
            continue
        actions.load_policy(org, conf["preset"])
        if conf["deputy"]:
            LeaveApprover.objects.get_or_create(org=org, role=ApproverRole.DEPUTY, user=_user(conf["deputy"]))

    def workday(n: int) -> dt.date:
        """The n-th working day before today (n > 0) or after it (n < 0)."""
        if n < 0:
            return add_workdays(today, -n).date
        day = today
        for _step in range(n):
            day -= dt.timedelta(days=1)
            while not is_workday(day):
                day -= dt.timedelta(days=1)
        return day

    def clock(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    skip: set[tuple[int, dt.date]] = set()
    xianghu, rentian = orgs.get("360781100"), orgs.get("360781101")
    if xianghu is not None:
        # a day's 事假, approved by the director the day before (太湖乡: 一天以内中心主任)
        first = workday(12)
        leave = _leave(
            "xianghu02", "personal", first, first, "孩子学校家长会", clock(first - dt.timedelta(days=2), 9)
        )
        actions.approve_leave(
            _user("director"), leave, now=clock(first - dt.timedelta(days=2), 10), note="同意"
        )
        # two days' 病假 with its record, approved by the 分管领导 (一天以上三天以内)
        first, last = workday(8), workday(7)
        sick = _leave(
            "xianghu05",
            "sick",
            first,
            last,
            "急性肠胃炎住院",
            clock(first, 7, 30),
            sick_record="瑞金市人民医院住院病历",
        )
        actions.approve_leave(
            _user("leader"), sick, now=clock(first, 7, 50), note="安心养病，GT 窗口由 B 岗顶岗"
        )
        # a day asked on the day and approved at noon: 未履行请假手续的一律作旷工处理 (the morning)
        first = workday(5)
        late = _leave("xianghu04", "personal", first, first, "家中老人就医", clock(first, 9, 30))
        actions.approve_leave(_user("director"), late, now=clock(first, 12, 5), note="下次须提前请假")
        # four days next week, waiting for the 党委书记 (三天以上一周以内)
        _leave("xianghu09", "annual", workday(-5), workday(-8), "年休假探亲", clock(today, 8, 10))
        for username, day in (("xianghu02", workday(12)), ("xianghu04", workday(5))):
            skip.add((_user(username).staff.pk, day))
        for day in (workday(8), workday(7)):
            skip.add((_user("xianghu05").staff.pk, day))
    if rentian is not None:
        # half a day approved by the center head (曾家镇: 半天以上由中心负责人审批)
        first = workday(10)
        half = _leave(
            "rentian03",
            "personal",
            first,
            first,
            "办理房产过户",
            clock(first - dt.timedelta(days=1), 16),
            end_session="am",
        )
        actions.approve_leave(_user("rentian10"), half, now=clock(first - dt.timedelta(days=1), 17))
        # approved after it began: 未按规定提交请假条 (one point, not an absence)
        first = workday(3)
        note = _leave("rentian05", "personal", first, first, "家中漏水抢修", clock(first, 8, 40))
        actions.approve_leave(_user("rentian10"), note, now=clock(first, 10))
        skip.add((_user("rentian05").staff.pk, workday(3)))
    created = 0
    for org in orgs.values():
        created += _sign_month(org, today, now, rng, skip)
    # a trip out under way today, if the hall is open (中途外出注明事由)
    if (
        xianghu is not None
        and is_workday(today)
        and SignIn.objects.filter(staff__user__username="xianghu06", day=today).exists()
    ):
        actions.start_trip(_user("xianghu06"), "赴下坪村林区现场核查采伐", now)
    if xianghu is not None:
        # a leave asked and taken back (撤回) before the director decided
        first = workday(-3)
        withdrawn = _leave("xianghu03", "personal", first, first, "陪同家人体检", clock(today, 8, 5))
        actions.withdraw_leave(_user("xianghu03"), withdrawn, now=clock(today, 8, 6), note="改为周末")
    # the month's 空岗提醒, as ``bianmin attendance_alerts`` run every few minutes would have kept them;
    # the director has acknowledged the first one at 象湖镇
    for org in orgs.values():
        actions.record_empty_window_alerts(org, now, since=today - dt.timedelta(days=DAYS_BACK))
    first_alert = EmptyWindowAlert.objects.filter(org=xianghu).order_by("day", "session").first()
    if first_alert is not None:
        actions.acknowledge_alert(
            _user("director"),
            first_alert,
            now=first_alert.since + dt.timedelta(hours=1),
            note="已电话通知B岗到岗",
        )
    return created
