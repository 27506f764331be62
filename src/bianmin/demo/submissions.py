"""The demo's reports (报送): the seeds' reporting rules for 瑞金's county, and a month of reports sent up the
line through the real actions — 象湖镇's semi-monthly report on time, 壬田镇's late, 象湖镇's monthly report
corrected (a second submission superseding the first), 下坪村's monthly table to its town on time, and
象湖镇's running half month in draft — so the county's overview shows on time, late, corrected and missing.

Dates are relative to the day the demo is built: each report is the latest of its kind whose due date has
passed, submitted on the day it would have been. Built once: when the demo orgs have submissions, only the
rules are (idempotently) ensured.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from bianmin.demo.build import COUNTY_CODE, TOWN_CODES
from bianmin.orgs.models import Org
from bianmin.submissions import actions
from bianmin.submissions.models import ReportKind, Submission
from bianmin.submissions.selectors import DueReport, due_reports

STATION_CODE = "360781100201"  # 下坪村, the station of the demo account ``agent``
LOOK_BACK_DAYS = 75  # far enough back to find a passed due date of every kind, whatever today is

NARRATIVE = {
    "work": "本期受理、办结情况见附表。各窗口按时到岗，AB岗互补到位，赶场日增派人员延时服务。",
    "good_practice": "推行“首问负责、一次告知”，村级代办员每周集中代办一次，群众少跑腿。",
    "problems": "部分村网络不稳定，网上申报件预审偶有延迟。",
}
CORRECTED_WORK = NARRATIVE["work"] + "（更正：补录赶场日流动服务受理件，办结数相应调整。）"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _latest(rows: list[DueReport], org: Org, kind: str, before: dt.date) -> DueReport | None:
    """The report of ``kind`` ``org`` owes with the latest due date before ``before``."""
    found = [r for r in rows if r.org.pk == org.pk and r.kind == kind and r.due_date < before]
    return max(found, key=lambda r: r.due_date, default=None)


def build_submissions(now: dt.datetime | None = None) -> int:
    """Returns how many reports were submitted (0 on a second run)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    county = Org.objects.filter(code=COUNTY_CODE).first()
    orgs = {o.code: o for o in Org.objects.filter(code__in=[*TOWN_CODES, STATION_CODE])}
    if county is None or len(orgs) < 3:
        return 0
    actions.ensure_default_rules(county)
    if Submission.objects.filter(org__in=orgs.values()).exists():
        return 0
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["director", "rentian10", "agent"])
    }
    if len(users) < 3:
        return 0
    xianghu, rentian, station = orgs[TOWN_CODES[0]], orgs[TOWN_CODES[1]], orgs[STATION_CODE]
    rows = due_reports(
        [xianghu, rentian, station], today - dt.timedelta(days=LOOK_BACK_DAYS), today, today=today
    )
    # (when, what): run in the order of their days, so each center's chain follows the calendar.
    steps: list[tuple[dt.datetime, Callable[[], Any]]] = []

    def report(user: Any, org: Org, due: DueReport, when: dt.datetime, **texts: str) -> Submission:
        draft = actions.save_draft(
            actor=user,
            org=org,
            kind=due.kind,
            period_key=due.period.key,
            now=when - dt.timedelta(hours=2),
            **texts,
        )
        return actions.submit(actor=user, submission_id=draft.pk, now=when)

    def correct(user: Any, org: Org, due: DueReport) -> Submission:
        """更正: a new draft of the submitted report, its work text amended, submitted two hours later."""
        when = _at(due.due_date, 11)
        original = Submission.objects.get(
            org=org, kind=due.kind, period_key=due.period.key, state="submitted"
        )
        actions.start_correction(actor=user, submission_id=original.pk, now=when - dt.timedelta(hours=2))
        draft = actions.save_draft(
            actor=user,
            org=org,
            kind=due.kind,
            period_key=due.period.key,
            now=when - dt.timedelta(hours=1),
            **(NARRATIVE | {"work": CORRECTED_WORK}),
        )
        return actions.submit(actor=user, submission_id=draft.pk, now=when)

    director, rentian_director, agent = users["director"], users["rentian10"], users["agent"]
    # 象湖镇's latest half month, submitted on its due date (on time).
    on_time = _latest(rows, xianghu, ReportKind.SEMI_MONTHLY, today)
    if on_time is not None:
        when = _at(on_time.due_date, 10)
        steps.append((when, partial(report, director, xianghu, on_time, when, **NARRATIVE)))
    # 壬田镇's latest half month due two days ago or earlier, submitted the morning after (late).
    late = _latest(rows, rentian, ReportKind.SEMI_MONTHLY, today - dt.timedelta(days=1))
    if late is not None:
        when = _at(late.due_date + dt.timedelta(days=1), 9)
        steps.append(
            (when, partial(report, rentian_director, rentian, late, when, work="本半月办件情况见附表。"))
        )
    # 象湖镇's latest monthly report: submitted two days before it was due, corrected on its due date.
    monthly = _latest(rows, xianghu, ReportKind.MONTHLY, today)
    if monthly is not None:
        when = _at(max(monthly.period.last, monthly.due_date - dt.timedelta(days=2)), 10)
        steps.append((when, partial(report, director, xianghu, monthly, when, **NARRATIVE)))
        steps.append((_at(monthly.due_date, 11), partial(correct, director, xianghu, monthly)))
    # 下坪村's monthly table to 象湖镇 (000 篇1), handed in on its due date.
    table = _latest(rows, station, ReportKind.STATION_MONTHLY, today)
    if table is not None:
        when = _at(table.due_date, 9)
        steps.append((when, partial(report, agent, station, table, when, work="本村代办情况见附表。")))
    for _when, step in sorted(steps, key=lambda s: s[0]):
        step()
    # 象湖镇's running half month, in draft (the counter home shows it due, with its draft).
    running = [
        r
        for r in due_reports([xianghu], today, today + dt.timedelta(days=20), today=today)
        if r.kind == ReportKind.SEMI_MONTHLY and r.period.first <= today
    ]
    if running:
        actions.save_draft(
            actor=director,
            org=xianghu,
            kind=running[0].kind,
            period_key=running[0].period.key,
            now=now,
            work="（草稿）本半月受理情况待期末汇总。",
        )
    return Submission.objects.filter(org__in=orgs.values(), state="submitted").count()
