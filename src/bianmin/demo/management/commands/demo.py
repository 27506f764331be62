"""``bianmin demo``: build (or refresh) the demo network and print the demo accounts."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from bianmin.cases.audit import seal_day
from bianmin.demo.appointments import build_appointments
from bianmin.demo.archive import build_archive
from bianmin.demo.attendance import build_attendance
from bianmin.demo.build import COUNT_LABELS, build_demo, print_accounts
from bianmin.demo.bulletins import build_bulletins
from bianmin.demo.complaints import build_complaints
from bianmin.demo.consultations import build_consultations
from bianmin.demo.disclosure import build_disclosure
from bianmin.demo.duty import build_duty
from bianmin.demo.feedback import build_feedback
from bianmin.demo.fees import build_fees
from bianmin.demo.history import build_history
from bianmin.demo.leader_day import build_leader_day
from bianmin.demo.mediation import build_mediation
from bianmin.demo.notify import build_notify
from bianmin.demo.outreach import build_outreach
from bianmin.demo.performance import build_performance
from bianmin.demo.queue import build_queue
from bianmin.demo.reports import build_reports
from bianmin.demo.seals import build_seals
from bianmin.demo.submissions import build_submissions
from bianmin.demo.supervision import build_supervision
from bianmin.orgs.models import Org, OrgKind


class Command(BaseCommand):
    help = (
        "创建或更新演示数据：县级中心、乡镇便民服务中心、村便民服务站、窗口、工作人员和事项目录（可重复运行）"
    )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        # One transaction: a failure half-way leaves the database as it was, not a half-built demo.
        with transaction.atomic():
            result = build_demo()
            history = build_history()
            build_outreach()  # market days and home visits, with cases registered on them
            build_bulletins()  # after outreach: notices (one linked to the next market day), a case by post
            build_complaints()  # complaints in every channel and state, the opinion book
            build_appointments()  # the last working day's bookings (arrived, cancelled, a no-show), the next's
            build_queue()  # after appointments: the last working day's tickets at each town's hall
            build_consultations()  # the last working day's questions at each town, the FAQ on 低保 published
            build_mediation()  # after outreach: a month of disputes per town in every state, one on a market day
            build_leader_day()  # 督办 and its replies, a pending extension request (批示: in the history)
            build_supervision()  # the month's cards: swept, some confirmed, one dismissed
            build_feedback()  # ratings at the windows and online, 差评 with rectifications in each state
            build_duty()  # rotations, this month's and next month's rosters with logs and a swap, meetings
            build_attendance()  # a month of sign-ins, trips, leave in every state on each town's table
            build_performance()  # after attendance: the month scored by 003 曾家镇's table, manual entries
            build_submissions()  # the county's reporting rules; reports on time, late, corrected, a station's
            build_disclosure()  # the previous quarter: a few cases concluded in it, published as 办结公告
            build_seals()  # after the history: each town's seals, a month of uses on concluded cases, a handover
            build_fees()  # after every builder that makes cases: a month of fees collected, waived, refunded, days closed
            build_archive()  # after the cases are archived: boxes, loans in every state (one overdue), a disposal
            build_reports()  # last: the statistics' daily rollups of every day built above, through yesterday
            build_notify()  # the outbox: the ledger harvested, delivered through stand-in channels
        # Printed after the commit, so the accounts shown are accounts that exist.
        print_accounts(self.stdout)
        self.stdout.write(
            f"演示数据就绪：组织 {result['orgs']} 个，窗口 {result['windows']} 个，"
            f"工作人员 {result['staff']} 名，窗口岗位 {result['window_posts']} 个，"
            f"事项 {result['items']} 项。"
        )
        if history:
            self.stdout.write(f"已生成近一个月的办件记录 {history} 件。")
        sealed = _seal_past_days()
        if sealed:
            self.stdout.write(f"已封存历史办件留痕 {sealed} 个中心日（与每日定时封存相同）。")
        created, updated = _counts(result["created"]), _counts(result["updated"])
        self.stdout.write(f"本次新建：{created}；本次更新：{updated}。")


def _counts(counts: dict[str, int]) -> str:
    return "，".join(f"{COUNT_LABELS.get(k, k)} {v}" for k, v in counts.items()) or "无"


def _seal_past_days(days: int = 40) -> int:
    """Seal the history's days as the nightly ``audit_seal`` would have, oldest first (each seal's chain
    tails follow the one before); days sealed already are left as they were."""
    now = timezone.now()
    today = timezone.localdate(now)
    centers = list(Org.objects.exclude(kind=OrgKind.VILLAGE).order_by("path"))
    created = 0
    for back in range(days, 0, -1):
        for org in centers:
            created += seal_day(org, today - dt.timedelta(days=back), now)[1]
    return created
